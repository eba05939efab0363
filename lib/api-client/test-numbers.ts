// The test plan over HTTP: saved numbers, runs, CSV upload/download and the re-route check
// of a proposed block change (browser-safe).
import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import type {
  ImportMode,
  TestNumberImportPlan,
  TestNumberImportResult,
  TestNumberInput,
  TestNumberListQuery,
  TestNumberRecord,
  TestNumberUpdate,
} from "@/lib/db/types";
import type {
  BlockImpact,
  BlockImpactRequestInput,
  TestNumberOutcome,
  TestNumberResultPage,
  TestPlanRun,
} from "@/lib/schemas/test-numbers";
import { requestJson } from "./request";

export type {
  BlockImpact,
  BlockImpactRequestInput,
  TestNumberOutcome,
  TestNumberResult,
  TestNumberResultPage,
  TestPlanRun,
} from "@/lib/schemas/test-numbers";
export type { Reroute, TestResult } from "@/lib/enum/test-plan";
export type {
  TestNumberImportPlan,
  TestNumberImportResult,
  TestNumberInput,
  TestNumberRecord,
  TestNumberUpdate,
  TestPlanCsvError,
} from "@/lib/db/types";

/**
 * Query keys of the test plan. Saved numbers' results depend on the rules too, so block
 * changes should invalidate `all`; the /tests page also refetches on mount.
 */
export const testNumberKeys = {
  all: ["test-numbers"] as const,
  lists: () => [...testNumberKeys.all, "list"] as const,
  list: (query: TestNumberListQuery) => [...testNumberKeys.lists(), query] as const,
  impacts: () => [...testNumberKeys.all, "impact"] as const,
  impact: (request: BlockImpactRequestInput) => [...testNumberKeys.impacts(), request] as const,
};

/** The path of the test plan CSV download. */
export const TEST_PLAN_CSV_PATH = "/api/test-numbers/csv";

/** One page of saved numbers with their current results; the previous page stays while the next loads. */
export function testNumbersQueryOptions(query: TestNumberListQuery) {
  const search = new URLSearchParams({ page: String(query.page), pageSize: String(query.pageSize) });
  if (query.search !== undefined && query.search !== "") search.set("search", query.search);
  return queryOptions({
    queryKey: testNumberKeys.list(query),
    queryFn: ({ signal }) =>
      requestJson<TestNumberResultPage>(`/api/test-numbers?${search.toString()}`, { signal }),
    placeholderData: keepPreviousData,
  });
}

/**
 * The saved numbers a proposed block change would re-route (nothing is saved). Fresh for a
 * few seconds: the answer depends on the rules and the plan, which other people change.
 */
export function blockImpactQueryOptions(request: BlockImpactRequestInput) {
  return queryOptions({
    queryKey: testNumberKeys.impact(request),
    queryFn: ({ signal }) =>
      requestJson<BlockImpact>("/api/blocks/impact", { method: "POST", json: request, signal }),
    staleTime: 5_000,
  });
}

/** Saves a number (201); 422 with field issues (`at` in the number), 409 when it is saved already. */
export function createTestNumber(input: TestNumberInput): Promise<TestNumberRecord> {
  return requestJson<TestNumberRecord>("/api/test-numbers", { method: "POST", json: input });
}

/** Changes a saved number's fields. */
export function updateTestNumber(id: string, update: TestNumberUpdate): Promise<TestNumberRecord> {
  return requestJson<TestNumberRecord>(toTestNumberPath(id), { method: "PATCH", json: update });
}

/** Removes a saved number (404 when already gone). */
export async function deleteTestNumber(id: string): Promise<void> {
  await requestJson<undefined>(toTestNumberPath(id), { method: "DELETE" });
}

/** What the current rules do with one number, as an expected result ("use current result"). */
export function findCurrentOutcome(number: string): Promise<TestNumberOutcome> {
  return requestJson<TestNumberOutcome>("/api/test-numbers/outcome", { method: "POST", json: { number } });
}

/** Evaluates every saved number against the current rules. */
export function runTestPlan(): Promise<TestPlanRun> {
  return requestJson<TestPlanRun>("/api/test-numbers/run", { method: "POST" });
}

/** The dry run of a CSV upload: added, changed, removed, unchanged, and every bad line. */
export function planTestPlanUpload(text: string | Blob, mode: ImportMode): Promise<TestNumberImportPlan> {
  return requestJson<TestNumberImportPlan>(toUploadPath(mode, true), {
    method: "POST",
    body: text,
    headers: { "Content-Type": "text/csv" },
  });
}

/** Applies a CSV upload all or nothing (422 listing the bad lines). */
export function applyTestPlanUpload(text: string | Blob, mode: ImportMode): Promise<TestNumberImportResult> {
  return requestJson<TestNumberImportResult>(toUploadPath(mode, false), {
    method: "POST",
    body: text,
    headers: { "Content-Type": "text/csv" },
  });
}

function toUploadPath(mode: ImportMode, dryRun: boolean): string {
  return `${TEST_PLAN_CSV_PATH}?${new URLSearchParams({ mode, dryRun: String(dryRun) }).toString()}`;
}

function toTestNumberPath(id: string): string {
  return `/api/test-numbers/${encodeURIComponent(id)}`;
}
