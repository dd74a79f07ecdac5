import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { accountNodes, billLines, bills, productOfferings, sites } from "@/db/schema";
import type { AppAbility } from "@/lib/authz/ability";
import { authorizeById } from "@/lib/authz/guard";
import { billState } from "./state";

/** One bill with its lines and its split by sub-account; 404 when not readable. */
export async function getBill(db: Executor, ability: AppAbility, id: string) {
  await authorizeById(db, ability, "read", "Bill", id);
  const [bill] = await db
    .select({ bill: bills, accountName: accountNodes.name })
    .from(bills)
    .innerJoin(accountNodes, eq(accountNodes.id, bills.billingAccountId))
    .where(eq(bills.id, id));
  const [lines, bySubAccount] = await Promise.all([
    db
      .select({ line: billLines, subAccountName: accountNodes.name, siteName: sites.name, offeringName: productOfferings.name })
      .from(billLines)
      .innerJoin(accountNodes, eq(accountNodes.id, billLines.subAccountId))
      .leftJoin(sites, eq(sites.id, billLines.siteId))
      .leftJoin(productOfferings, eq(productOfferings.id, billLines.offeringId))
      .where(eq(billLines.billId, id))
      .orderBy(asc(accountNodes.name), asc(billLines.description)),
    db
      .select({
        subAccountId: billLines.subAccountId,
        name: accountNodes.name,
        amountMinor: sql<number>`sum(${billLines.amountMinor})::bigint`.mapWith(Number),
        taxMinor: sql<number>`sum(${billLines.taxMinor})::bigint`.mapWith(Number),
      })
      .from(billLines)
      .innerJoin(accountNodes, eq(accountNodes.id, billLines.subAccountId))
      .where(and(eq(billLines.billId, id)))
      .groupBy(billLines.subAccountId, accountNodes.name)
      .orderBy(asc(accountNodes.name)),
  ]);
  return { ...bill!, state: billState(bill!.bill, new Date().toISOString().slice(0, 10)), lines, bySubAccount };
}
