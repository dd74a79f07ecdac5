import "server-only";
import { and, asc, count, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Executor } from "@/db/client";
import type { AppAbility } from "@/lib/authz/ability";
import { accessibleWhere } from "@/lib/authz/sql";
import { z } from "zod";
import { accountNodes, billDisputes, billSplits, bills, sites } from "@/db/schema";
import { defineList, direction } from "@/lib/list/define";
import { enumParam, idParam, optionalParam, searchParam } from "@/lib/list/params";
import { matchesAny } from "@/lib/list/search";
import { AGEING_BUCKETS, ageingBucketWhere, BILL_STATES, billState, billStateWhere } from "./state";

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
/** "2026-10" → "2026-10-01": bills are keyed by the first day of their month. */
export const monthStart = (m: string) => `${m}-01`;
/** Today as a calendar date (UTC): bills are due on a day, and overdue from the next. */
export const todayOf = (now: Date) => now.toISOString().slice(0, 10);

/**
 * The filters of bills, shared by the bills list and the CSV of their lines (so an export holds
 * the bills the list shows): search, state, billing account, months, and the consolidation's
 * drill-downs — under a node, in a currency, charging a cost centre or a site, unpaid, by age.
 */
export const billFilters = {
    q: searchParam,
    status: enumParam(BILL_STATES),
    account: idParam,
    from: optionalParam(month),
    to: optionalParam(month),
    node: idParam,
    currency: optionalParam(z.string().regex(/^[A-Z]{3}$/)),
    subAccount: idParam,
    site: idParam,
    age: enumParam(AGEING_BUCKETS),
    /** "1": bills not paid in full, whatever their state. */
    open: enumParam(["1"]),
};

type BillFilterValues = { [K in keyof typeof billFilters]: z.output<(typeof billFilters)[K]> };

/** The conditions on `bills` for those filters (the read scope is the list contract's). */
export function billConditions(f: Partial<BillFilterValues>, now: Date): (SQL | undefined)[] {
  const today = todayOf(now);
  return [
    f.q ? matchesAny(f.q, [bills.number, sql`(select n.name from ${accountNodes} n where n.id = ${bills.billingAccountId})`]) : undefined,
    f.status ? billStateWhere(f.status, today) : undefined,
    f.account ? eq(bills.billingAccountId, f.account) : undefined,
    f.from ? sql`${bills.periodStart} >= ${monthStart(f.from)}::date` : undefined,
    f.to ? sql`${bills.periodStart} <= ${monthStart(f.to)}::date` : undefined,
    // Paths are ids and slashes (no LIKE wildcards), so a node's own path is its prefix.
    f.node ? sql`exists (select 1 from ${accountNodes} n join ${accountNodes} f on f.id = ${f.node} where n.id = ${bills.billingAccountId} and n.path like f.path || '%')` : undefined,
    f.currency ? eq(bills.currency, f.currency) : undefined,
    f.subAccount ? sql`exists (select 1 from ${billSplits} s where s.bill_id = ${bills.id} and s.dimension = 'sub_account' and s.key_id = ${f.subAccount})` : undefined,
    f.site ? sql`exists (select 1 from ${billSplits} s where s.bill_id = ${bills.id} and s.dimension = 'site' and s.key_id = ${f.site})` : undefined,
    f.open ? sql`${bills.paidMinor} < ${bills.totalMinor}` : undefined,
    f.age ? and(sql`${bills.paidMinor} < ${bills.totalMinor}`, ageingBucketWhere(f.age, today)) : undefined,
  ];
}

/**
 * The bills list: bills of the billing accounts the ability may read, latest period first, by
 * number or account, state (issued, part-paid, overdue, paid: from payments and the due date),
 * billing account, and a range of months.
 */
export const billsList = defineList({
  path: "/bills",
  subject: "Bill",
  filters: billFilters,
  sorts: {
    period: { by: (d) => [direction(d)(bills.periodStart)], first: "desc" },
    due: { by: (d) => [direction(d)(bills.dueOn)], first: "desc" },
    total: { by: (d) => [direction(d)(bills.currency), direction(d)(bills.totalMinor)], first: "desc" },
    account: { by: (d) => [direction(d)(accountNodes.name)] },
  },
  defaultSort: "period",
  tiebreak: () => [asc(accountNodes.name), asc(bills.id)],
  pageSize: 25,
  where: (f, { now }) => billConditions(f, now),
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
  count: async (db, where) => (await db.select({ n: count() }).from(bills).innerJoin(accountNodes, eq(accountNodes.id, bills.billingAccountId)).where(where))[0]?.n ?? 0,
  // Both queries join the billing account (for its name): the scope reads its path there.
  scopeJoin: { node: bills.billingAccountId, path: accountNodes.path },
  hydrate: async (rows, { now }) => rows.map((r) => ({ ...r, status: billState(r, todayOf(now)) })),
});

/**
 * The currencies of the bills in scope (the currency filter's choices) and names for the
 * drill-down filters a bills URL carries (from the billing overview's links), so the page can say
 * what it is narrowed to. Only names the reader may read: anything else is "another
 * account" (an id in a URL never reveals a name).
 */
export async function billFilterChoices(db: Executor, ability: AppAbility, f: { node?: string; account?: string; subAccount?: string; site?: string }) {
  const nodeIds = [f.node, f.account, f.subAccount].filter((x): x is string => Boolean(x));
  const [currencies, nodes, siteRows] = await Promise.all([
    db.selectDistinct({ currency: bills.currency }).from(bills).where(accessibleWhere(ability, "read", "Bill")).orderBy(bills.currency),
    nodeIds.length ? db.select({ id: accountNodes.id, name: accountNodes.name }).from(accountNodes).where(and(inArray(accountNodes.id, nodeIds), accessibleWhere(ability, "read", "AccountNode"))) : [],
    f.site ? db.select({ id: sites.id, name: sites.name }).from(sites).where(and(eq(sites.id, f.site), accessibleWhere(ability, "read", "Site"))) : [],
  ]);
  const name = (id: string | undefined, rows: { id: string; name: string }[]) => (id ? (rows.find((r) => r.id === id)?.name ?? "another account") : undefined);
  return { currencies: currencies.map((c) => c.currency), node: name(f.node, nodes), account: name(f.account, nodes), subAccount: name(f.subAccount, nodes), site: f.site ? (siteRows[0]?.name ?? "another site") : undefined };
}
