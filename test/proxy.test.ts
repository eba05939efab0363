// proxy.ts: sign-in redirect without a session cookie, and a fresh CSP nonce per page request.
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { PATH_HEADER, proxy } from "@/proxy";
import { SESSION_COOKIE } from "@/lib/auth/cookie";

function page(path: string, cookie?: string): NextRequest {
  return new NextRequest(`http://127.0.0.1:3000${path}`, {
    headers: cookie === undefined ? {} : { Cookie: `${SESSION_COOKIE}=${cookie}` },
  });
}

describe("proxy", () => {
  it("sends a browser without a session cookie to /signin with the page it wanted", () => {
    const res = proxy(page("/blocks?number=%2B1650"));
    expect(res.status).toBe(307);
    expect(
      new URL(res.headers.get("location")!).pathname + new URL(res.headers.get("location")!).search,
    ).toBe("/signin?next=%2Fblocks%3Fnumber%3D%252B1650");
  });

  it("lets /signin and /setup through without a cookie", () => {
    expect(proxy(page("/signin")).headers.get("location")).toBeNull();
    expect(proxy(page("/setup")).headers.get("location")).toBeNull();
  });

  it("gives each page response its own nonce in a CSP that forbids framing", () => {
    const first = proxy(page("/blocks", "secret")).headers.get("content-security-policy") ?? "";
    const second = proxy(page("/blocks", "secret")).headers.get("content-security-policy") ?? "";
    expect(first).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(first).toContain("frame-ancestors 'none'");
    expect(first).toContain("style-src 'self' 'unsafe-inline'");
    expect(first).not.toBe(second);
    // The layout learns the path it renders from the forwarded request headers.
    expect(proxy(page("/users", "secret")).headers.get(`x-middleware-request-${PATH_HEADER}`)).toBe("/users");
  });
});
