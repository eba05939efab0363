// zod schema for the DNS responder settings, shared by the settings card and PUT /api/dns/settings.
// CIDR and address syntax come from lib/enum/cidr.ts (pure), the same parser the responder uses.
import { z } from "zod";
import { parseCidr, parseSocketAddress } from "@/lib/enum/cidr";
import { versionSchema } from "./fields";

/** Entries per list: an allow-list longer than this belongs in a firewall. */
export const MAX_RESPONDER_LIST = 200;

/** BIND's responses-per-second has no upper bound; past this a limit stops limiting anything. */
export const MAX_RRL_RESPONSES_PER_SECOND = 100_000;

/** BIND's slip is 0-10. */
export const MAX_RRL_SLIP = 10;

/**
 * A list whose entries `parse` checks; an issue per bad entry at its index
 * (`allowQuery.2`), with the parser's code and the character position in the entry.
 */
function toListSchema(
  what: string,
  parse: (
    entry: string,
  ) => { ok: true } | { ok: false; error: { code: string; message: string; at?: number } },
) {
  return z
    .array(z.string({ error: `Send each ${what} as a string.` }).trim(), {
      error: `Send ${what}s as a list of strings.`,
    })
    .max(MAX_RESPONDER_LIST, { error: `List at most ${MAX_RESPONDER_LIST} entries.` })
    .superRefine((entries, ctx) => {
      const seen = new Set<string>();
      entries.forEach((entry, index) => {
        const parsed = parse(entry);
        if (!parsed.ok) {
          ctx.addIssue({
            code: "custom",
            message: `Entry ${index + 1}: ${parsed.error.message}`,
            path: [index],
            params: {
              code: parsed.error.code,
              ...(parsed.error.at === undefined ? {} : { at: parsed.error.at }),
            },
          });
          return;
        }
        const key = entry.toLowerCase();
        if (seen.has(key))
          ctx.addIssue({
            code: "custom",
            message: `Entry ${index + 1}: ${entry} is listed twice.`,
            path: [index],
            params: { code: "duplicate" },
          });
        seen.add(key);
      });
    });
}

const cidrList = (what: string) => toListSchema(what, parseCidr);

const responderSettingsFields = {
  allowQuery: cidrList("network"),
  allowTransfer: cidrList("network"),
  notify: toListSchema("secondary address", (entry) => parseSocketAddress(entry)),
  rrlResponsesPerSecond: z
    .number({ error: "Send responses per second as a number." })
    .int({ error: "Responses per second must be a whole number." })
    .min(0, { error: "Responses per second cannot be negative (0 turns rate limiting off)." })
    .max(MAX_RRL_RESPONSES_PER_SECOND, {
      error: `Responses per second must be at most ${MAX_RRL_RESPONSES_PER_SECOND}.`,
    }),
  rrlSlip: z
    .number({ error: "Send slip as a number." })
    .int({ error: "Slip must be a whole number." })
    .min(0, { error: "Slip cannot be negative (0 drops every limited response)." })
    .max(MAX_RRL_SLIP, { error: `Slip must be at most ${MAX_RRL_SLIP}, as in BIND.` }),
  rrlExempt: cidrList("network"),
};

/** A responder settings update: any subset of the fields plus the `version` it was based on. */
export const responderSettingsUpdateSchema = z
  .object(responderSettingsFields)
  .partial()
  .extend({ version: versionSchema });

/** A parsed responder settings update, ready for lib/db. */
export type ResponderSettingsUpdateValues = z.output<typeof responderSettingsUpdateSchema>;
