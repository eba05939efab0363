// zod schema for GET /api/dns/status's query string (browser-safe).
import { z } from "zod";

/** Log rows the status sends at most. */
export const MAX_QUERY_LOG_ROWS = 2_000;

/** `?rcode=NXDOMAIN&limit=200&top=20`: rcode filters the query log ("DROPPED" for dropped messages). */
export const dnsStatusQuerySchema = z.preprocess(
  (value) =>
    value instanceof URLSearchParams
      ? Object.fromEntries([...value.entries()].filter(([, v]) => v !== ""))
      : value,
  z.object({
    rcode: z
      .string()
      .trim()
      .regex(/^[A-Za-z]{1,16}$/, { error: "rcode is a response code name such as NXDOMAIN." })
      .transform((v) => v.toUpperCase())
      .optional(),
    limit: z.coerce
      .number()
      .int({ error: "limit is a whole number." })
      .min(1, { error: "limit is at least 1." })
      .max(MAX_QUERY_LOG_ROWS, { error: `limit is at most ${MAX_QUERY_LOG_ROWS}.` })
      .default(200),
    top: z.coerce
      .number()
      .int({ error: "top is a whole number." })
      .min(1, { error: "top is at least 1." })
      .max(100, { error: "top is at most 100." })
      .default(20),
  }),
);

/** The parsed status query. */
export type DnsStatusQuery = z.infer<typeof dnsStatusQuerySchema>;
