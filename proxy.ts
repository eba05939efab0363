// Next 16 proxy (formerly middleware): a per-request CSP nonce for pages, the page path for
// the root layout's access check, and the sign-in redirect for browsers without a session
// cookie. Only an optimistic cookie check lives here; the layout and every route handler
// verify the session against the database.
import { NextResponse, type NextRequest } from "next/server";
import { SESSION_COOKIE } from "@/lib/auth/cookie";
import { isPublicPage } from "@/lib/roles";

/** Request headers the root layout reads. */
export const PATH_HEADER = "x-enum-console-path";
export const NONCE_HEADER = "x-nonce";

export function proxy(req: NextRequest): NextResponse {
  const { pathname, search } = req.nextUrl;
  const signedIn = req.cookies.get(SESSION_COOKIE)?.value !== undefined;
  if (!signedIn && !isPublicPage(pathname)) {
    // A clone of nextUrl keeps the host the browser used (Host / X-Forwarded-Host).
    const target = req.nextUrl.clone();
    target.pathname = "/signin";
    target.search =
      pathname === "/" ? "" : `?${new URLSearchParams({ next: `${pathname}${search}` }).toString()}`;
    return NextResponse.redirect(target);
  }
  const nonce = btoa(crypto.randomUUID());
  const csp = toContentSecurityPolicy(nonce, process.env.NODE_ENV !== "production");
  const headers = new Headers(req.headers);
  headers.set(PATH_HEADER, `${pathname}${search}`);
  headers.set(NONCE_HEADER, nonce);
  // Next reads the nonce from the request's CSP header and puts it on its own scripts.
  headers.set("Content-Security-Policy", csp);
  const res = NextResponse.next({ request: { headers } });
  res.headers.set("Content-Security-Policy", csp);
  return res;
}

/**
 * The pages' CSP: scripts only from this origin or carrying this response's nonce
 * ('strict-dynamic' lets those load Next's chunks); inline styles are allowed because
 * Mantine writes its CSS variables and component styles inline; no framing, no plugins,
 * forms and base URLs only to this origin. Development adds 'unsafe-eval' (React's dev
 * tools and Turbopack's HMR need it).
 */
export function toContentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export const config = {
  // Pages only: route handlers check sessions and tokens themselves (401 JSON, not a redirect),
  // and static files need neither.
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico|icon.svg|robots.txt).*)"],
};
