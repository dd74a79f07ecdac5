import "server-only";
import { eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { offeringPrices, productOfferings } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { authorize, authorizeById } from "@/lib/authz/guard";
import type { Ctx } from "@/lib/context";
import { ConflictError, isUniqueViolation } from "@/lib/errors";
import type { OfferingInput, UpdateOfferingInput } from "./schemas";

const fieldsOf = ({ prices: _, ...rest }: OfferingInput) => rest;

async function current(tx: Executor, id: string) {
  const [offering] = await tx.select().from(productOfferings).where(eq(productOfferings.id, id));
  const prices = await tx.select().from(offeringPrices).where(eq(offeringPrices.offeringId, id));
  return { offering: offering!, prices: prices.map((p) => ({ currency: p.currency, oneOffMinor: p.oneOffMinor, recurringMinor: p.recurringMinor })) };
}

/**
 * CSP staff add an offering to the catalog with its list prices. Contracts then price it; a
 * customer sees it only once a contract of theirs covers it.
 */
export async function createOffering(db: Executor, ctx: Ctx, input: OfferingInput, now = new Date()) {
  authorize(ctx.ability, "create", "Offering", {});
  try {
    return await db.transaction(async (tx) => {
      const [created] = await tx.insert(productOfferings).values({ ...fieldsOf(input), updatedAt: now }).returning({ id: productOfferings.id });
      await tx.insert(offeringPrices).values(input.prices.map((p) => ({ ...p, offeringId: created!.id })));
      await recordAudit(tx, ctx.principal, ctx.requestId, {
        action: "offering.create",
        subjectType: "Offering",
        subjectId: created!.id,
        enterpriseId: null,
        summary: `Added ${input.name} (${input.code}) to the catalog`,
        after: input,
      });
      return created!;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`An offering with the code ${input.code} exists already.`);
    throw error;
  }
}

/**
 * Edits an offering and its list prices. Negotiated contract prices and the prices already on
 * orders and installed services do not change: they are their own snapshots.
 */
export async function updateOffering(db: Executor, ctx: Ctx, input: UpdateOfferingInput, now = new Date()) {
  const { id, ...fields } = input;
  await authorizeById(db, ctx.ability, "update", "Offering", id);
  try {
    return await db.transaction(async (tx) => {
      const before = await current(tx, id);
      await tx.update(productOfferings).set({ ...fieldsOf(fields), updatedAt: now }).where(eq(productOfferings.id, id));
      await tx.delete(offeringPrices).where(eq(offeringPrices.offeringId, id));
      await tx.insert(offeringPrices).values(fields.prices.map((p) => ({ ...p, offeringId: id })));
      await recordAudit(tx, ctx.principal, ctx.requestId, {
        action: "offering.update",
        subjectType: "Offering",
        subjectId: id,
        enterpriseId: null,
        summary: `Changed ${fields.name} (${fields.code}) in the catalog`,
        before: { ...before.offering, prices: before.prices },
        after: fields,
      });
      return { id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`An offering with the code ${fields.code} exists already.`);
    throw error;
  }
}
