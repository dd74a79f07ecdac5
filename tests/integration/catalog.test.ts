import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditEvents, offeringPrices, productOfferings } from "@/db/schema";
import { createOffering, updateOffering } from "@/lib/catalog/mutations";
import { catalogFor, getOfferingForEdit } from "@/lib/catalog/queries";
import { offeringInput, updateOfferingInput } from "@/lib/catalog/schemas";
import { demoId } from "@/lib/demo/ids";
import { ConflictError, ForbiddenError } from "@/lib/errors";
import { resetDemoData } from "../support/db";
import { contextFor } from "../support/principals";

let db: Db;
beforeEach(async () => {
  db = await resetDemoData();
});

const FIREWALL = demoId("offering:FIREWALL");
const firewallEdit = (patch: Record<string, unknown> = {}) =>
  updateOfferingInput.parse({
    id: FIREWALL,
    code: "FIREWALL",
    name: "Managed Firewall",
    description: "Next-generation firewall, managed 24/7.",
    category: "Security",
    unit: "site",
    validFrom: "2020-01-01",
    validTo: "",
    isActive: true,
    prices: [
      { currency: "GBP", oneOff: "400.00", monthly: "310.00" },
      { currency: "EUR", oneOff: "460", monthly: "350" },
    ],
    ...patch,
  });

describe("the catalog", () => {
  it("shows CSP staff every offering with its list prices", async () => {
    const view = await catalogFor(db, (await contextFor(db, "csp.admin@csp.example")).ability);
    expect(view.manage).toBe(true);
    if (!view.manage) return;
    expect(view.offerings.map((o) => o.code)).toContain("FIREWALL");
    expect(view.offerings.find((o) => o.code === "FIREWALL")!.prices.map((p) => p.currency)).toEqual(["EUR", "GBP", "USD"]);
  });

  it("shows a customer what their contract covers, negotiated against list", async () => {
    const view = await catalogFor(db, (await contextFor(db, "orderer@acme.example")).ability);
    expect(view.manage).toBe(false);
    if (view.manage) return;
    const firewall = view.covered.find((c) => c.offering.code === "FIREWALL" && c.currency === "GBP")!;
    expect(firewall).toMatchObject({ oneOffMinor: 30_000, recurringMinor: 25_000, list: { oneOffMinor: 40_000, recurringMinor: 30_000 } });
    expect(view.covered.find((c) => c.offering.code === "FIBRE-1G" && c.currency === "GBP")!.bands).toEqual([
      { minQuantity: 5, recurringMinor: 36_000 },
      { minQuantity: 10, recurringMinor: 33_000 },
    ]);
    // Globex has no contract in force: nothing is offered to it.
    const globex = await catalogFor(db, (await contextFor(db, "admin@globex.example")).ability);
    expect(globex.manage ? [] : globex.covered).toEqual([]);
  });

  it("CSP staff change list prices and validity, recorded in the audit log; a withdrawn offering leaves customers' catalogs", async () => {
    const csp = await contextFor(db, "csp.admin@csp.example");
    await updateOffering(db, csp, firewallEdit({ isActive: false }));
    const prices = await db.select().from(offeringPrices).where(eq(offeringPrices.offeringId, FIREWALL));
    expect(prices.map((p) => [p.currency, p.oneOffMinor, p.recurringMinor]).sort()).toEqual([
      ["EUR", 46_000, 35_000],
      ["GBP", 40_000, 31_000],
    ]);
    const [event] = await db.select().from(auditEvents).where(eq(auditEvents.action, "offering.update"));
    expect(event).toMatchObject({ subjectId: FIREWALL, actorId: demoId("user:csp.admin@csp.example") });
    const view = await catalogFor(db, (await contextFor(db, "orderer@acme.example")).ability);
    expect(view.manage ? [] : view.covered.filter((c) => c.offering.code === "FIREWALL")).toEqual([]);
  });

  it("customers and account managers may not change the catalog", async () => {
    for (const email of ["admin@acme.example", "am@csp.example"]) {
      const ctx = await contextFor(db, email);
      await expect(updateOffering(db, ctx, firewallEdit())).rejects.toBeInstanceOf(ForbiddenError);
      await expect(getOfferingForEdit(db, ctx.ability, FIREWALL)).rejects.toBeInstanceOf(ForbiddenError);
    }
    const [row] = await db.select().from(productOfferings).where(eq(productOfferings.id, FIREWALL));
    expect(row!.isActive).toBe(true);
  });

  it("refuses bad input by field, and a duplicate code", async () => {
    const bad = offeringInput.safeParse({ ...firewallEdit(), code: "x", validFrom: "2026-02-30", validTo: "2019-01-01", prices: [{ currency: "GBP", oneOff: "1.234", monthly: "ten" }, { currency: "GBP", oneOff: "0", monthly: "0" }] });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["code", "validFrom"]));
    const csp = await contextFor(db, "csp.admin@csp.example");
    const { id: _, ...fields } = firewallEdit();
    await expect(createOffering(db, csp, fields)).rejects.toBeInstanceOf(ConflictError);
    const created = await createOffering(db, csp, { ...fields, code: "SASE-EDGE", name: "SASE Edge" });
    expect((await db.select().from(offeringPrices).where(eq(offeringPrices.offeringId, created.id))).length).toBe(2);
  });
});
