import { describe, expect, it } from "vitest";
import { crossRowErrors, groupPeople, IMPORT_LIMITS, readImportCsv, sortErrors, TEMPLATE_CSV, unescapeCell, validateRowShape, type CsvRow, type ImportRow } from "./rows";

const HEADER = "email,name,unit,role,scope,approval_limit,currency,expires_at";
const now = new Date("2026-11-01T00:00:00Z");

function rowsOf(text: string) {
  const read = readImportCsv(text);
  expect(read.errors).toEqual([]);
  return read.rows;
}

function shaped(values: CsvRow["values"], line = 2) {
  return validateRowShape({ line, values }, now);
}

describe("reading the file", () => {
  it("numbers rows by their line in the file: line 1 is the header, blank lines count", () => {
    const rows = rowsOf(`${HEADER}\na@x.example,A,UK-MAN,,,,,\n\n\nb@x.example,B,UK-MAN,,,,,\n`);
    expect(rows.map((r) => [r.line, r.values.email])).toEqual([
      [2, "a@x.example"],
      [5, "b@x.example"],
    ]);
  });

  it("gives a row the line it starts on, even with a quoted field over two lines, with CRLF and a BOM", () => {
    const rows = rowsOf(`\uFEFF${HEADER}\r\na@x.example,"Ann\r\nLee",UK-MAN,,,,,\r\nb@x.example,B,UK-MAN,,,,,\r\n`);
    expect(rows.map((r) => r.line)).toEqual([2, 4]);
    expect(rows[0]!.values.name).toBe("Ann\nLee");
  });

  it("accepts columns in any order and case, trims cells, and undoes spreadsheet quoting", () => {
    const rows = rowsOf("Name , EMAIL,Unit\n  '=Sum ,  a@x.example , UK-MAN \n");
    expect(rows[0]!.values).toEqual({ name: "=Sum", email: "a@x.example", unit: "UK-MAN" });
    expect(unescapeCell("'-5")).toBe("-5");
    expect(unescapeCell("'quoted")).toBe("'quoted");
  });

  it("reports header problems on line 1 and reads no rows", () => {
    const read = readImportCsv("email,name,colour\na@x.example,A,red\n");
    expect(read.rows).toEqual([]);
    expect(read.errors).toEqual([
      { line: 1, message: expect.stringContaining('Unknown column "colour"') },
      { line: 1, message: expect.stringContaining("Missing column unit") },
    ]);
  });

  it("reports a row with the wrong number of values at its line", () => {
    const read = readImportCsv(`email,name,unit\na@x.example,A,UK-MAN\nb@x.example,B\n`);
    expect(read.errors).toEqual([{ line: 3, message: "Expected 3 values (like the header), found 2." }]);
    expect(read.rows).toHaveLength(1);
  });

  it("reports broken CSV with the line where it broke", () => {
    const read = readImportCsv(`email,name,unit\na@x.example,"A,UK-MAN\n`);
    expect(read.errors[0]!.message).toMatch(/not valid CSV/);
    expect(read.errors[0]!.line).toBe(2);
  });

  it("refuses empty files, files without rows, and files beyond the limits with a clear message", () => {
    expect(readImportCsv("").errors[0]!.message).toMatch(/empty/);
    expect(readImportCsv("email,name,unit\n").errors[0]!.message).toMatch(/no rows/);
    const big = `email,name,unit\n${"x".repeat(IMPORT_LIMITS.maxBytes)}`;
    expect(readImportCsv(big).errors).toEqual([{ line: null, message: expect.stringContaining("larger than 5 MB") }]);
    const many = `email,name,unit\n${Array.from({ length: IMPORT_LIMITS.maxRows + 1 }, (_, i) => `u${i}@x.example,U,UK-MAN`).join("\n")}`;
    expect(readImportCsv(many).errors).toEqual([{ line: null, message: expect.stringContaining("at most 20,000") }]);
  });

  it("reads its own template", () => {
    expect(readImportCsv(TEMPLATE_CSV).rows).toHaveLength(3);
  });
});

describe("one row's shape", () => {
  const ok = { email: "Jane@X.Example", name: "Jane", unit: "UK-MAN", role: "approver", scope: "Acme UK Ltd", approval_limit: "50,000.00", currency: "gbp", expires_at: "2027-03-31" };

  it("turns a good row into an import row", () => {
    expect(shaped(ok)).toEqual({
      errors: [],
      row: {
        line: 2,
        email: "jane@x.example",
        name: "Jane",
        unit: "UK-MAN",
        role: "approver",
        scope: "Acme UK Ltd",
        approvalLimitMinor: 5_000_000,
        spendLimitMinor: null,
        limitCurrency: "GBP",
        expiresAt: new Date("2027-03-31T00:00:00Z"),
      },
    });
  });

  it("accepts role labels as well as keys, and a person with no role", () => {
    expect(shaped({ ...ok, role: "Billing viewer", approval_limit: "", currency: "" }).row?.role).toBe("billing_viewer");
    expect(shaped({ email: "a@x.example", name: "A", unit: "UK-MAN", role: "", scope: "" }).row).toMatchObject({ role: null, scope: null });
  });

  it.each([
    [{ email: "not-an-email" }, "Not a valid email address"],
    [{ name: "" }, "The name is missing"],
    [{ unit: "" }, "The unit is missing"],
    [{ role: "wizard" }, 'Unknown role "wizard"'],
    [{ role: "csp_admin" }, "CSP role"],
    [{ role: "orderer", scope: "" }, "The scope is missing"],
    [{ approval_limit: "" }, "An approver needs an approval limit and its currency."],
    [{ currency: "" }, "An approver needs an approval limit and its currency."],
    [{ currency: "POUNDS" }, "not a three-letter currency code"],
    [{ approval_limit: "lots" }, 'The approval limit "lots" is not an amount'],
    [{ role: "orderer" }, "Only approvers carry an approval limit."],
    [{ expires_at: "next year" }, 'The expiry "next year" is not a date'],
    [{ expires_at: "2026-01-01" }, "The expiry must be in the future."],
    [{ role: "", scope: "", approval_limit: "", currency: "", expires_at: "" }, undefined],
    [{ role: "", scope: "", approval_limit: "", currency: "" }, "needs a role"],
  ])("%j → %s", (change, message) => {
    const result = shaped({ ...ok, ...change }, 7);
    if (message === undefined) return void expect(result.errors).toEqual([]);
    expect(result.row).toBeNull();
    expect(result.errors).toContainEqual({ line: 7, message: expect.stringContaining(message) });
  });
});

describe("rules between rows", () => {
  const row = (line: number, email: string, extra: Partial<ImportRow> = {}): ImportRow => ({
    line,
    email,
    name: "Jane",
    unit: "UK-MAN",
    role: "orderer",
    scope: "UK-MAN",
    approvalLimitMinor: null,
    spendLimitMinor: null,
    limitCurrency: null,
    expiresAt: null,
    ...extra,
  });

  it("lets several rows give one person several roles", () => {
    const rows = [row(2, "jane@x.example"), row(3, "jane@x.example", { role: "billing_viewer" }), row(4, "sam@x.example", { name: "Sam" })];
    expect(crossRowErrors(rows)).toEqual([]);
    const people = groupPeople(rows);
    expect(people.map((p) => [p.email, p.line, p.assignments.map((a) => a.role)])).toEqual([
      ["jane@x.example", 2, ["orderer", "billing_viewer"]],
      ["sam@x.example", 4, ["orderer"]],
    ]);
  });

  it("reports disagreements and repeats at the later line, naming the earlier one", () => {
    const errors = crossRowErrors([row(2, "jane@x.example"), row(5, "jane@x.example", { name: "Janet", unit: "UK-LON", role: "approver" }), row(9, "jane@x.example")]);
    expect(errors).toEqual([
      { line: 5, message: "The name differs from line 2 for the same email (jane@x.example)." },
      { line: 5, message: "The unit differs from line 2 for the same email (jane@x.example)." },
      { line: 9, message: "Repeats the assignment on line 2." },
    ]);
  });

  it("sorts errors by line, file-level first, and caps the list", () => {
    const sorted = sortErrors([{ line: 9, message: "c" }, { line: null, message: "a" }, { line: 3, message: "b" }], 2);
    expect(sorted).toEqual({ errors: [{ line: null, message: "a" }, { line: 3, message: "b" }], more: 1 });
  });
});
