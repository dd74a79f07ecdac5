import "server-only";
import { asc, count, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { accountNodes, billDisputes, billSplits, bills } from "@/db/schema";
import { defineList, direction } from "@/lib/list/define";
import { enumParam, idParam, optionalParam, searchParam } from "@/lib/list/params";
import { matchesAny } from "@/lib/list/search";
import { AGEING_BUCKETS, ageingBucketSql, BILL_STATES, billState, billStateSql } from "./state";

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
/** "2026-10" → "2026-10-01": bills are keyed by the first day of their month. */
export const monthStart = (m: string) => `${m}-01`;
/** Today as a calendar date (UTC): bills are due on a day, and overdue from the next. */
export const todayOf = (now: Date) => now.toISOString().slice(0, 10);

/**
 * The bills list: bills of the billing accounts the ability may read, latest period first, by
 * number or account, state (issued, part-paid, overdue, paid: from payments and the due date),
 * billing account, and a range of months.
 */
export const billsList = defineList({
  path: "/bills",
  subject: "Bill",
  filters: {
    q: searchParam,
    status: enumParam(BILL_STATES),
    account: idParam,
    from: optionalParam(month),
    to: optionalParam(month),
    // The consolidation's figures link here: the bills under a node, in a currency, with charges
    // for a cost centre or a site, or unpaid in an ageing bucket.
    node: idParam,
    currency: optionalParam(z.string().regex(/^[A-Z]{3}$/)),
    subAccount: idParam,
    site: idParam,
    age: enumParam(AGEING_BUCKETS),
    /** "1": bills not paid in full, whatever their state. */
    open: enumParam(["1"]),
  },
  sorts: {
    period: { by: (d) => [direction(d)(bills.periodStart)], first: "desc" },
    due: { by: (d) => [direction(d)(bills.dueOn)], first: "desc" },
    total: { by: (d) => [direction(d)(bills.currency), direction(d)(bills.totalMinor)], first: "desc" },
    account: { by: (d) => [direction(d)(accountNodes.name)] },
  },
  defaultSort: "period",
  tiebreak: () => [asc(accountNodes.name), asc(bills.id)],
  pageSize: 25,
  where: (f, { now }) => [
    f.q ? matchesAny(f.q, [bills.number, sql`(select n.name from ${accountNodes} n where n.id = ${bills.billingAccountId})`]) : undefined,
    f.status ? sql`${billStateSql(todayOf(now))} = ${f.status}` : undefined,
    f.account ? eq(bills.billingAccountId, f.account) : undefined,
    f.from ? sql`${bills.periodStart} >= ${monthStart(f.from)}::date` : undefined,
    f.to ? sql`${bills.periodStart} <= ${monthStart(f.to)}::date` : undefined,
    // Paths are ids and slashes (no LIKE wildcards), so a node's own path is its prefix.
    f.node ? sql`exists (select 1 from ${accountNodes} n join ${accountNodes} f on f.id = ${f.node} where n.id = ${bills.billingAccountId} and n.path like f.path || '%')` : undefined,
    f.currency ? eq(bills.currency, f.currency) : undefined,
    f.subAccount ? sql`exists (select 1 from ${billSplits} s where s.bill_id = ${bills.id} and s.dimension = 'sub_account' and s.key_id = ${f.subAccount})` : undefined,
    f.site ? sql`exists (select 1 from ${billSplits} s where s.bill_id = ${bills.id} and s.dimension = 'site' and s.key_id = ${f.site})` : undefined,
    f.open ? sql`${bills.paidMinor} < ${bills.totalMinor}` : undefined,
    f.age ? sql`${bills.paidMinor} < ${bills.totalMinor} and ${ageingBucketSql(todayOf(now))} = ${f.age}` : undefined,
  ],
  rows: (db, q) =>
    db
      .select({
        id: bills.id,
        number: bills.number,
        periodStart: bills.periodStart,
        currency: bills.currency,
        subtotalMinor: bills.subtotalMinor,
        taxMinor: bills.taxMinor,
        totalMinor: bills.totalMinor,
        paidMinor: bills.paidMinor,
        dueOn: bills.dueOn,
        accountName: accountNodes.name,
        disputedMinor: sql<number>`(select coalesce(sum(d.amount_minor + d.tax_minor), 0) from ${billDisputes} d where d.bill_id = ${bills.id} and d.status = 'open')`.mapWith(Number),
      })
      .from(bills)
      .innerJoin(accountNodes, eq(accountNodes.id, bills.billingAccountId))
      .where(q.where)
      .orderBy(...q.orderBy)
      .limit(q.limit)
      .offset(q.offset),
  count: async (db, where) => (await db.select({ n: count() }).from(bills).where(where))[0]?.n ?? 0,
  hydrate: async (rows, { now }) => rows.map((r) => ({ ...r, status: billState(r, todayOf(now)) })),
});
