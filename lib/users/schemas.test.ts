import { describe, expect, it } from "vitest";
import { firstExpiryDate, grantFormInput, grantFromForm, startOfDayIn } from "./schemas";

const USER = "3f1c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b";
const NODE = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

describe("startOfDayIn", () => {
  const cases: [string, string, string][] = [
    ["2027-01-15", "UTC", "2027-01-15T00:00:00.000Z"],
    ["2027-01-15", "Europe/London", "2027-01-15T00:00:00.000Z"],
    ["2027-07-15", "Europe/London", "2027-07-14T23:00:00.000Z"],
    ["2027-07-15", "Europe/Berlin", "2027-07-14T22:00:00.000Z"],
    ["2027-01-15", "America/Los_Angeles", "2027-01-15T08:00:00.000Z"],
    ["2027-03-28", "Europe/London", "2027-03-28T00:00:00.000Z"],
    ["2027-03-29", "Europe/London", "2027-03-28T23:00:00.000Z"],
    ["2027-01-15", "Asia/Kolkata", "2027-01-14T18:30:00.000Z"],
  ];
  it.each(cases)("%s in %s", (date, zone, iso) => {
    expect(startOfDayIn(date, zone).toISOString()).toBe(iso);
  });
});

describe("grantFormInput", () => {
  it("turns an approver's decimal limit into minor units of its currency", () => {
    const parsed = grantFormInput.parse({ userId: USER, role: "approver", scopeNodeId: NODE, approvalLimit: "50000.00", limitCurrency: "gbp", expiresOn: "" });
    expect(parsed).toEqual({ userId: USER, role: "approver", scopeNodeId: NODE, approvalLimitMinor: 5_000_000, spendLimitMinor: null, limitCurrency: "GBP", expiresOn: null });
  });

  it("keeps no currency when no limit was given", () => {
    const parsed = grantFormInput.parse({ userId: USER, role: "orderer", scopeNodeId: NODE, spendLimit: "", limitCurrency: "GBP" });
    expect(parsed.spendLimitMinor).toBeNull();
    expect(parsed.limitCurrency).toBeNull();
  });

  const invalid: [string, Record<string, unknown>, string, string][] = [
    ["a limit without currency", { role: "approver", approvalLimit: "100" }, "limitCurrency", "Choose the limit's currency"],
    ["an unknown currency", { role: "approver", approvalLimit: "100", limitCurrency: "XYZ" }, "limitCurrency", "Choose a currency"],
    ["too many decimals", { role: "orderer", spendLimit: "10.123", limitCurrency: "EUR" }, "spendLimit", "At most 2 decimal places for EUR"],
    ["a malformed amount", { role: "approver", approvalLimit: "lots", limitCurrency: "GBP" }, "approvalLimit", "Enter an amount such as 50000.00"],
    ["no node", { role: "orderer", scopeNodeId: "" }, "scopeNodeId", "Choose a node"],
    ["no role", { role: "" }, "role", "Choose a role"],
    ["a malformed date", { role: "orderer", expiresOn: "31/12/2027" }, "expiresOn", "Use a date such as 2027-03-31"],
    // Each of these once reached grantFromForm, which threw (a 500).
    ["30 February", { role: "orderer", expiresOn: "2027-02-30" }, "expiresOn", "Not a real date"],
    ["the year 0", { role: "orderer", expiresOn: "0000-01-01" }, "expiresOn", "Not a real date"],
    ["the year 1", { role: "orderer", expiresOn: "0001-01-01" }, "expiresOn", "Not a real date"],
  ];
  it.each(invalid)("refuses %s", (_name, fields, path, message) => {
    const result = grantFormInput.safeParse({ userId: USER, scopeNodeId: NODE, ...fields });
    expect(result.success).toBe(false);
    const issue = result.error!.issues.find((i) => i.path[0] === path);
    expect(issue?.message).toBe(message);
  });

  it("resolves the expiry date at the start of that day in the admin's time zone", () => {
    const form = grantFormInput.parse({ userId: USER, role: "orderer", scopeNodeId: NODE, expiresOn: "2027-07-15" });
    expect(grantFromForm(form, "Europe/London").expiresAt?.toISOString()).toBe("2027-07-14T23:00:00.000Z");
    expect(grantFromForm({ ...form, expiresOn: null }, "Europe/London").expiresAt).toBeNull();
  });
});

describe("firstExpiryDate", () => {
  it("is tomorrow in the admin's time zone", () => {
    const lateEvening = new Date("2027-01-15T23:30:00Z");
    expect(firstExpiryDate("Europe/London", lateEvening)).toBe("2027-01-16");
    expect(firstExpiryDate("Asia/Tokyo", lateEvening)).toBe("2027-01-17");
    expect(firstExpiryDate("America/Los_Angeles", lateEvening)).toBe("2027-01-16");
  });
});
