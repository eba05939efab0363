// CSV of dialed numbers (number[,expected[,note]]): the batch test's input and the test
// plan's file format. Pure, so the browser, route handlers and the CLI read it alike.
import Papa from "papaparse";

/** One data row, with the 1-based line it came from for error messages. */
export interface NumberCsvRow {
  readonly line: number;
  readonly number: string;
  /** The expected result when the row has a second column, else null. */
  readonly expected: string | null;
  readonly note: string;
}

/** A problem at a line (1-based) and column (1-based, when known). */
export interface NumberCsvIssue {
  readonly line: number;
  readonly column: number | null;
  readonly message: string;
}

export interface NumberCsv {
  readonly rows: readonly NumberCsvRow[];
  readonly issues: readonly NumberCsvIssue[];
}

/** Header cells recognised (case-insensitively) on the first line; the line is then skipped. */
const HEADER_NAMES = new Set(["number", "dialed", "dialed number", "aus"]);

/**
 * Reads number[,expected[,note]] rows. Accepts a plain list (one number per line) too.
 * A first line whose first cell is "number" (or "dialed", "aus") is a header. Blank lines
 * and lines starting with "#" are ignored. Quoting per RFC 4180.
 */
export function parseNumberCsv(text: string): NumberCsv {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { skipEmptyLines: false });
  const rows: NumberCsvRow[] = [];
  const issues: NumberCsvIssue[] = parsed.errors
    .filter((error) => error.code !== "UndetectableDelimiter")
    .map((error) => ({
      line: (error.row ?? 0) + 1,
      column: null,
      message: error.message,
    }));
  parsed.data.forEach((cells, index) => {
    const line = index + 1;
    const first = (cells[0] ?? "").trim();
    if (cells.every((cell) => cell.trim() === "") || first.startsWith("#")) return;
    if (index === 0 && HEADER_NAMES.has(first.toLowerCase())) return;
    if (cells.length > 3) {
      issues.push({
        line,
        column: 4,
        message: `expected at most 3 columns (number, expected, note), found ${cells.length}`,
      });
      return;
    }
    if (first === "") {
      issues.push({ line, column: 1, message: "the number is empty" });
      return;
    }
    const expected = cells.length >= 2 ? (cells[1] ?? "").trim() : null;
    rows.push({
      line,
      number: toUnescapedNumber(first),
      expected: expected === "" ? null : expected,
      note: (cells[2] ?? "").trim(),
    });
  });
  return { rows, issues };
}

/**
 * Cells a spreadsheet would run as a formula get a leading "'" (CSV injection), except a
 * dialed number such as "+12125550270" or "+1 (650) 555-1234", which must survive a round
 * trip unchanged.
 */
const FORMULA_START = /^(?:[=@\t\r-]|\+(?![\d ().-]*$))/;

/**
 * A number cell as written: the "'" a spreadsheet (or an older export) put before a cell
 * starting with a formula character is dropped, since no dialed number contains one.
 */
function toUnescapedNumber(cell: string): string {
  return /^'[=+@-]/.test(cell) ? cell.slice(1) : cell;
}

/** RFC 4180 CSV text (CRLF line ends) of a header and rows; cells are quoted when needed. */
export function toCsv(
  header: readonly string[],
  rows: readonly (readonly (string | number | null)[])[],
): string {
  return `${Papa.unparse(
    { fields: [...header], data: rows.map((row) => row.map((cell) => (cell === null ? "" : String(cell)))) },
    { newline: "\r\n", escapeFormulae: FORMULA_START },
  )}\r\n`;
}
