import "server-only";
import { and, asc, count, eq, exists, inArray, sql } from "drizzle-orm";
import { contractPriceItems, contracts, offeringPrices, productOfferings } from "@/db/schema";
import type { AppAbility } from "@/lib/authz/ability";
import { accessibleWhere } from "@/lib/authz/sql";
import { defineList, direction, type ListRun } from "@/lib/list/define";
import { enumParam, optionalParam, searchParam } from "@/lib/list/params";
import { matchesAny } from "@/lib/list/search";
import { searchText } from "@/lib/text";
import { z } from "zod";

/** Whether the viewer keeps the catalog (CSP administrators), rather than buying from it. */
export const keepsCatalog = (ability: AppAbility) => ability.can("update", "Offering");

/**
 * The catalog. CSP administrators see every offering; everyone else sees what the agreements in
 * force that they may read cover (a customer: its contracts; an account manager: its
 * enterprises'), each with the negotiated prices beside the list prices. The catalog is the CSP's,
 * not a tenant's: the list prices are the same for all; the filter is what concerns the viewer.
 */
export const catalogList = defineList({
  path: "/catalog",
  subject: "Offering",
  filters: {
    q: searchParam,
    category: optionalParam(searchText.pipe(z.string().min(1).max(60))),
    availability: enumParam(["available", "withdrawn"] as const),
  },
  sorts: {
    name: { by: (d) => [direction(d)(sql`lower(${productOfferings.name})`)] },
    code: { by: (d) => [direction(d)(productOfferings.code)] },
    category: { by: (d) => [direction(d)(sql`lower(${productOfferings.category})`), asc(sql`lower(${productOfferings.name})`)] },
    validTo: { by: (d) => [direction(d)(sql`coalesce(${productOfferings.validTo}, '9999-12-31')`)] },
  },
  defaultSort: "category",
  tiebreak: () => [asc(productOfferings.id)],
  pageSize: 50,
  where: (f, run) => [
    f.q ? matchesAny(f.q, [productOfferings.name, productOfferings.code, productOfferings.description]) : undefined,
    f.category ? eq(productOfferings.category, f.category) : undefined,
    f.availability === "available" ? sql`(${productOfferings.isActive} and ${productOfferings.validFrom} <= ${today(run)} and (${productOfferings.validTo} is null or ${productOfferings.validTo} >= ${today(run)}))` : undefined,
    f.availability === "withdrawn" ? sql`(not ${productOfferings.isActive} or ${productOfferings.validFrom} > ${today(run)} or ${productOfferings.validTo} < ${today(run)})` : undefined,
    keepsCatalog(run.ability) ? undefined : coveredFor(run),
  ],
  rows: (db, q) =>
    db
      .select({
        id: productOfferings.id,
        code: productOfferings.code,
        name: productOfferings.name,
        description: productOfferings.description,
        category: productOfferings.category,
        unit: productOfferings.unit,
        isActive: productOfferings.isActive,
        validFrom: productOfferings.validFrom,
        validTo: productOfferings.validTo,
        updatedAt: productOfferings.updatedAt,
      })
      .from(productOfferings)
      .where(q.where)
      .orderBy(...q.orderBy)
      .limit(q.limit)
      .offset(q.offset),
  count: async (db, where) => (await db.select({ n: count() }).from(productOfferings).where(where))[0]?.n ?? 0,
  hydrate: async (rows, run) => {
    const ids = rows.map((r) => r.id);
    if (ids.length === 0) return [];
    const [prices, negotiated] = await Promise.all([
      run.db.select().from(offeringPrices).where(inArray(offeringPrices.offeringId, ids)).orderBy(asc(offeringPrices.currency)),
      run.db
        .select({ offeringId: contractPriceItems.offeringId, currency: contractPriceItems.currency, oneOffMinor: contractPriceItems.oneOffMinor, recurringMinor: contractPriceItems.recurringMinor, reference: contracts.reference, contractId: contracts.id })
        .from(contractPriceItems)
        .innerJoin(contracts, eq(contracts.id, contractPriceItems.contractId))
        .where(and(inArray(contractPriceItems.offeringId, ids), eq(contracts.status, "active"), accessibleWhere(run.ability, "read", "Contract")))
        .orderBy(asc(contracts.reference), asc(contractPriceItems.currency)),
    ]);
    return rows.map((r) => ({
      ...r,
      prices: prices.filter((p) => p.offeringId === r.id).map(({ currency, oneOffMinor, recurringMinor }) => ({ currency, oneOffMinor, recurringMinor })),
      negotiated: negotiated.filter((n) => n.offeringId === r.id).map(({ offeringId: _, ...n }) => n),
    }));
  },
});

const today = (run: ListRun) => run.now.toISOString().slice(0, 10);

/** Offerings priced by an agreement in force that the viewer may read. */
function coveredFor(run: ListRun) {
  return exists(
    run.db
      .select({ one: sql`1` })
      .from(contractPriceItems)
      .innerJoin(contracts, eq(contracts.id, contractPriceItems.contractId))
      .where(and(eq(contractPriceItems.offeringId, productOfferings.id), eq(contracts.status, "active"), accessibleWhere(run.ability, "read", "Contract"))),
  );
}
