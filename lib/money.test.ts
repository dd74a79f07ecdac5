import { describe, expect, it } from "vitest";
import { formatMajorAmount, fractionDigits, isCurrencyCode, parseMajorAmount, toMinorUnits } from "./money";

describe("amounts typed by people", () => {
  it.each([
    ["50000", "GBP", 5_000_000],
    ["50,000.5", "GBP", 5_000_050],
    ["0.01", "EUR", 1],
    ["1000", "JPY", 1000],
  ])("%s %s → %i minor units", (text, currency, minor) => expect(parseMajorAmount(text, currency)).toBe(minor));

  it.each(["", "-5", "1.234", "1e5", "ten", "1000.5 JPY"])("refuses %j", (text) => expect(parseMajorAmount(text, text.includes("JPY") ? "JPY" : "GBP")).toBeNull());

  it("formats minor units back for CSV", () => {
    expect(formatMajorAmount(5_000_050, "GBP")).toBe("50000.50");
    expect(formatMajorAmount(1000, "JPY")).toBe("1000");
  });
});

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
