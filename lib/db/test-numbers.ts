// The test plan: saved numbers with the outcome they must keep, their CSV import and export.
// Not part of the rules: writes here publish no revision.
import { AppError, type FieldIssue } from "@/lib/app-error";
import { parseNumberCsv, toCsv } from "@/lib/csv/number-csv";
import {
  MAX_TEST_NOTE_LENGTH,
  parseExpectedOutcome,
  parseTestNumber,
  type PlannedNumber,
} from "@/lib/enum/test-plan";
import { getPrisma, getReadPrisma } from "./client";
import { Prisma, type TestNumber as TestNumberRow } from "./generated/client";
import { WRITE_TRANSACTION } from "./state";
import type {
  ImportMode,
  TestNumberImportPlan,
  TestNumberImportResult,
  TestNumberInput,
  TestNumberListQuery,
  TestNumberPage,
  TestNumberRecord,
  TestNumberUpdate,
  TestPlanCsvError,
} from "./types";

/** The CSV header the export writes (lib/csv reads it back as a header). */
export const TEST_PLAN_CSV_HEADER = ["number", "expected", "note"] as const;

/** One page of saved numbers in number order; `search` is a case-insensitive substring. */
export async function listTestNumbers(query: TestNumberListQuery): Promise<TestNumberPage> {
  const search = query.search?.trim() ?? "";
  const conditions: Prisma.Sql[] = [];
  if (search !== "") {
    // LIKE with an explicit ESCAPE: `%` and `_` in the search are literal characters.
    const pattern = `%${search.replace(/[\\%_]/g, "\\$&")}%`;
    conditions.push(
      Prisma.sql`("number" LIKE ${pattern} ESCAPE '\\' OR "expected" LIKE ${pattern} ESCAPE '\\' OR "note" LIKE ${pattern} ESCAPE '\\')`,
    );
  }
  const where =
    conditions.length === 0 ? Prisma.empty : Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}`;
  const offset = (query.page - 1) * query.pageSize;
  const { total, rows } = await getReadPrisma().$transaction(async (tx) => {
    const [count] = await tx.$queryRaw<{ count: number | bigint }[]>`
      SELECT COUNT(*) AS "count" FROM "TestNumber" ${where}`;
    const ids = await tx.$queryRaw<{ id: string }[]>`
      SELECT "id" FROM "TestNumber" ${where} ORDER BY "number" ASC LIMIT ${query.pageSize} OFFSET ${offset}`;
    const found = await tx.testNumber.findMany({ where: { id: { in: ids.map((row) => row.id) } } });
    const byId = new Map(found.map((row) => [row.id, row]));
    return { total: Number(count?.count ?? 0), rows: ids.flatMap(({ id }) => byId.get(id) ?? []) };
  });
  return { items: rows.map(toTestNumberRecord), total, page: query.page, pageSize: query.pageSize };
}

/** Every saved number in number order (runs, re-route diffs and the CSV export read them all). */
export async function listAllTestNumbers(): Promise<TestNumberRecord[]> {
  const rows = await getReadPrisma().testNumber.findMany({ orderBy: { number: "asc" } });
  return rows.map(toTestNumberRecord);
}

/** The saved numbers as a test plan for lib/enum (number and expected only). */
export async function listPlannedNumbers(): Promise<PlannedNumber[]> {
  const rows = await getReadPrisma().testNumber.findMany({
    select: { number: true, expected: true },
    orderBy: { number: "asc" },
  });
  return rows;
}

/** One saved number by id, or null. */
export async function getTestNumber(id: string): Promise<TestNumberRecord | null> {
  const row = await getReadPrisma().testNumber.findUnique({ where: { id } });
  return row === null ? null : toTestNumberRecord(row);
}

/**
 * Saves a number with its expected result. The number is stored as its canonical AUS and
 * the expected result in canonical form; letters in the number, an unknown expected result
 * or a number already saved are AppErrors with the field (and position) to fix.
 */
export async function createTestNumber(input: TestNumberInput): Promise<TestNumberRecord> {
  const values = toTestNumberValues(input);
  try {
    const row = await getPrisma().testNumber.create({ data: values });
    return toTestNumberRecord(row);
  } catch (error) {
    if (isUniqueViolation(error)) throw toDuplicateNumberError(values.number);
    throw error;
  }
}

/** Changes the fields `update` names (checked as on create); unknown id is "not-found". */
export async function updateTestNumber(id: string, update: TestNumberUpdate): Promise<TestNumberRecord> {
  const current = await getTestNumber(id);
  if (current === null) throw toNotFoundError(id);
  const values = toTestNumberValues({
    number: update.number ?? current.number,
    expected: update.expected ?? current.expected,
    note: update.note ?? current.note,
  });
  try {
    const { count } = await getPrisma().testNumber.updateMany({ where: { id }, data: values });
    if (count !== 1) throw toNotFoundError(id);
  } catch (error) {
    if (isUniqueViolation(error)) throw toDuplicateNumberError(values.number);
    throw error;
  }
  const saved = await getPrisma().testNumber.findUnique({ where: { id } });
  if (saved === null) throw toNotFoundError(id);
  return toTestNumberRecord(saved);
}

/** Deletes a saved number; an unknown id is "not-found". */
export async function deleteTestNumber(id: string): Promise<void> {
  const { count } = await getPrisma().testNumber.deleteMany({ where: { id } });
  if (count !== 1) throw toNotFoundError(id);
}

/**
 * The dry run of a CSV upload (number,expected,note; lib/csv's format): merge adds new
 * numbers and changes the expected result or note of saved ones; replace also removes
 * the saved numbers the file does not list. Every problem is listed with its line, and
 * any problem refuses the whole upload.
 */
export async function planTestNumberImport(text: string, mode: ImportMode): Promise<TestNumberImportPlan> {
  const { rows, errors } = readTestPlanCsv(text);
  const saved = await listAllTestNumbers();
  return toImportPlan(rows, errors, saved, mode);
}

/**
 * Applies a CSV upload all or nothing, in one transaction planned against the rows it
 * reads: an AppError "validation" listing every line's problem when the file has any.
 */
export async function applyTestNumberImport(text: string, mode: ImportMode): Promise<TestNumberImportResult> {
  const { rows, errors } = readTestPlanCsv(text);
  if (errors.length > 0) throw toCsvError(errors);
  return getPrisma().$transaction(async (tx) => {
    const saved = (await tx.testNumber.findMany({ orderBy: { number: "asc" } })).map(toTestNumberRecord);
    const plan = toImportPlan(rows, [], saved, mode);
    if (plan.removed.length > 0) {
      await tx.testNumber.deleteMany({ where: { id: { in: plan.removed.map((r) => r.id) } } });
    }
    for (const { before, after } of plan.changed) {
      await tx.testNumber.update({
        where: { id: before.id },
        data: { expected: after.expected, note: after.note ?? "" },
      });
    }
    if (plan.added.length > 0) {
      await tx.testNumber.createMany({
        data: plan.added.map(({ number }) => ({ ...number, note: number.note ?? "" })),
      });
    }
    return {
      added: plan.added.length,
      changed: plan.changed.length,
      removed: plan.removed.length,
      unchanged: plan.unchanged,
    };
  }, WRITE_TRANSACTION);
}

/** The whole test plan as CSV (number,expected,note), which planTestNumberImport reads back. */
export async function renderTestPlanCsv(): Promise<string> {
  const numbers = await listAllTestNumbers();
  return toCsv(
    TEST_PLAN_CSV_HEADER,
    numbers.map((n) => [n.number, n.expected, n.note]),
  );
}

/** A CSV row checked and normalised, with its line. */
interface TestPlanRow {
  readonly line: number;
  readonly number: Required<TestNumberInput>;
}

/**
 * Reads a test plan CSV: every row needs a number (digits, separators, a leading `+`) and
 * an expected result; a number listed twice is an error at its second line.
 */
export function readTestPlanCsv(text: string): { rows: TestPlanRow[]; errors: TestPlanCsvError[] } {
  const parsed = parseNumberCsv(text);
  const errors: TestPlanCsvError[] = [...parsed.issues];
  const rows: TestPlanRow[] = [];
  const firstLine = new Map<string, number>();
  for (const row of parsed.rows) {
    const number = parseTestNumber(row.number);
    if (!number.ok) {
      errors.push({ line: row.line, column: 1, message: `number: ${number.error.message}` });
      continue;
    }
    if (row.expected === null) {
      errors.push({ line: row.line, column: 2, message: "the expected result is missing (second column)" });
      continue;
    }
    const expected = parseExpectedOutcome(row.expected);
    if (!expected.ok) {
      errors.push({ line: row.line, column: 2, message: `expected: ${expected.error.message}` });
      continue;
    }
    if (row.note.length > MAX_TEST_NOTE_LENGTH) {
      errors.push({
        line: row.line,
        column: 3,
        message: `the note is longer than ${MAX_TEST_NOTE_LENGTH} characters`,
      });
      continue;
    }
    const earlier = firstLine.get(number.value);
    if (earlier !== undefined) {
      errors.push({
        line: row.line,
        column: 1,
        message: `${number.value} is already listed on line ${earlier}`,
      });
      continue;
    }
    firstLine.set(number.value, row.line);
    rows.push({ line: row.line, number: { number: number.value, expected: expected.value, note: row.note } });
  }
  errors.sort((a, b) => a.line - b.line);
  return { rows, errors };
}

function toImportPlan(
  rows: readonly TestPlanRow[],
  errors: readonly TestPlanCsvError[],
  saved: readonly TestNumberRecord[],
  mode: ImportMode,
): TestNumberImportPlan {
  const byNumber = new Map(saved.map((record) => [record.number, record]));
  const listed = new Set<string>();
  const added: TestNumberImportPlan["added"][number][] = [];
  const changed: TestNumberImportPlan["changed"][number][] = [];
  let unchanged = 0;
  for (const { line, number } of rows) {
    listed.add(number.number);
    const before = byNumber.get(number.number);
    if (before === undefined) added.push({ line, number });
    else if (before.expected !== number.expected || before.note !== number.note)
      changed.push({ line, before, after: number });
    else unchanged++;
  }
  const removed = mode === "replace" ? saved.filter((record) => !listed.has(record.number)) : [];
  return { mode, added, changed, removed, unchanged, errors };
}

/** The AppError of a refused upload: one issue per line, with the line in the message. */
function toCsvError(errors: readonly TestPlanCsvError[]): AppError {
  const issues: FieldIssue[] = errors.map((e) => ({
    field: "file",
    code: "csv-line",
    message: `line ${e.line}${e.column !== null ? `, column ${e.column}` : ""}: ${e.message}`,
  }));
  const first = issues[0]!;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : "";
  return new AppError("validation", `The test plan was not imported: ${first.message}${more}.`, issues, {
    lines: errors.map((e) => e.line),
  });
}

/** Checks and normalises a saved number's fields: AppError "validation" with field issues. */
function toTestNumberValues(input: TestNumberInput): Required<TestNumberInput> {
  const issues: FieldIssue[] = [];
  const number = parseTestNumber(input.number);
  if (!number.ok) issues.push(toFieldIssue("number", number.error));
  const expected = parseExpectedOutcome(input.expected);
  if (!expected.ok) issues.push(toFieldIssue("expected", expected.error));
  const note = (input.note ?? "").trim();
  if (note.length > MAX_TEST_NOTE_LENGTH) {
    issues.push({
      field: "note",
      code: "note-too-long",
      message: `The note has at most ${MAX_TEST_NOTE_LENGTH} characters.`,
    });
  }
  if (!number.ok || !expected.ok || issues.length > 0) {
    throw new AppError("validation", issues[0]?.message ?? "The saved number is not valid.", issues);
  }
  return { number: number.value, expected: expected.value, note };
}

function toFieldIssue(field: string, issue: { code: string; message: string; at?: number }): FieldIssue {
  return {
    field,
    code: issue.code,
    message: issue.message,
    ...(issue.at !== undefined ? { at: issue.at } : {}),
  };
}

function toTestNumberRecord(row: TestNumberRow): TestNumberRecord {
  return {
    id: row.id,
    number: row.number,
    expected: row.expected,
    note: row.note,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function toDuplicateNumberError(number: string): AppError {
  return new AppError("conflict", `${number} is already in the test plan.`, [
    { field: "number", code: "number-taken", message: `${number} is already in the test plan.` },
  ]);
}

function toNotFoundError(id: string): AppError {
  return new AppError("not-found", `There is no saved number with id "${id}".`);
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}
