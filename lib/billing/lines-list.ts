import "server-only";
import { asc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { accountNodes, billDisputes, billLines, bills, productOfferings, sites } from "@/db/schema";
import { defineList, direction } from "@/lib/list/define";
import { idParam } from "@/lib/list/params";
import { billConditions, billFilters } from "./list";

const billingAccounts = alias(accountNodes, "billing_account");
const subAccounts = alias(accountNodes, "sub_account");

/**
 * Bill lines across the bills in scope: one bill's, or a period's across every billing account the
 * reader may read. Scoped by the bills' read (and export) rules like the bills list, so a line is
 * never seen without its bill. It feeds the CSV export of lines (lines-export.ts).
 */
export const billLinesList = defineList({
  path: "/bills",
  subject: "Bill",
  // The bills list's filters (the same bills), and one bill.
  filters: { ...billFilters, bill: idParam },
  sorts: { bill: { by: (d) => [direction(d)(bills.number)] } },
  defaultSort: "bill",
  tiebreak: () => [asc(billLines.id)],
  pageSize: 100,
  where: (f, { now }) => [
    f.bill ? eq(bills.id, f.bill) : undefined,
    ...billConditions(f, now),
    // Narrowed to a cost centre or a site, the export holds that cost centre's or site's lines only.
    f.subAccount ? eq(billLines.subAccountId, f.subAccount) : undefined,
    f.site ? eq(billLines.siteId, f.site) : undefined,
  ],
  rows: (db, q) =>
    db
      .select({
        id: billLines.id,
        billNumber: bills.number,
        periodStart: bills.periodStart,
        currency: bills.currency,
        dueOn: bills.dueOn,
        accountName: billingAccounts.name,
        subAccountName: subAccounts.name,
        subAccountCode: subAccounts.code,
        siteName: sites.name,
        offeringName: productOfferings.name,
        kind: billLines.kind,
        description: billLines.description,
        quantity: billLines.quantity,
        amountMinor: billLines.amountMinor,
        taxMinor: billLines.taxMinor,
        disputeStatus: sql<string | null>`(select d.status from ${billDisputes} d where d.bill_line_id = ${billLines.id} order by d.created_at desc limit 1)`,
      })
      .from(billLines)
      .innerJoin(bills, eq(bills.id, billLines.billId))
      .innerJoin(billingAccounts, eq(billingAccounts.id, bills.billingAccountId))
      .innerJoin(subAccounts, eq(subAccounts.id, billLines.subAccountId))
      .leftJoin(sites, eq(sites.id, billLines.siteId))
      .leftJoin(productOfferings, eq(productOfferings.id, billLines.offeringId))
      .where(q.where)
      .orderBy(...q.orderBy)
      .limit(q.limit)
      .offset(q.offset),
  count: async (db, where) => (await db.select({ n: sql<number>`count(*)::int` }).from(billLines).innerJoin(bills, eq(bills.id, billLines.billId)).where(where))[0]?.n ?? 0,
  keyset: {
    dir: "asc",
    keys: [
      { expr: bills.number, value: (r) => sql`${r.billNumber}` },
      { expr: billLines.id, value: (r) => sql`${r.id}::uuid` },
    ],
  },
});

export type BillLinesFilters = ReturnType<typeof billLinesList.filtersOf>;
export type BillLineRow = Awaited<ReturnType<typeof billLinesList.page>>["rows"][number];
