import { describe, expect, it } from "vitest";
import { createContractInput, updateContractInput } from "./schemas";

const ID = "00000000-0000-4000-8000-000000000001";
const terms = { name: "Framework", slaTier: "Gold", paymentTerms: "net_60", startsOn: "2026-01-01", endsOn: "2028-12-31", note: "" };
const item = { offeringId: ID, currency: "GBP", oneOff: "0", recurring: "390.00", committedQuantity: "8", bands: [{ minQuantity: "10", recurring: "330" }, { minQuantity: "5", recurring: "360.00" }] };

describe("contract input", () => {
  it("parses amounts in the item's currency into minor units and sorts the bands", () => {
    const parsed = createContractInput.parse({ nodeId: ID, ...terms, items: [item] });
    expect(parsed).toMatchObject({ nodeId: ID, name: "Framework", note: null });
    expect(parsed.items).toEqual([{ offeringId: ID, currency: "GBP", oneOffMinor: 0, recurringMinor: 39_000, committedQuantity: 8, bands: [{ minQuantity: 5, recurringMinor: 36_000 }, { minQuantity: 10, recurringMinor: 33_000 }] }]);
  });

  it("gives every bad field its own error, by path", () => {
    const result = updateContractInput.safeParse({
      id: "nope",
      rowVersion: "x",
      ...terms,
      slaTier: "Diamond",
      endsOn: "2025-12-31",
      items: [item, { ...item, recurring: "12.345", bands: [{ minQuantity: "5", recurring: "500" }] }],
    });
    expect(result.success).toBe(false);
    const paths = Object.fromEntries(result.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(paths).toMatchObject({
      id: "Unknown contract",
      slaTier: "Choose an SLA tier",
      endsOn: "The term ends on or after the day it starts",
      "items.1.offeringId": "This offering already has a price in GBP",
      "items.1.recurring": "At most 2 decimal places for GBP",
    });
    expect(paths.rowVersion).toBeDefined();
  });

  it("refuses a band that does not lower the price", () => {
    const result = createContractInput.safeParse({ nodeId: ID, ...terms, items: [{ ...item, bands: [{ minQuantity: "5", recurring: "400" }] }] });
    expect(result.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([["items.0.bands.0.recurring", "A band's monthly price is lower than the item's own"]]);
  });

  it("refuses forged kinds of values without throwing", () => {
    for (const bad of [null, 42, "x", { items: "nope" }, { ...terms, items: [{ ...item, currency: "XXX" }] }, { ...terms, startsOn: "2026-02-30", items: [] }]) {
      expect(createContractInput.safeParse(bad).success).toBe(false);
    }
  });
});
