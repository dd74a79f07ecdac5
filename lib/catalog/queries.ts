import "server-only";
import { and, asc, eq, gte, inArray, lte } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { contractPriceItems, contracts, contractVolumeBands, offeringPrices, productOfferings } from "@/db/schema";
import type { AppAbility } from "@/lib/authz/ability";
import { authorizeById } from "@/lib/authz/guard";
import { accessibleWhere } from "@/lib/authz/sql";
import { todayIn } from "@/lib/time";

export type ListPrice = { currency: string; oneOffMinor: number; recurringMinor: number };
export type CatalogOffering = typeof productOfferings.$inferSelect & { prices: ListPrice[] };
export type CoveredOffering = {
  offering: typeof productOfferings.$inferSelect;
  contract: { id: string; name: string; reference: string; version: number };
  currency: string;
  oneOffMinor: number;
  recurringMinor: number;
  list: ListPrice | null;
  bands: { minQuantity: number; recurringMinor: number }[];
};

/**
 * The catalog as the viewer may see it. CSP staff who keep it see every offering with its list
 * prices and validity. A customer sees what their contracts in force cover, priced as negotiated,
 * beside the list price (DESIGN.md: customers read what their contracts cover).
 */
export async function catalogFor(db: Executor, ability: AppAbility, now = new Date()) {
  const prices = await db.select().from(offeringPrices).orderBy(asc(offeringPrices.currency));
  if (ability.can("update", "Offering")) {
    const offerings = await db.select().from(productOfferings).orderBy(asc(productOfferings.category), asc(productOfferings.name));
    return { manage: true as const, offerings: offerings.map((o) => ({ ...o, prices: prices.filter((p) => p.offeringId === o.id) })) satisfies CatalogOffering[] };
  }
  const today = todayIn("UTC", now);
  const inForce = await db
    .select({ id: contracts.id, name: contracts.name, reference: contracts.reference, version: contracts.version })
    .from(contracts)
    .where(and(accessibleWhere(ability, "read", "Contract"), eq(contracts.status, "active"), lte(contracts.startsOn, today), gte(contracts.endsOn, today)));
  if (inForce.length === 0) return { manage: false as const, covered: [] as CoveredOffering[] };
  const items = await db
    .select({ item: contractPriceItems, offering: productOfferings })
    .from(contractPriceItems)
    .innerJoin(productOfferings, eq(productOfferings.id, contractPriceItems.offeringId))
    .where(inArray(contractPriceItems.contractId, inForce.map((c) => c.id)))
    .orderBy(asc(productOfferings.category), asc(productOfferings.name), asc(contractPriceItems.currency));
  const bands = items.length ? await db.select().from(contractVolumeBands).where(inArray(contractVolumeBands.priceItemId, items.map((i) => i.item.id))).orderBy(asc(contractVolumeBands.minQuantity)) : [];
  const covered: CoveredOffering[] = items
    .filter(({ offering: o }) => o.isActive && o.validFrom <= today && (o.validTo == null || o.validTo >= today))
    .map(({ item, offering }) => ({
      offering,
      contract: inForce.find((c) => c.id === item.contractId)!,
      currency: item.currency,
      oneOffMinor: item.oneOffMinor,
      recurringMinor: item.recurringMinor,
      list: prices.find((p) => p.offeringId === offering.id && p.currency === item.currency) ?? null,
      bands: bands.filter((b) => b.priceItemId === item.id).map((b) => ({ minQuantity: b.minQuantity, recurringMinor: b.recurringMinor })),
    }));
  return { manage: false as const, covered };
}

/** One offering with its list prices, for the edit form (CSP staff; 403 for others, and 404 for an unknown id). */
export async function getOfferingForEdit(db: Executor, ability: AppAbility, id: string): Promise<CatalogOffering> {
  await authorizeById(db, ability, "update", "Offering", id);
  const [offering] = await db.select().from(productOfferings).where(eq(productOfferings.id, id));
  const prices = await db.select().from(offeringPrices).where(eq(offeringPrices.offeringId, id)).orderBy(asc(offeringPrices.currency));
  return { ...offering!, prices };
}
