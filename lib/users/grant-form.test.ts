import { describe, expect, it } from "vitest";
import { firstExpiryDate, fractionDigits, grantFormInput, grantFromForm, isCurrencyCode, startOfDayIn, toMinorUnits } from "./grant-form";

const USER = "3f1c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b";
const NODE = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

describe("toMinorUnits", () => {
  const cases: [string, string, number | string][] = [
    ["50000.00", "GBP", 5_000_000],
    ["50000", "GBP", 5_000_000],
    ["50,000.00", "GBP", 5_000_000],
    ["1,234,567.8", "EUR", 123_456_780],
    ["0.01", "USD", 1],
    ["0.1", "USD", 10],
    ["19.99", "GBP", 1999],
    ["  250000.50 ", "GBP", 25_000_050],
    ["1.10", "GBP", 110],
    ["1.230", "GBP", 123],
    ["5000", "JPY", 5000],
    ["5000.0", "JPY", 5000],
    ["1.234", "BHD", 1234],
    ["100000000000.00", "GBP", 10_000_000_000_000],
    ["1.001", "GBP", "At most 2 decimal places for GBP"],
    ["10.5", "JPY", "JPY amounts have no decimal places"],
    ["-5", "GBP", "Enter an amount such as 50000.00"],
    ["1e5", "GBP", "Enter an amount such as 50000.00"],
    ["abc", "GBP", "Enter an amount such as 50000.00"],
    ["5,00", "GBP", "Enter an amount such as 50000.00"],
    ["", "GBP", "Enter an amount such as 50000.00"],
    ["100000000000.01", "GBP", "That amount is too large"],
  ];
  it.each(cases)("%s %s → %s", (amount, currency, expected) => {
    const result = toMinorUnits(amount, currency);
    if (typeof expected === "number") expect(result).toEqual({ minor: expected });
    else expect(result).toEqual({ error: expected });
  });

  it("never goes through a float: 0.29 GBP is 29, not 28.999…", () => {
    expect(toMinorUnits("0.29", "GBP")).toEqual({ minor: 29 });
    expect(toMinorUnits("1.15", "GBP")).toEqual({ minor: 115 });
  });
});

describe("currencies", () => {
  it("knows ISO codes from Intl and their fraction digits", () => {
    expect(isCurrencyCode("GBP")).toBe(true);
    expect(isCurrencyCode("XYZ")).toBe(false);
    expect(isCurrencyCode("gbp")).toBe(false);
    expect(fractionDigits("GBP")).toBe(2);
    expect(fractionDigits("JPY")).toBe(0);
    expect(fractionDigits("KWD")).toBe(3);
  });
});

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
