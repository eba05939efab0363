// zod schema for zone settings updates, shared by the settings form and PUT /api/settings.
import { z } from "zod";
import type { Profile } from "@/lib/enum/profile";
import { mailboxSchema, toDomainNameSchema, toHostNameSchema, toTimerSchema, versionSchema } from "./fields";

/** RFC 1035 §4.2.1 / common practice: a referral fits 13 NS names in a 512-byte reply. */
export const MAX_NS_NAMES = 13;

const PROFILE_VALUES = ["sprout", "rfc"] as const satisfies readonly Profile[];

const settingsFields = {
  zoneSuffix: toDomainNameSchema("the zone suffix"),
  defaultTtl: toTimerSchema("The default TTL"),
  soaPrimaryNs: toHostNameSchema("the primary name server"),
  soaAdminMailbox: mailboxSchema,
  soaRefresh: toTimerSchema("The SOA refresh"),
  soaRetry: toTimerSchema("The SOA retry"),
  soaExpire: toTimerSchema("The SOA expire"),
  soaMinimum: toTimerSchema("The SOA minimum"),
  nsNames: z
    .array(toHostNameSchema("each name server"))
    .min(1, { error: "List at least one name server." })
    .max(MAX_NS_NAMES, { error: `List at most ${MAX_NS_NAMES} name servers.` })
    .superRefine((names, ctx) => {
      const seen = new Set<string>();
      names.forEach((name, index) => {
        const key = name.toLowerCase();
        if (seen.has(key)) {
          ctx.addIssue({
            code: "custom",
            message: `${name} is listed twice.`,
            path: [index],
            params: { code: "ns-duplicate" },
          });
        }
        seen.add(key);
      });
    }),
  profile: z.enum(PROFILE_VALUES, { error: 'The profile is "sprout" or "rfc".' }),
};

/**
 * A settings update: any subset of the zone settings plus the `version` it was based on.
 * Host names and the zone suffix lose a trailing dot; the mailbox is RFC 1035 §8 form.
 */
export const settingsUpdateSchema = z.object(settingsFields).partial().extend({ version: versionSchema });

/** A parsed settings update, ready for lib/db. */
export type SettingsUpdateValues = z.output<typeof settingsUpdateSchema>;
