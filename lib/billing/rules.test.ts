import { describe, expect, it } from "vitest";
import { billTotals, daysActive, daysInMonth, lineTax, proratedRecurring, roundMinor, taxRateBp } from "./rules";

const utc = (s: string) => new Date(`${s}T00:00:00Z`);

describe("billing periods", () => {
  it("knows the days of each month, leap years included", () => {
    expect(daysInMonth(utc("2026-01-01"))).toBe(31);
    expect(daysInMonth(utc("2026-02-01"))).toBe(28);
    expect(daysInMonth(utc("2028-02-01"))).toBe(29);
    expect(daysInMonth(utc("2026-04-01"))).toBe(30);
    expect(daysInMonth(utc("2026-12-01"))).toBe(31);
  });

  it("counts days active from activation (inclusive) to termination (exclusive), clipped to the month", () => {
    const june = utc("2026-06-01");
    expect(daysActive(june, utc("2025-01-10"), null)).toBe(30);
    expect(daysActive(june, utc("2026-06-01"), null)).toBe(30);
    expect(daysActive(june, utc("2026-06-16"), null)).toBe(15);
    expect(daysActive(june, utc("2026-06-30"), null)).toBe(1);
    expect(daysActive(june, utc("2026-05-01"), utc("2026-06-11"))).toBe(10);
    expect(daysActive(june, utc("2026-06-05"), utc("2026-06-06"))).toBe(1);
  });

  it("is zero for a service activated after the month or terminated before it", () => {
    const june = utc("2026-06-01");
    expect(daysActive(june, utc("2026-07-01"), null)).toBe(0);
    expect(daysActive(june, utc("2026-01-01"), utc("2026-06-01"))).toBe(0);
    expect(daysActive(june, utc("2026-01-01"), utc("2026-03-01"))).toBe(0);
  });

  it("counts whole days whatever the time of day of activation", () => {
    expect(daysActive(utc("2026-06-01"), new Date("2026-06-16T23:59:00Z"), null)).toBe(15);
  });
});

describe("rounding and proration", () => {
  it("rounds half away from zero, once", () => {
    expect(roundMinor(2.5)).toBe(3);
    expect(roundMinor(2.4999)).toBe(2);
    expect(roundMinor(-2.5)).toBe(-3);
    expect(roundMinor(-2.4)).toBe(-2);
    expect(roundMinor(0)).toBe(0);
  });

  it("prorates a monthly charge by days active over days in the month", () => {
    expect(proratedRecurring(39_000, 1, 30, 30)).toBe(39_000);
    expect(proratedRecurring(39_000, 1, 15, 30)).toBe(19_500);
    expect(proratedRecurring(39_000, 2, 15, 30)).toBe(39_000);
    // 10,000 × 1/31 = 322.58… → 323
    expect(proratedRecurring(10_000, 1, 1, 31)).toBe(323);
    expect(proratedRecurring(10_000, 3, 0, 31)).toBe(0);
  });

  it("taxes each line at the country's rate, rounded once", () => {
    expect(taxRateBp("GB")).toBe(2000);
    expect(taxRateBp("DE")).toBe(1900);
    expect(taxRateBp("US")).toBe(0);
    expect(taxRateBp("ZZ")).toBe(0);
    expect(taxRateBp(null)).toBe(0);
    expect(lineTax(39_000, 2000)).toBe(7_800);
    // 323 × 19% = 61.37 → 61;  333 × 19% = 63.27 → 63;  250 × 19% = 47.5 → 48
    expect(lineTax(323, 1900)).toBe(61);
    expect(lineTax(333, 1900)).toBe(63);
    expect(lineTax(250, 1900)).toBe(48);
    expect(lineTax(-250, 1900)).toBe(-48);
  });
});

describe("bill totals", () => {
  it("are sums of rounded lines, so every split adds up to the total exactly", () => {
    // Three sub-accounts each with a third of a day's charge: rounding per line, not on the sum.
    const lines = [1, 2, 3].map(() => {
      const amountMinor = proratedRecurring(10_000, 1, 1, 31);
      return { amountMinor, taxMinor: lineTax(amountMinor, 2000), subAccount: "x" };
    });
    const totals = billTotals(lines);
    expect(totals).toEqual({ subtotalMinor: 969, taxMinor: 195, totalMinor: 1_164 });
    const split = [billTotals(lines.slice(0, 1)), billTotals(lines.slice(1))];
    expect(split.reduce((s, t) => s + t.totalMinor, 0)).toBe(totals.totalMinor);
    expect(split.reduce((s, t) => s + t.taxMinor, 0)).toBe(totals.taxMinor);
  });

  it("of no lines are zero", () => {
    expect(billTotals([])).toEqual({ subtotalMinor: 0, taxMinor: 0, totalMinor: 0 });
  });

  it("stay integers of minor units", () => {
    const lines = [proratedRecurring(12_345, 7, 13, 31), proratedRecurring(999, 3, 29, 30)].map((amountMinor) => ({ amountMinor, taxMinor: lineTax(amountMinor, 2100) }));
    const t = billTotals(lines);
    for (const v of Object.values(t)) expect(Number.isInteger(v)).toBe(true);
  });
});
