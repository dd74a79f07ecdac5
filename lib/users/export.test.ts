import { describe, expect, it } from "vitest";
import { csvStream } from "@/lib/list/csv";
import { EXPORT_COLUMNS, exportRows, usersExport } from "./export";
import { readImportCsv } from "@/lib/user-import/rows";

/** The export's records through the one CSV writer, as the download has them. */
async function written(records: string[][]): Promise<string> {
  async function* one() {
    yield records;
  }
  return (await new Response(csvStream(usersExport.columns({ locale: "en-GB", timeZone: "UTC", now: new Date() }), one())).text()).replace(/^\uFEFF/, "");
}

describe("export rows", () => {
  const user = { id: "u1", email: "jane@x.example", name: "Jane", status: "active", unitName: "Manchester Branch" };

  it("gives one row per assignment, limits in major units of their currency", () => {
    const rows = exportRows(user, [
      { userId: "u1", role: "approver", scope: "Acme UK Ltd", approvalLimitMinor: 5_000_050, spendLimitMinor: null, limitCurrency: "GBP", expiresAt: new Date("2027-03-31T00:00:00Z") },
      { userId: "u1", role: "orderer", scope: "Manchester Branch", approvalLimitMinor: null, spendLimitMinor: 2_500_000, limitCurrency: "GBP", expiresAt: null },
    ]);
    expect(rows).toEqual([
      ["jane@x.example", "Jane", "Manchester Branch", "active", "approver", "Acme UK Ltd", "50000.50", "", "GBP", "2027-03-31T00:00:00.000Z"],
      ["jane@x.example", "Jane", "Manchester Branch", "active", "orderer", "Manchester Branch", "", "25000.00", "GBP", ""],
    ]);
  });

  it("gives a user without assignments one row with empty role columns", () => {
    expect(exportRows(user, [])).toEqual([["jane@x.example", "Jane", "Manchester Branch", "active", "", "", "", "", "", ""]]);
  });

  it("writes the import's columns, and the import reads a defused formula back as it was", async () => {
    const text = await written(exportRows({ ...user, name: "=Evil" }, []));
    expect(text.split(/\r?\n/)[0]).toBe(EXPORT_COLUMNS.join(","));
    expect(text).toContain("'=Evil");
    const read = readImportCsv(text);
    expect(read.rows[0]!.values.name).toBe("=Evil");
  });

  it("guards every column, the e-mail address included", async () => {
    const text = await written(exportRows({ ...user, email: "=cmd|'/c calc'!A1@x.example", unitName: "+SUM(A1)" }, []));
    expect(text).toContain("'=cmd|'/c calc'!A1@x.example");
    expect(text).toContain("'+SUM(A1)");
  });
});
