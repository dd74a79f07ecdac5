import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { billTotals, lineTax, proratedRecurring } from "./rules";
import { SPLIT_DIMENSIONS, splitTotals } from "./splits";

/** Random bill lines as the bill run makes them: prorated, taxed, each rounded once. */
const lineArb = fc
  .record({
    sub: fc.constantFrom("cc-a", "cc-b", "cc-c", "cc-d"),
    site: fc.option(fc.constantFrom("s-1", "s-2", "s-3"), { nil: null }),
    offering: fc.option(fc.constantFrom("o-1", "o-2"), { nil: null }),
    monthly: fc.integer({ min: 1, max: 5_000_000 }),
    quantity: fc.integer({ min: 1, max: 500 }),
    active: fc.integer({ min: 1, max: 31 }),
    inMonth: fc.constantFrom(28, 29, 30, 31),
    rateBp: fc.constantFrom(0, 1900, 2000, 2100, 2300),
    credit: fc.boolean(),
  })
  .map((r) => {
    const amount = proratedRecurring(r.monthly, r.quantity, Math.min(r.active, r.inMonth), r.inMonth) * (r.credit ? -1 : 1);
    return { subAccountId: r.sub, siteId: r.site, offeringId: r.offering, amountMinor: amount, taxMinor: lineTax(amount, r.rateBp) };
  });

describe("bill splits (property)", () => {
  it("every split (by cost centre, by site, by product) adds up to the bill's totals to the minor unit", () => {
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 200 }), (lines) => {
        const totals = billTotals(lines);
        const splits = splitTotals(lines);
        for (const dimension of SPLIT_DIMENSIONS) {
          const rows = splits.filter((s) => s.dimension === dimension);
          expect(rows.reduce((n, r) => n + r.amountMinor, 0)).toBe(totals.subtotalMinor);
          expect(rows.reduce((n, r) => n + r.taxMinor, 0)).toBe(totals.taxMinor);
          expect(rows.reduce((n, r) => n + r.lines, 0)).toBe(lines.length);
          expect(new Set(rows.map((r) => r.keyId)).size).toBe(rows.length);
        }
        expect(totals.totalMinor).toBe(totals.subtotalMinor + totals.taxMinor);
        for (const l of lines) expect(Number.isInteger(l.amountMinor) && Number.isInteger(l.taxMinor)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("a credit reverses its line's tax exactly", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.constantFrom(1900, 2000, 2300), (amount, rate) => {
        expect(lineTax(-amount, rate)).toBe(-lineTax(amount, rate));
      }),
    );
  });
});
