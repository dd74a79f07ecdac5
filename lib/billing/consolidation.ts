import "server-only";
import { and, asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "@/db/client";
import { accountNodes, bills, sites } from "@/db/schema";
import type { AppAbility } from "@/lib/authz/ability";
import { likePrefix } from "@/lib/authz/paths";
import { accessibleWhere } from "@/lib/authz/sql";
import { firstValues, idParam, optionalParam, type SearchParamsInput } from "@/lib/list/params";
import { AGEING_BUCKETS, ageingBucketSql, type AgeingBucket } from "./state";

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
const paramsSchema = z.object({ node: idParam, from: optionalParam(month), to: optionalParam(month) });

/** How many cost centres and sites a currency's breakdown names; the rest are summed as "others". */
export const TOP = 10;
/** The most nodes the scope picker lists (a CSP administrator reads every enterprise's). */
const MAX_NODES = 300;

export type ConsolidationParams = { node?: string; from?: string; to?: string };
export type Spend = { id: string | null; name: string; totalMinor: number; bills: number };
export type AccountTotals = { id: string; name: string; legalEntity: string | null; bills: number; netMinor: number; taxMinor: number; totalMinor: number; openMinor: number };
export type Ageing = Record<AgeingBucket, number>;
export type CurrencyConsolidation = {
  currency: string;
  bills: number;
  netMinor: number;
  taxMinor: number;
  totalMinor: number;
  openMinor: number;
  accounts: AccountTotals[];
  months: { month: string; totalMinor: number; bills: number }[];
  costCentres: { top: Spend[]; others: { count: number; totalMinor: number } };
  sites: { top: Spend[]; others: { count: number; totalMinor: number } };
  ageing: { total: Ageing; accounts: { id: string; name: string; buckets: Ageing }[] };
};

/** A consolidation's URL: nothing in it is an error; a malformed value falls back to its default. */
export function consolidationParams(input: SearchParamsInput): ConsolidationParams {
  return paramsSchema.parse(firstValues(input));
}

/** "2026-10" plus n months (n may be negative). */
export function addMonths(m: string, n: number): string {
  const [y, mo] = m.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, mo - 1 + n, 1)).toISOString().slice(0, 7);
}

/** The twelve months ending with `to`, oldest first. */
export function twelveMonths(to: string): string[] {
  return Array.from({ length: 12 }, (_, i) => addMonths(to, i - 11));
}

const emptyAgeing = (): Ageing => Object.fromEntries(AGEING_BUCKETS.map((b) => [b, 0])) as Ageing;
const num = (v: unknown) => Number(v ?? 0);

/** The largest amount first (then by id, so ties always fall the same way). */
function byAmount(rows: { id: string | null; totalMinor: number; bills: number }[]) {
  return [...rows].sort((a, b) => b.totalMinor - a.totalMinor || String(a.id).localeCompare(String(b.id)));
}

/** How many billing accounts the overview lists per table; the rest are one summed row. */
export const ACCOUNTS_SHOWN = 10;

/**
 * The billing accounts an overview table lists — the largest totals first — and the rest summed,
 * so a page over two hundred accounts stays readable (and light); the bills list has them all.
 */
export function accountsShown(c: CurrencyConsolidation, n = ACCOUNTS_SHOWN) {
  const sorted = [...c.accounts].sort((a, b) => b.totalMinor - a.totalMinor || a.name.localeCompare(b.name));
  const rest = sorted.slice(n);
  const sum = (k: "bills" | "netMinor" | "totalMinor" | "openMinor") => rest.reduce((t, a) => t + a[k], 0);
  return { shown: sorted.slice(0, n), others: { count: rest.length, bills: sum("bills"), netMinor: sum("netMinor"), totalMinor: sum("totalMinor"), openMinor: sum("openMinor") } };
}

/** The accounts with the most overdue first (then the most unpaid), and the rest summed per bucket. */
export function ageingShown(c: CurrencyConsolidation, n = ACCOUNTS_SHOWN) {
  const overdue = (a: Ageing) => AGEING_BUCKETS.reduce((t, b) => t + (b === "current" ? 0 : a[b]), 0);
  const unpaid = (a: Ageing) => AGEING_BUCKETS.reduce((t, b) => t + a[b], 0);
  const sorted = [...c.ageing.accounts].sort((a, b) => overdue(b.buckets) - overdue(a.buckets) || unpaid(b.buckets) - unpaid(a.buckets) || a.name.localeCompare(b.name));
  const rest = sorted.slice(n);
  const buckets = emptyAgeing();
  for (const a of rest) for (const b of AGEING_BUCKETS) buckets[b] += a.buckets[b];
  return { shown: sorted.slice(0, n), others: { count: rest.length, buckets } };
}

/**
 * The consolidation of bills for a legal entity, a billing account or everything the reader may
 * read (an enterprise, or every enterprise for CSP staff): per currency — amounts in different
 * currencies are never added — the totals per billing account, the twelve months up to `to`, spend
 * by cost centre and by site (from the bill run's splits, so they add up to the bills exactly),
 * and the ageing of what is unpaid (all open bills, whatever the period). Every query is scoped by
 * the bills' read rules in SQL; a node the reader may not read is ignored with a notice.
 */
export async function consolidation(db: Executor, ability: AppAbility, params: ConsolidationParams, today: string, top = TOP) {
  const notices: string[] = [];
  const billScope = accessibleWhere(ability, "read", "Bill");
  const nodeScope = accessibleWhere(ability, "read", "AccountNode");
  const nodes = await db
    .select({ id: accountNodes.id, name: accountNodes.name, kind: accountNodes.kind, path: accountNodes.path, enterpriseId: accountNodes.enterpriseId })
    .from(accountNodes)
    .where(and(inArray(accountNodes.kind, ["enterprise", "legal_entity", "billing_account"]), nodeScope))
    .orderBy(asc(accountNodes.path))
    .limit(MAX_NODES);
  let node = params.node ? (nodes.find((n) => n.id === params.node) ?? null) : null;
  if (params.node && !node) {
    // Not in the first MAX_NODES: look it up by itself (still only if readable).
    const [found] = await db
      .select({ id: accountNodes.id, name: accountNodes.name, kind: accountNodes.kind, path: accountNodes.path, enterpriseId: accountNodes.enterpriseId })
      .from(accountNodes)
      .where(and(eq(accountNodes.id, params.node), inArray(accountNodes.kind, ["enterprise", "legal_entity", "billing_account"]), nodeScope));
    node = found ?? null;
    if (!node) notices.push("That account was not found; showing everything in your scope.");
  }
  const under: SQL = node ? sql`exists (select 1 from ${accountNodes} n where n.id = ${bills.billingAccountId} and n.path like ${likePrefix(node.path)})` : sql`true`;
  const scope = and(billScope, under)!;

  // The period: up to the latest month billed in scope unless asked, twelve months by default.
  const [latest] = await db.select({ m: sql<string | null>`to_char(max(${bills.periodStart}), 'YYYY-MM')` }).from(bills).where(scope);
  const fallback = addMonths(today.slice(0, 7), -1);
  let to = params.to ?? latest?.m ?? fallback;
  let from = params.from ?? addMonths(to, -11);
  if (from > to) {
    notices.push("The period started after it ended; the months are swapped.");
    [from, to] = [to, from];
  }
  const inPeriod = sql`${bills.periodStart} between ${`${from}-01`}::date and ${`${to}-01`}::date`;
  const chartMonths = twelveMonths(to);
  const inChart = sql`${bills.periodStart} between ${`${chartMonths[0]}-01`}::date and ${`${to}-01`}::date`;

  const run = async (q: SQL) => (await db.execute(q)).rows as Record<string, unknown>[];
  /**
   * Spend by cost centre or site per currency: the `top` largest, and one row (`rest`) summing the
   * others with their number in `bills` — ranked in SQL, so a large enterprise's five thousand
   * sites never travel to the app. A bill has one split row per key, so counting rows counts bills.
   */
  const spendTop = (dimension: "sub_account" | "site") => sql`with t as (
      select ${bills.currency} as currency, s.key_id as id, sum(s.amount_minor + s.tax_minor)::bigint as total, count(*)::int as bills
      from bill_splits s join ${bills} on ${bills.id} = s.bill_id
      where s.dimension = ${dimension} and ${scope} and ${inPeriod} group by 1, 2
    ), r as (select t.*, row_number() over (partition by currency order by total desc, id::text asc nulls last) as rank from t)
    select currency, id, total, bills, false as rest from r where rank <= ${top}
    union all
    select currency, null, sum(total)::bigint, count(*)::int, true from r where rank > ${top} group by currency`;
  const [accountRows, monthRows, costCentreRows, siteRows, ageingRows] = await Promise.all([
    run(sql`select ${bills.billingAccountId} as id, ba.name as name, le.name as legal_entity, ${bills.currency} as currency, count(*)::int as bills,
        sum(${bills.subtotalMinor})::bigint as net, sum(${bills.taxMinor})::bigint as tax, sum(${bills.totalMinor})::bigint as total,
        sum(greatest(${bills.totalMinor} - ${bills.paidMinor}, 0))::bigint as open
      from ${bills} join ${accountNodes} ba on ba.id = ${bills.billingAccountId} left join ${accountNodes} le on le.id = ba.parent_id
      where ${scope} and ${inPeriod}
      group by ${bills.billingAccountId}, ba.name, le.name, ${bills.currency}
      order by ${bills.currency}, ba.name, ${bills.billingAccountId}`),
    run(sql`select ${bills.currency} as currency, to_char(${bills.periodStart}, 'YYYY-MM') as month, sum(${bills.totalMinor})::bigint as total, count(*)::int as bills
      from ${bills} where ${scope} and ${inChart} group by 1, 2`),
    run(spendTop("sub_account")),
    run(spendTop("site")),
    run(sql`select ${bills.billingAccountId} as id, ba.name as name, ${bills.currency} as currency, ${ageingBucketSql(today)} as bucket,
        sum(${bills.totalMinor} - ${bills.paidMinor})::bigint as open
      from ${bills} join ${accountNodes} ba on ba.id = ${bills.billingAccountId}
      where ${scope} and ${bills.paidMinor} < ${bills.totalMinor}
      group by 1, 2, 3, 4`),
  ]);

  const currencies = new Map<string, CurrencyConsolidation>();
  const of = (currency: string) => {
    let c = currencies.get(currency);
    if (!c) {
      c = {
        currency,
        bills: 0,
        netMinor: 0,
        taxMinor: 0,
        totalMinor: 0,
        openMinor: 0,
        accounts: [],
        months: chartMonths.map((m) => ({ month: m, totalMinor: 0, bills: 0 })),
        costCentres: { top: [], others: { count: 0, totalMinor: 0 } },
        sites: { top: [], others: { count: 0, totalMinor: 0 } },
        ageing: { total: emptyAgeing(), accounts: [] },
      };
      currencies.set(currency, c);
    }
    return c;
  };
  for (const r of accountRows) {
    const c = of(String(r.currency));
    const a: AccountTotals = { id: String(r.id), name: String(r.name), legalEntity: (r.legal_entity as string | null) ?? null, bills: num(r.bills), netMinor: num(r.net), taxMinor: num(r.tax), totalMinor: num(r.total), openMinor: num(r.open) };
    c.accounts.push(a);
    c.bills += a.bills;
    c.netMinor += a.netMinor;
    c.taxMinor += a.taxMinor;
    c.totalMinor += a.totalMinor;
    c.openMinor += a.openMinor;
  }
  for (const r of monthRows) {
    const slot = of(String(r.currency)).months.find((m) => m.month === r.month);
    if (slot) Object.assign(slot, { totalMinor: num(r.total), bills: num(r.bills) });
  }
  for (const r of ageingRows) {
    const c = of(String(r.currency));
    const bucket = r.bucket as AgeingBucket;
    c.ageing.total[bucket] += num(r.open);
    let a = c.ageing.accounts.find((x) => x.id === r.id);
    if (!a) c.ageing.accounts.push((a = { id: String(r.id), name: String(r.name), buckets: emptyAgeing() }));
    a.buckets[bucket] += num(r.open);
  }
  const spendBy = (rows: Record<string, unknown>[]) => {
    const byCurrency = new Map<string, { top: { id: string | null; totalMinor: number; bills: number }[]; others: { count: number; totalMinor: number } }>();
    for (const r of rows) {
      const entry = byCurrency.get(String(r.currency)) ?? { top: [], others: { count: 0, totalMinor: 0 } };
      if (r.rest === true) entry.others = { count: num(r.bills), totalMinor: num(r.total) };
      else entry.top.push({ id: (r.id as string | null) ?? null, totalMinor: num(r.total), bills: num(r.bills) });
      byCurrency.set(String(r.currency), entry);
    }
    // The ranked rows come in no particular order from the union.
    for (const v of byCurrency.values()) v.top = byAmount(v.top);
    return byCurrency;
  };
  const costCentres = spendBy(costCentreRows);
  const siteSpend = spendBy(siteRows);
  // Names for the rows shown only: a few dozen lookups by primary key, not thousands.
  const ids = (m: Map<string, { top: { id: string | null }[] }>) => [...new Set([...m.values()].flatMap((v) => v.top.map((t) => t.id)).filter((x): x is string => Boolean(x)))];
  const [ccNames, siteNames] = await Promise.all([
    ids(costCentres).length ? db.select({ id: accountNodes.id, name: accountNodes.name }).from(accountNodes).where(inArray(accountNodes.id, ids(costCentres))) : [],
    ids(siteSpend).length ? db.select({ id: sites.id, name: sites.name }).from(sites).where(inArray(sites.id, ids(siteSpend))) : [],
  ]);
  const named = (names: { id: string; name: string }[], none: string) => (t: { id: string | null; totalMinor: number; bills: number }): Spend => ({ ...t, name: t.id ? (names.find((n) => n.id === t.id)?.name ?? "—") : none });
  for (const [currency, v] of costCentres) of(currency).costCentres = { top: v.top.map(named(ccNames, "Credits and adjustments")), others: v.others };
  for (const [currency, v] of siteSpend) of(currency).sites = { top: v.top.map(named(siteNames, "No site (account-level charges)")), others: v.others };
  for (const c of currencies.values()) c.ageing.accounts.sort((a, b) => a.name.localeCompare(b.name));

  return {
    node: node ? { id: node.id, name: node.name, kind: node.kind } : null,
    nodes: nodes.map((n) => ({ id: n.id, name: n.name, kind: n.kind, depth: n.path.split("/").filter(Boolean).length - 1 })),
    from,
    to,
    chartMonths,
    notices,
    currencies: [...currencies.values()].sort((a, b) => a.currency.localeCompare(b.currency)),
  };
}

export type Consolidation = Awaited<ReturnType<typeof consolidation>>;
