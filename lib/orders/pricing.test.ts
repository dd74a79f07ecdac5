import { describe, expect, it } from "vitest";
import { orderTotals, RECURRING_MONTHS_IN_TOTAL, unitPrice, type PriceItem } from "./pricing";

/** The demo contract's Fibre price in GBP: 390.00 a month, 360.00 from 5 lines, 330.00 from 10. */
const fibre: PriceItem = { oneOffMinor: 0, recurringMinor: 39_000, bands: [{ minQuantity: 10, recurringMinor: 33_000 }, { minQuantity: 5, recurringMinor: 36_000 }] };
const sdwan: PriceItem = { oneOffMinor: 25_000, recurringMinor: 10_000, bands: [] };

describe("contract price", () => {
  it("without bands is the price item's", () => {
    expect(unitPrice(sdwan, 0, 1)).toEqual({ oneOffMinor: 25_000, recurringMinor: 10_000, bandMinQuantity: null });
    expect(unitPrice(sdwan, 100, 100)).toEqual({ oneOffMinor: 25_000, recurringMinor: 10_000, bandMinQuantity: null });
  });

  it("below the first band is the base price", () => {
    expect(unitPrice(fibre, 0, 1)).toMatchObject({ recurringMinor: 39_000, bandMinQuantity: null });
    expect(unitPrice(fibre, 2, 2)).toMatchObject({ recurringMinor: 39_000, bandMinQuantity: null });
  });

  it("chooses the band by the quantity after this order: installed plus ordered", () => {
    expect(unitPrice(fibre, 0, 5)).toMatchObject({ recurringMinor: 36_000, bandMinQuantity: 5 });
    expect(unitPrice(fibre, 4, 1)).toMatchObject({ recurringMinor: 36_000, bandMinQuantity: 5 });
    expect(unitPrice(fibre, 3, 1)).toMatchObject({ recurringMinor: 39_000 });
    expect(unitPrice(fibre, 9, 1)).toMatchObject({ recurringMinor: 33_000, bandMinQuantity: 10 });
    expect(unitPrice(fibre, 50, 0)).toMatchObject({ recurringMinor: 33_000, bandMinQuantity: 10 });
  });

  it("does not depend on the order the bands are listed in", () => {
    const reversed = { ...fibre, bands: [...fibre.bands].reverse() };
    for (const [installed, ordered] of [[0, 1], [0, 5], [4, 3], [9, 1], [20, 20]]) {
      expect(unitPrice(reversed, installed!, ordered!)).toEqual(unitPrice(fibre, installed!, ordered!));
    }
  });

  it("keeps the one-off price whatever the band", () => {
    const item = { ...fibre, oneOffMinor: 12_500 };
    expect(unitPrice(item, 0, 12).oneOffMinor).toBe(12_500);
  });
});

describe("order totals", () => {
  it("add one-off charges and the first year of recurring charges", () => {
    const totals = orderTotals([
      { quantity: 2, unitOneOffMinor: 25_000, unitRecurringMinor: 10_000 },
      { quantity: 5, unitOneOffMinor: 0, unitRecurringMinor: 36_000 },
    ]);
    expect(RECURRING_MONTHS_IN_TOTAL).toBe(12);
    expect(totals.oneOffTotalMinor).toBe(50_000);
    expect(totals.recurringTotalMinor).toBe(200_000);
    expect(totals.totalMinor).toBe(50_000 + 12 * 200_000);
  });

  it("of an empty order are zero", () => {
    expect(orderTotals([])).toEqual({ oneOffTotalMinor: 0, recurringTotalMinor: 0, totalMinor: 0 });
  });
});
