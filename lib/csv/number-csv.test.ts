import { describe, expect, it } from "vitest";
import { parseNumberCsv, toCsv } from "./number-csv";

describe("parseNumberCsv", () => {
  it("reads a plain list, a header, quoted cells, comments and blank lines", () => {
    const text =
      'number,expected,note\n+12125550270,sip:+12125550270@ngv.example.com\n\n# comment\n"2125550275","sip:x@y, z",n1\n16505551234\n';
    const { rows, issues } = parseNumberCsv(text);
    expect(issues).toEqual([]);
    expect(rows).toEqual([
      { line: 2, number: "+12125550270", expected: "sip:+12125550270@ngv.example.com", note: "" },
      { line: 5, number: "2125550275", expected: "sip:x@y, z", note: "n1" },
      { line: 6, number: "16505551234", expected: null, note: "" },
    ]);
  });

  it("reports rows with too many columns and empty numbers by line", () => {
    const { rows, issues } = parseNumberCsv("1,a,b,c\n,x\n2\n");
    expect(rows.map((row) => row.number)).toEqual(["2"]);
    expect(issues).toEqual([
      { line: 1, column: 4, message: "expected at most 3 columns (number, expected, note), found 4" },
      { line: 2, column: 1, message: "the number is empty" },
    ]);
  });

  it("keeps dialed numbers as they are and drops a spreadsheet's formula guard from them", () => {
    expect(toCsv(["number"], [["+1 (650) 555-1234"], ["=1+1"], ["+A1"]])).toBe(
      'number\r\n+1 (650) 555-1234\r\n"\'=1+1"\r\n"\'+A1"\r\n',
    );
    expect(parseNumberCsv("'+1 (650) 555-1234\n'2125550270\n").rows.map((row) => row.number)).toEqual([
      "+1 (650) 555-1234",
      "'2125550270",
    ]);
  });

  it("round-trips what toCsv writes", () => {
    const csv = toCsv(["number", "expected", "note"], [["+1", 'sip:"q"@h,x', null]]);
    expect(csv).toBe('number,expected,note\r\n+1,"sip:""q""@h,x",\r\n');
    expect(parseNumberCsv(csv).rows).toEqual([{ line: 2, number: "+1", expected: 'sip:"q"@h,x', note: "" }]);
  });
});
