import { describe, expect, it } from "vitest";
import { activationProblem, bandProblems, commitmentProgress, compareWithList, contractReference, discountText, isOfferingAvailable, nextVersion, offeringFitsTerm, priceAtVolume, termProblem } from "./rules";

describe("negotiated against list prices", () => {
  it("gives the saving and the discount in basis points", () => {
    expect(compareWithList(39_000, 45_000)).toEqual({ savingMinor: 6_000, discountBp: 1333 });
    expect(compareWithList(45_000, 45_000)).toEqual({ savingMinor: 0, discountBp: 0 });
    // Dearer than list: a negative saving.
    expect(compareWithList(50_000, 45_000)).toEqual({ savingMinor: -5_000, discountBp: -1111 });
  });

  it("has nothing to compare without a list price, and no percentage of a zero list price", () => {
    expect(compareWithList(100, null)).toBeNull();
    expect(compareWithList(0, 0)).toEqual({ savingMinor: 0, discountBp: null });
  });

  it("says it in words", () => {
    expect(discountText(1333)).toBe("13.33 % below list");
    expect(discountText(1250)).toBe("12.5 % below list");
    expect(discountText(2000)).toBe("20 % below list");
    expect(discountText(-1111)).toBe("11.11 % above list");
    expect(discountText(0)).toBe("list price");
    expect(discountText(null)).toBe("—");
  });
});

describe("consumption against commitment", () => {
  it("measures what is installed against what was committed", () => {
    expect(commitmentProgress(150, 120)).toEqual({ committed: 150, consumed: 120, shortfall: 30, percent: 80, met: false });
    expect(commitmentProgress(8, 8)).toEqual({ committed: 8, consumed: 8, shortfall: 0, percent: 100, met: true });
    expect(commitmentProgress(2, 5)).toMatchObject({ shortfall: 0, percent: 250, met: true });
  });

  it("has nothing to measure without a commitment", () => {
    expect(commitmentProgress(0, 12)).toBeNull();
  });
});

describe("price at a volume (the order pricing's band rule)", () => {
  const item = { oneOffMinor: 0, recurringMinor: 2_000, bands: [{ minQuantity: 50, recurringMinor: 1_700 }, { minQuantity: 200, recurringMinor: 1_500 }] };
  it("picks the band the volume reaches", () => {
    expect(priceAtVolume(item, 10).recurringMinor).toBe(2_000);
    expect(priceAtVolume(item, 50)).toEqual({ oneOffMinor: 0, recurringMinor: 1_700, bandMinQuantity: 50 });
    expect(priceAtVolume(item, 250).recurringMinor).toBe(1_500);
  });
});

describe("volume bands", () => {
  it("accepts bands that lower the price as the quantity grows, in any order", () => {
    expect(bandProblems(2_000, [{ minQuantity: 200, recurringMinor: 1_500 }, { minQuantity: 50, recurringMinor: 1_700 }]).size).toBe(0);
    expect(bandProblems(2_000, []).size).toBe(0);
  });

  it("refuses a band from 1, a repeated start, a price not below the item's, a price not below a smaller band's", () => {
    expect([...bandProblems(2_000, [{ minQuantity: 1, recurringMinor: 1_000 }])]).toEqual([[0, "A band starts at 2 units or more"]]);
    expect([...bandProblems(2_000, [{ minQuantity: 5, recurringMinor: 1_500 }, { minQuantity: 5, recurringMinor: 1_400 }])]).toEqual([[1, "Another band already starts at 5"]]);
    expect([...bandProblems(2_000, [{ minQuantity: 5, recurringMinor: 2_000 }])]).toEqual([[0, "A band's monthly price is lower than the item's own"]]);
    expect([...bandProblems(2_000, [{ minQuantity: 10, recurringMinor: 1_800 }, { minQuantity: 5, recurringMinor: 1_500 }])]).toEqual([[0, "From 10 units the price must be lower than from 5"]]);
  });
});

describe("terms, offerings and activation", () => {
  it("a term ends on or after its start, within ten years", () => {
    expect(termProblem("2025-01-01", "2027-12-31")).toBeNull();
    expect(termProblem("2025-01-01", "2025-01-01")).toBeNull();
    expect(termProblem("2025-01-02", "2025-01-01")).toMatch(/ends on or after/);
    expect(termProblem("2025-01-01", "2035-01-02")).toMatch(/at most 10 years/);
  });

  it("an offering fits a term when it is in the catalog and valid during part of it", () => {
    const o = { isActive: true, validFrom: "2026-01-01", validTo: null };
    expect(offeringFitsTerm(o, "2025-01-01", "2027-12-31")).toBeNull();
    expect(offeringFitsTerm(o, "2025-01-01", "2025-12-31")).toMatch(/not available during/);
    expect(offeringFitsTerm({ ...o, validFrom: "2020-01-01", validTo: "2024-12-31" }, "2025-01-01", "2027-12-31")).toMatch(/not available during/);
    expect(offeringFitsTerm({ ...o, isActive: false }, "2025-01-01", "2027-12-31")).toMatch(/withdrawn/);
  });

  it("an offering is available on a day within its validity, both ends included", () => {
    const o = { isActive: true, validFrom: "2026-01-01", validTo: "2026-12-31" };
    expect(isOfferingAvailable(o, "2026-01-01")).toBe(true);
    expect(isOfferingAvailable(o, "2026-12-31")).toBe(true);
    expect(isOfferingAvailable(o, "2027-01-01")).toBe(false);
    expect(isOfferingAvailable({ ...o, validTo: null }, "2099-01-01")).toBe(true);
    expect(isOfferingAvailable({ ...o, isActive: false }, "2026-06-01")).toBe(false);
  });

  it("a draft is activated with at least one price item and a term not yet over", () => {
    expect(activationProblem({ endsOn: "2027-12-31", itemCount: 3 }, "2026-11-01")).toBeNull();
    expect(activationProblem({ endsOn: "2027-12-31", itemCount: 0 }, "2026-11-01")).toMatch(/at least one price item/);
    expect(activationProblem({ endsOn: "2026-10-31", itemCount: 3 }, "2026-11-01")).toMatch(/already ended/);
  });

  it("numbers versions and references", () => {
    expect(nextVersion([])).toBe(1);
    expect(nextVersion([1, 3, 2])).toBe(4);
    expect(contractReference("ACME", 2026, 2)).toBe("CTR-ACME-2026-002");
    expect(contractReference(null, 2026, 12)).toBe("CTR-X-2026-012");
    expect(contractReference("a b/c", 2026, 1)).toBe("CTR-A-B-C-2026-001");
  });
});
