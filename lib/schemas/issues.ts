// zod issues as the API's field issues (the shape forms and the HTTP API share).
import type { z } from "zod";
import type { FieldIssue } from "@/lib/app-error";

/**
 * One FieldIssue per zod issue: the path joined with "." (`extraRules.0.regexp`; "" for the
 * whole value). Custom issues keep the engine's `code` and `at` (the character position).
 */
export function toFieldIssues(error: z.core.$ZodError): FieldIssue[] {
  return error.issues.map((issue) => {
    const field = issue.path.map(String).join(".");
    const params: Record<string, unknown> | undefined = issue.code === "custom" ? issue.params : undefined;
    const code = typeof params?.code === "string" ? params.code : issue.code;
    const at = typeof params?.at === "number" ? params.at : undefined;
    return at === undefined
      ? { field, code, message: issue.message }
      : { field, code, message: issue.message, at };
  });
}
