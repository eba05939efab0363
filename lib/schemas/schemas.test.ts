import { describe, expect, it } from "vitest";
import { toFieldIssues } from "./issues";
import { toNumberBlockInputSchema, toNumberBlockUpdateSchema } from "./number-block";
import { blockListQuerySchema, importRequestSchema } from "./queries";
import { settingsUpdateSchema } from "./settings";

const SIP = "!(^.*$)!sip:\\1@example.com!";

/** The field issues of a failed parse (or [] when it passed). */
function toIssues(result: { success: boolean; error?: Parameters<typeof toFieldIssues>[0] }) {
  return result.error ? toFieldIssues(result.error) : [];
}

describe("toNumberBlockInputSchema", () => {
  it("applies the defaults and trims the name", () => {
    expect(toNumberBlockInputSchema("sprout").parse({ name: " Trunk ", prefix: "", regex: SIP })).toEqual({
      name: "Trunk",
      prefix: "",
      regex: SIP,
      enumservice: "E2U+sip",
      extraRules: [],
      enabled: true,
      notes: "",
    });
  });

  it.each([
    ["+1650555", true],
    ["212555", true],
    ["", true],
    ["+", true],
    ["1+2", false],
    ["212 555", false],
    ["(212)", false],
    ["++1", false],
  ])("prefix %j is canonical: %s", (prefix, valid) => {
    const result = toNumberBlockInputSchema("sprout").safeParse({ name: "x", prefix, regex: SIP });
    expect(result.success).toBe(valid);
  });

  it.each([
    // [regex, profile, issue code, at]
    ["!+1(^.*$)!sip:\\1@ngv.example.com!", "sprout", "bad-repeat", 1],
    ["!+1(^.*$)!sip:\\1@ngv.example.com!", "rfc", "bad-repeat", 1],
    ["!(\\+^.*$)!sip:\\1@x!", "sprout", null, null],
    ["!^(.*)$!sip:\\2@x!", "rfc", "backref-range", 12],
    ["", "sprout", "regex-empty", 0],
    ["!a!b!c!", "sprout", "regex-split", 5],
  ] as const)("regex %j under %s -> %s at %s", (regex, profile, code, at) => {
    const issues = toIssues(toNumberBlockInputSchema(profile).safeParse({ name: "x", prefix: "1", regex }));
    if (code === null) expect(issues).toEqual([]);
    else expect(issues).toEqual([expect.objectContaining({ field: "regex", code, at })]);
  });

  it.each([
    ["E2U+sip", true],
    ["E2U+pstn:tel", true],
    ["e2u+SIP", true],
    ["E2U+pstn:sip+sip", true],
    ["E2U", false],
    ["sip", false],
    ["E2U+", false],
    ["E2U+pstn:", false],
    ["E2U+a_b", false],
  ])("enumservice %j valid: %s", (enumservice, valid) => {
    const result = toNumberBlockInputSchema("sprout").safeParse({
      name: "x",
      prefix: "1",
      regex: SIP,
      enumservice,
    });
    expect(result.success).toBe(valid);
  });

  it("checks extra rules field by field", () => {
    const rule = {
      order: 1,
      preference: 10,
      flags: "u",
      service: "E2U+pstn:tel",
      regexp: SIP,
      replacement: ".",
    };
    const schema = toNumberBlockInputSchema("sprout");
    expect(schema.safeParse({ name: "x", prefix: "1", regex: SIP, extraRules: [rule] }).success).toBe(true);
    const issues = toIssues(
      schema.safeParse({
        name: "x",
        prefix: "1",
        regex: SIP,
        extraRules: [rule, { ...rule, order: -1, flags: "u!", regexp: "!a(!b!", replacement: "a..b" }],
      }),
    );
    expect(issues.map((i) => i.field).sort()).toEqual([
      "extraRules.1.flags",
      "extraRules.1.order",
      "extraRules.1.regexp",
      "extraRules.1.replacement",
    ]);
    expect(issues.find((i) => i.field === "extraRules.1.regexp")?.at).toBe(2);
    const tooMany = toIssues(
      schema.safeParse({
        name: "x",
        prefix: "1",
        regex: SIP,
        extraRules: Array.from({ length: 21 }, () => rule),
      }),
    );
    expect(tooMany.map((i) => i.field)).toEqual(["extraRules"]);
  });

  it("limits name, notes and the regexp's DNS length", () => {
    const issues = toIssues(
      toNumberBlockInputSchema("sprout").safeParse({
        name: "n".repeat(201),
        prefix: "1",
        regex: `!(^.*$)!sip:\\1@${"a".repeat(250)}.example.com!`,
        notes: "x".repeat(10_001),
      }),
    );
    expect(issues.map((i) => `${i.field}:${i.code}`).sort()).toEqual([
      "name:too_big",
      "notes:too_big",
      "regex:regex-too-long",
    ]);
  });
});

describe("toNumberBlockUpdateSchema", () => {
  it("takes any subset, applies no defaults and needs a version", () => {
    const schema = toNumberBlockUpdateSchema("sprout");
    expect(schema.parse({ enabled: false, version: 3 })).toEqual({ enabled: false, version: 3 });
    expect(toIssues(schema.safeParse({ enabled: false })).map((i) => i.field)).toEqual(["version"]);
    expect(toIssues(schema.safeParse({ version: 1.5 })).map((i) => i.field)).toEqual(["version"]);
  });
});

describe("settingsUpdateSchema", () => {
  it("drops trailing dots of names", () => {
    expect(
      settingsUpdateSchema.parse({ version: 1, zoneSuffix: "e164.arpa.", nsNames: ["ns1.example.com."] }),
    ).toEqual({ version: 1, zoneSuffix: "e164.arpa", nsNames: ["ns1.example.com"] });
  });

  it.each([
    ["hostmaster.e164.arpa", true],
    ["ngv\\.admin.example.com", true],
    ["ngv-admin@example.com", false],
    ["hostmaster", false],
    ["host master.example.com", false],
  ])("mailbox %j valid: %s", (soaAdminMailbox, valid) => {
    expect(settingsUpdateSchema.safeParse({ version: 1, soaAdminMailbox }).success).toBe(valid);
  });

  it.each([
    [{ defaultTtl: 0 }, true],
    [{ defaultTtl: 2147483647 }, true],
    [{ defaultTtl: 2147483648 }, false],
    [{ soaRetry: 1.5 }, false],
    [{ nsNames: Array.from({ length: 13 }, (_, i) => `ns${i}.example.com`) }, true],
    [{ nsNames: Array.from({ length: 14 }, (_, i) => `ns${i}.example.com`) }, false],
    [{ nsNames: ["ns1.example.com", "NS1.example.com"] }, false],
    [{ soaPrimaryNs: "-ns.example.com" }, false],
    [{ zoneSuffix: `${"a".repeat(64)}.arpa` }, false],
    [{ profile: "rfc" }, true],
    [{ profile: "bind" }, false],
  ])("%j valid: %s", (fields, valid) => {
    expect(settingsUpdateSchema.safeParse({ version: 1, ...fields }).success).toBe(valid);
  });
});

describe("blockListQuerySchema", () => {
  it("fills in the defaults and ignores empty values", () => {
    expect(blockListQuerySchema.parse(new URLSearchParams("name=&number="))).toEqual({
      page: 1,
      pageSize: 50,
      sort: "prefix",
      dir: "asc",
    });
  });

  it("parses every parameter", () => {
    const search = new URLSearchParams(
      "page=3&pageSize=500&sort=updated&dir=desc&name=%20Trunk%20&number=%2B1212&enabled=false&hasLints=true",
    );
    expect(blockListQuerySchema.parse(search)).toEqual({
      page: 3,
      pageSize: 500,
      sort: "updated",
      dir: "desc",
      name: "Trunk",
      number: "+1212",
      enabled: false,
      hasLints: true,
    });
  });

  it.each(["page=0", "page=x", "pageSize=501", "pageSize=2.5", "sort=id", "dir=up", "enabled=yes"])(
    "refuses %s",
    (query) => {
      expect(blockListQuerySchema.safeParse(new URLSearchParams(query)).success).toBe(false);
    },
  );
});

describe("importRequestSchema", () => {
  it("is a merge dry run by default", () => {
    expect(importRequestSchema.parse(new URLSearchParams())).toEqual({
      mode: "merge",
      dryRun: true,
      acceptRejected: false,
    });
    expect(
      importRequestSchema.parse(new URLSearchParams("mode=replace&dryRun=false&acceptRejected=1")),
    ).toEqual({
      mode: "replace",
      dryRun: false,
      acceptRejected: true,
    });
  });
});
