/**
 * The scale bench's cases for the billing overview (issue 9): the consolidation of the large
 * enterprise as a whole and of one legal entity, as the page reads it (lib/billing/consolidation.ts:
 * the scope from the ability, the twelve months, totals per account and currency, the chart, spend
 * by cost centre and site from the splits, ageing), against hand-written SQL for the same figures.
 * Used by scale.ts.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Executor } from "../../db/client";
import type { AppAbility } from "../../lib/authz/ability";
import { likePrefix } from "../../lib/authz/paths";
import { addMonths, consolidation, TOP } from "../../lib/billing/consolidation";

type Result = { ids: string[]; total: number };
type Person = { userId: string; ability: AppAbility; scopes: { role: string; path: string }[] };

export function consolidationCases(db: Executor, people: { admin: Person; entityAdmin: Person }, emails: { admin: string; entityAdmin: string }) {
  const today = new Date().toISOString().slice(0, 10);
  const run = async (query: SQL) => (await db.execute(query)).rows as Record<string, unknown>[];

  const page = (p: Person) => async (): Promise<Result> => {
    const c = await consolidation(db, p.ability, {}, today);
    const sums = c.currencies.reduce((n, x) => n + x.totalMinor + x.months.reduce((m, y) => m + y.totalMinor, 0) + Object.values(x.ageing.total).reduce((m, y) => m + y, 0), 0);
    return {
      ids: [...c.currencies.flatMap((x) => [x.currency, ...x.accounts.map((a) => a.id), ...x.costCentres.top.map((t) => String(t.id)), ...x.sites.top.map((t) => String(t.id))]), String(sums)],
      total: c.currencies.reduce((n, x) => n + x.bills, 0),
    };
  };

  /** The same figures by hand: the enterprise admin's subtree, the latest twelve months billed. */
  const raw = (p: Person) => async (): Promise<Result> => {
    const under = sql`exists (select 1 from account_nodes n where n.id = b.billing_account_id and (${sql.join(
      p.scopes.filter((s) => s.role === "enterprise_admin").map((s) => sql`n.path like ${likePrefix(s.path)}`),
      sql` or `,
    )}))`;
    const [latest] = await run(sql`select to_char(max(b.period_start), 'YYYY-MM') as m from bills b where ${under}`);
    const to = String(latest!.m);
    const from = addMonths(to, -11);
    const period = sql`b.period_start between ${`${from}-01`}::date and ${`${to}-01`}::date`;
    const spend = (dimension: string) =>
      run(sql`select b.currency, s.key_id as id, sum(s.amount_minor + s.tax_minor)::bigint as total, count(*)::int as bills
        from bill_splits s join bills b on b.id = s.bill_id where s.dimension = ${dimension} and ${under} and ${period} group by 1, 2`);
    const [accounts, months, costCentres, sites, ageing] = await Promise.all([
      run(sql`select b.billing_account_id as id, ba.name, le.name as legal_entity, b.currency, count(*)::int as bills, sum(b.subtotal_minor)::bigint as net, sum(b.tax_minor)::bigint as tax,
          sum(b.total_minor)::bigint as total, sum(greatest(b.total_minor - b.paid_minor, 0))::bigint as open
        from bills b join account_nodes ba on ba.id = b.billing_account_id left join account_nodes le on le.id = ba.parent_id
        where ${under} and ${period} group by b.billing_account_id, ba.name, le.name, b.currency order by b.currency, ba.name, b.billing_account_id`),
      run(sql`select b.currency, to_char(b.period_start, 'YYYY-MM') as month, sum(b.total_minor)::bigint as total, count(*)::int as bills from bills b where ${under} and ${period} group by 1, 2`),
      spend("sub_account"),
      spend("site"),
      run(sql`select b.billing_account_id as id, ba.name, b.currency,
          case when ${today}::date - b.due_on <= 0 then 'current' when ${today}::date - b.due_on <= 30 then '1-30' when ${today}::date - b.due_on <= 60 then '31-60' when ${today}::date - b.due_on <= 90 then '61-90' else '90+' end as bucket,
          sum(b.total_minor - b.paid_minor)::bigint as open
        from bills b join account_nodes ba on ba.id = b.billing_account_id where ${under} and b.paid_minor < b.total_minor group by 1, 2, 3, 4`),
    ]);
    const top = (rows: Record<string, unknown>[], currency: string) =>
      rows
        .filter((r) => r.currency === currency)
        .map((r) => ({ id: r.id as string | null, total: Number(r.total) }))
        .sort((a, b) => b.total - a.total || String(a.id).localeCompare(String(b.id)))
        .slice(0, TOP);
    const currencies = [...new Set(accounts.map((r) => String(r.currency)))].sort();
    const names = [...new Set(currencies.flatMap((c) => [...top(costCentres, c), ...top(sites, c)].map((t) => t.id)).filter(Boolean))] as string[];
    if (names.length) await Promise.all([run(sql`select id, name from account_nodes where id in ${names}`), run(sql`select id, name from sites where id in ${names}`)]);
    const sum = (rows: Record<string, unknown>[], c: string, k: string) => rows.filter((r) => r.currency === c).reduce((n, r) => n + Number(r[k]), 0);
    const sums = currencies.reduce((n, c) => n + sum(accounts, c, "total") + sum(months, c, "total") + sum(ageing, c, "open"), 0);
    return {
      ids: [...currencies.flatMap((c) => [c, ...accounts.filter((r) => r.currency === c).map((r) => String(r.id)), ...top(costCentres, c).map((t) => String(t.id)), ...top(sites, c).map((t) => String(t.id))]), String(sums)],
      total: currencies.reduce((n, c) => n + sum(accounts, c, "bills"), 0),
    };
  };

  return [
    { name: "billing overview, whole enterprise", as: emails.admin, page: page(people.admin), raw: raw(people.admin) },
    { name: "billing overview, one legal entity", as: emails.entityAdmin, page: page(people.entityAdmin), raw: raw(people.entityAdmin) },
  ];
}
