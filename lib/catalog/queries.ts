import "server-only";
import { asc, eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { offeringPrices, productOfferings } from "@/db/schema";
import type { AppAbility } from "@/lib/authz/ability";
import { authorizeById } from "@/lib/authz/guard";
import { PRICE_CURRENCIES } from "@/lib/contracts/labels";
import { formatMajorAmount } from "@/lib/money";

/** The categories offerings are filed under, for the catalog's filter. */
export async function catalogCategories(db: Executor): Promise<string[]> {
  const rows = await db.selectDistinct({ category: productOfferings.category }).from(productOfferings).orderBy(asc(productOfferings.category)).limit(200);
  return rows.map((r) => r.category);
}

export type OfferingFormValues = {
  code: string;
  name: string;
  description: string;
  category: string;
  unit: string;
  isActive: boolean;
  validFrom: string;
  validTo: string;
  prices: { currency: string; oneOff: string; recurring: string }[];
};

/** An offering for its edit form (CSP administrators): 404 when unknown, 403 for who may not keep the catalog. */
export async function getOfferingForEdit(db: Executor, ability: AppAbility, id: string): Promise<{ id: string; version: string; values: OfferingFormValues }> {
  await authorizeById(db, ability, "update", "Offering", id);
  const [o] = await db.select().from(productOfferings).where(eq(productOfferings.id, id));
  const prices = await db.select().from(offeringPrices).where(eq(offeringPrices.offeringId, id));
  return {
    id,
    version: o!.updatedAt.toISOString(),
    values: {
      code: o!.code,
      name: o!.name,
      description: o!.description,
      category: o!.category,
      unit: o!.unit,
      isActive: o!.isActive,
      validFrom: o!.validFrom,
      validTo: o!.validTo ?? "",
      prices: PRICE_CURRENCIES.map((currency) => {
        const p = prices.find((x) => x.currency === currency);
        return { currency, oneOff: p ? formatMajorAmount(p.oneOffMinor, currency) : "", recurring: p ? formatMajorAmount(p.recurringMinor, currency) : "" };
      }),
    },
  };
}
