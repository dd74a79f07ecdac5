import "server-only";
import { eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { offeringPrices, productOfferings, type ProductOffering } from "@/db/schema";
import { diff, recordAudit } from "@/lib/audit/record";
import { authorize, authorizeLocked } from "@/lib/authz/guard";
import type { Ctx } from "@/lib/context";
import { ConflictError, isUniqueViolation } from "@/lib/errors";
import type { CreateOfferingInput, OfferingPriceFields, UpdateOfferingInput } from "./schemas";

function editable(o: Pick<ProductOffering, "name" | "description" | "category" | "unit" | "isActive" | "validFrom" | "validTo">, prices: OfferingPriceFields[]) {
  return {
    name: o.name,
    description: o.description,
    category: o.category,
    unit: o.unit,
    isActive: o.isActive,
    validFrom: o.validFrom,
    validTo: o.validTo ?? null,
    prices: Object.fromEntries([...prices].sort((a, b) => a.currency.localeCompare(b.currency)).map((p) => [p.currency, [p.oneOffMinor, p.recurringMinor]])),
  };
}

const STALE = "Someone changed this offering since you opened it. Reload it to see their changes, then make yours again: nothing was saved.";

/**
 * Changes an offering and its list prices (CSP administrators), from the version the editor read
 * (its last change time): a stale edit is a conflict. Negotiated contract prices are not touched;
 * orders already placed keep their price snapshot.
 */
export async function updateOffering(db: Executor, ctx: Ctx, input: UpdateOfferingInput, now = new Date()) {
  const { id, version, prices, ...fields } = input;
  return db.transaction(async (tx) => {
    await authorizeLocked(tx, ctx.ability, "update", "Offering", id);
    const [before] = await tx.select().from(productOfferings).where(eq(productOfferings.id, id));
    if (before!.updatedAt.toISOString() !== version) throw new ConflictError(STALE);
    const pricesBefore = await tx.select().from(offeringPrices).where(eq(offeringPrices.offeringId, id));
    const change = diff(editable(before!, pricesBefore), editable(fields, prices));
    if (Object.keys(change.after).length === 0) return { id, name: before!.name, changed: false };
    const [after] = await tx.update(productOfferings).set({ ...fields, updatedAt: now }).where(eq(productOfferings.id, id)).returning();
    await tx.delete(offeringPrices).where(eq(offeringPrices.offeringId, id));
    await tx.insert(offeringPrices).values(prices.map((p) => ({ ...p, offeringId: id })));
    await recordAudit(tx, ctx.principal, ctx.requestId, {
      action: "offering.update",
      subjectType: "Offering",
      subjectId: id,
      enterpriseId: null,
      summary: `Updated offering ${after!.code} (${Object.keys(change.after).join(", ")})`,
      before: change.before,
      after: change.after,
    });
    return { id, name: after!.name, changed: true };
  });
}

/** Adds an offering to the catalog with its list prices (CSP administrators); the code is unique. */
export async function createOffering(db: Executor, ctx: Ctx, input: CreateOfferingInput, now = new Date()) {
  authorize(ctx.ability, "create", "Offering", {});
  const { prices, ...fields } = input;
  try {
    return await db.transaction(async (tx) => {
      const [created] = await tx.insert(productOfferings).values({ ...fields, updatedAt: now }).returning();
      await tx.insert(offeringPrices).values(prices.map((p) => ({ ...p, offeringId: created!.id })));
      await recordAudit(tx, ctx.principal, ctx.requestId, {
        action: "offering.create",
        subjectType: "Offering",
        subjectId: created!.id,
        enterpriseId: null,
        summary: `Added offering ${created!.code} (${created!.name}) to the catalog`,
        before: null,
        after: editable(created!, prices),
      });
      return { id: created!.id, name: created!.name, changed: true };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`An offering with the code ${fields.code} already exists.`);
    throw error;
  }
}
