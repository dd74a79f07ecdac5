import { describe, expect, it } from "vitest";
import { csvSafe as safeCell } from "@/lib/csv-safe";
import { exportRows } from "./csv-export";
import { readImportCsv } from "./csv-import";

describe("export rows", () => {
  const user = { id: "u1", email: "jane@x.example", name: "Jane", status: "active", unit: "Manchester Branch" };

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

  it("defuses cells a spreadsheet would run as formulas, and the import undoes it", () => {
    expect(safeCell("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(safeCell("@cmd")).toBe("'@cmd");
    expect(safeCell("Plain")).toBe("Plain");
    const [row] = exportRows({ ...user, name: "=Evil" }, []);
    const read = readImportCsv(`email,name,unit\n${row!.slice(0, 3).join(",")}`);
    expect(read.rows[0]!.values.name).toBe("=Evil");
  });

  it("guards every column, the e-mail address included", () => {
    const [row] = exportRows({ ...user, email: "=cmd|'/c calc'!A1@x.example", unit: "+SUM(A1)" }, []);
    expect(row![0]).toBe("'=cmd|'/c calc'!A1@x.example");
    expect(row![2]).toBe("'+SUM(A1)");
    expect(safeCell("+44 20 7946 0000")).toBe("+44 20 7946 0000");
  });
});
