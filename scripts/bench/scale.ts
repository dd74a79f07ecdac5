/**
 * In-process part of `npm run bench` at large-enterprise scale (DESIGN.md's budgets): adds the
 * large enterprise (lib/demo/large-enterprise.ts) to the seeded database this process points at
 * unless it is there, then times each list as the page reads it — the list function with its
 * ability-derived scope, both queries and hydration — against hand-written SQL for the same result
 * on the same connection, and checks that both return the same rows. Writes JSON to argv[2].
 * Run with `tsx --conditions=react-server`.
 */
import { demoId } from "../../lib/demo/ids";
import { writeFile } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import { eq, sql, type SQL } from "drizzle-orm";
import { closeDb, dbDriver, getDb } from "../../db/client";
import { accountNodes, roleAssignments, users } from "../../db/schema";
import { loadPrincipal } from "../../lib/auth/load-principal";
import { defineAbilityFor } from "../../lib/authz/ability";
import { likePrefix } from "../../lib/authz/paths";
import { generateLargeEnterprise, LARGE_PEOPLE, largeEnterpriseExists } from "../../lib/demo/large-enterprise";
import { billsList } from "../../lib/billing/list";
import { approvalsInbox } from "../../lib/orders/inbox";
import { ordersList } from "../../lib/orders/list";
import { billCases } from "./scale-bill";
import { consolidationCases } from "./scale-consolidation";

const ITERATIONS = Number(process.env.BENCH_SCALE_ITERATIONS ?? 30);
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return { p50: round(at(0.5)), p95: round(at(0.95)), n: s.length };
}

async function timeEach(fn: () => Promise<unknown>) {
  for (let i = 0; i < 5; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return stats(samples);
}

type Row = { id: string };
type Result = { ids: string[]; total: number };

async function main() {
  const out = process.argv[2];
  const db = await getDb();
  const driver = await dbDriver();
  let generated: unknown = null;
  if (!(await largeEnterpriseExists(db))) {
    const t0 = performance.now();
    const counts = await generateLargeEnterprise(db, (line) => console.log(line));
    generated = { ...counts, seconds: round((performance.now() - t0) / 1000, 1) };
    console.log(`   generated in ${round((performance.now() - t0) / 1000, 1)} s`);
  }

  const person = async (email: string) => {
    const [row] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
    const principal = row ? await loadPrincipal(db, row.id) : null;
    if (!principal) throw new Error(`${email} is missing: the large enterprise was not generated`);
    const scopes = await db
      .select({ role: roleAssignments.role, path: accountNodes.path, limit: roleAssignments.approvalLimitMinor, currency: roleAssignments.limitCurrency })
      .from(roleAssignments)
      .innerJoin(accountNodes, eq(accountNodes.id, roleAssignments.scopeNodeId))
      .where(eq(roleAssignments.userId, row!.id));
    return { userId: row!.id, principal, ability: defineAbilityFor(principal), scopes };
  };
  type Person = Awaited<ReturnType<typeof person>>;
  const run = async (query: SQL) => (await db.execute(query)).rows as Record<string, unknown>[];
  const under = (p: Person, role: string) => sql.join(
    p.scopes.filter((s) => s.role === role).map((s) => sql`n.path like ${likePrefix(s.path)}`),
    sql` or `,
  );

  /** The orders list as hand-written SQL: the same columns, scope, filters, order and page. */
  const rawOrders = (p: Person, f: { status?: string; site?: string; page?: number }) => async (): Promise<Result> => {
    const filters = sql.join(
      [sql`(${under(p, p.scopes.some((s) => s.role === "enterprise_admin") ? "enterprise_admin" : "orderer")})`, f.status ? sql`o.status = ${f.status}` : undefined, f.site ? sql`exists (select 1 from order_lines l where l.order_id = o.id and l.site_id = ${f.site})` : undefined].filter(
        (x): x is SQL => Boolean(x),
      ),
      sql` and `,
    );
    const [rows, count] = await Promise.all([
      run(sql`select o.id, o.number, o.status, o.currency, o.total_minor, o.purchase_order_number, o.created_at, n.name as node_name, c.name as created_by_name
        from orders o join account_nodes n on n.id = o.node_id join users c on c.id = o.created_by_id
        where ${filters} order by o.created_at desc, o.number desc, o.id desc limit 25 offset ${((f.page ?? 1) - 1) * 25}`),
      run(sql`select count(*)::int as n from orders o join account_nodes n on n.id = o.node_id where ${filters}`),
    ]);
    return { ids: rows.map((r) => String(r.id)), total: Number(count[0]!.n) };
  };

  /** The approvals inbox as hand-written SQL: waiting, within one of the viewer's limits, not theirs, not decided by them. */
  const rawInbox = (p: Person) => async (): Promise<Result> => {
    const within = sql.join(
      p.scopes.filter((s) => s.role === "approver").map((s) => sql`(n.path like ${likePrefix(s.path)} and o.currency = ${s.currency} and o.total_minor <= ${s.limit})`),
      sql` or `,
    );
    const filters = sql`o.status = 'pending_approval' and (${within}) and o.created_by_id <> ${p.userId} and not exists (select 1 from approval_decisions d where d.order_id = o.id and d.decider_id = ${p.userId})`;
    const [rows, count] = await Promise.all([
      run(sql`select o.id, o.number, o.currency, o.total_minor, o.required_levels, o.level_since, o.escalation_tier, o.escalation_hours, o.created_by_id, o.purchase_order_number,
          n.name as node_name, n.path as node_path, c.name as created_by_name, (select count(*) from approval_decisions d where d.order_id = o.id) as decided
        from orders o join account_nodes n on n.id = o.node_id join users c on c.id = o.created_by_id
        where ${filters} order by o.level_since asc, o.number asc, o.id asc limit 25`),
      run(sql`select count(*)::int as n from orders o join account_nodes n on n.id = o.node_id where ${filters}`),
    ]);
    return { ids: rows.map((r) => String(r.id)), total: Number(count[0]!.n) };
  };

  /** The bills list as hand-written SQL: latest month first, with the open disputed amount. */
  const rawBills = (p: Person, f: { status?: "overdue" } = {}) => async (): Promise<Result> => {
    const today = new Date().toISOString().slice(0, 10);
    const filters = sql.join(
      [sql`(${under(p, "enterprise_admin")})`, f.status ? sql`b.paid_minor < b.total_minor and b.due_on < ${today}::date` : undefined].filter((x): x is SQL => Boolean(x)),
      sql` and `,
    );
    const [rows, count] = await Promise.all([
      run(sql`select b.id, b.number, b.period_start, b.currency, b.subtotal_minor, b.tax_minor, b.total_minor, b.paid_minor, b.due_on, n.name,
          (select coalesce(sum(d.amount_minor + d.tax_minor), 0) from bill_disputes d where d.bill_id = b.id and d.status = 'open') as disputed
        from bills b join account_nodes n on n.id = b.billing_account_id
        where ${filters} order by b.period_start desc, n.name asc, b.id asc limit 25`),
      run(sql`select count(*)::int as n from bills b join account_nodes n on n.id = b.billing_account_id where ${filters}`),
    ]);
    return { ids: rows.map((r) => String(r.id)), total: Number(count[0]!.n) };
  };

  const listed = (list: typeof ordersList | typeof approvalsInbox | typeof billsList, p: Person, params: Record<string, string>) => async (): Promise<Result> => {
    const page = await list.page(db, { ability: p.ability, userId: p.userId, timeZone: p.principal.timeZone }, list.parse(params) as never);
    return { ids: (page.rows as Row[]).map((r) => r.id), total: page.total };
  };

  const admin = await person(LARGE_PEOPLE.admin);
  const entityAdmin = await person(LARGE_PEOPLE.entityAdmin);
  const orderer = await person(LARGE_PEOPLE.orderer);
  const cfo = await person(LARGE_PEOPLE.cfo);
  const entityApprover = await person(LARGE_PEOPLE.entityApprover);
  const [aSite] = (await run(sql`select l.site_id from order_lines l join orders o on o.id = l.order_id where o.enterprise_id = ${admin.principal.enterpriseId} order by o.number, l.id limit 1`)) as { site_id: string }[];

  const largestBill = await billCases(db, admin, LARGE_PEOPLE.admin);
  const cases: { name: string; as: string; page: () => Promise<Result>; raw: () => Promise<Result> }[] = [
    { name: "orders list, whole enterprise, newest first", as: LARGE_PEOPLE.admin, page: listed(ordersList, admin, {}), raw: rawOrders(admin, {}) },
    { name: "orders list, whole enterprise, completed, page 40", as: LARGE_PEOPLE.admin, page: listed(ordersList, admin, { status: "completed", page: "40" }), raw: rawOrders(admin, { status: "completed", page: 40 }) },
    { name: "orders list, whole enterprise, one site", as: LARGE_PEOPLE.admin, page: listed(ordersList, admin, { site: aSite!.site_id }), raw: rawOrders(admin, { site: aSite!.site_id }) },
    { name: "orders list, one legal entity", as: LARGE_PEOPLE.entityAdmin, page: listed(ordersList, entityAdmin, {}), raw: rawOrders(entityAdmin, {}) },
    { name: "orders list, one cost centre (orderer)", as: LARGE_PEOPLE.orderer, page: listed(ordersList, orderer, {}), raw: rawOrders(orderer, {}) },
    { name: "approvals inbox, whole enterprise (CFO)", as: LARGE_PEOPLE.cfo, page: listed(approvalsInbox, cfo, {}), raw: rawInbox(cfo) },
    { name: "bills list, whole enterprise", as: LARGE_PEOPLE.admin, page: listed(billsList, admin, {}), raw: rawBills(admin) },
    { name: "bills list, whole enterprise, overdue", as: LARGE_PEOPLE.admin, page: listed(billsList, admin, { status: "overdue" }), raw: rawBills(admin, { status: "overdue" }) },
    { name: "bills list, one legal entity", as: LARGE_PEOPLE.entityAdmin, page: listed(billsList, entityAdmin, {}), raw: rawBills(entityAdmin) },
    { name: "approvals inbox, one legal entity", as: LARGE_PEOPLE.entityApprover, page: listed(approvalsInbox, entityApprover, {}), raw: rawInbox(entityApprover) },
    ...largestBill.cases,
    ...consolidationCases(db, { admin, entityAdmin }, { admin: LARGE_PEOPLE.admin, entityAdmin: LARGE_PEOPLE.entityAdmin }),
  ];

  const results = [];
  // BENCH_SCALE_CASES="bill page,bills list" times only the cases whose names contain one of these.
  const only = (process.env.BENCH_SCALE_CASES ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  for (const c of cases.filter((x) => only.length === 0 || only.some((o) => x.name.includes(o)))) {
    const [a, b] = [await c.page(), await c.raw()];
    if (a.total !== b.total || a.ids.join() !== b.ids.join()) throw new Error(`${c.name}: the list and the raw SQL disagree (${a.total} vs ${b.total} rows)`);
    const page = await timeEach(c.page);
    const raw = await timeEach(c.raw);
    const r = { name: c.name, as: c.as, total: a.total, pageMs: page, rawMs: raw, ratio: round(page.p50 / raw.p50) };
    results.push(r);
    console.log(`   ${c.name.padEnd(52)} ${String(a.total).padStart(6)} rows   list p50 ${String(page.p50).padStart(6)} ms   raw SQL p50 ${String(raw.p50).padStart(6)} ms   ×${r.ratio}`);
  }
  const counts = (await run(sql`select (select count(*) from orders)::int as orders, (select count(*) from order_lines)::int as lines, (select count(*) from bill_lines)::int as bill_lines, (select count(*) from bills)::int as bills, (select count(*) from users)::int as users, (select count(*) from sites)::int as sites`))[0];
  const result = { driver, iterations: ITERATIONS, generated, counts, cases: results, largestBill: largestBill.billId, enterpriseId: demoId("large:enterprise") };
  if (out) await writeFile(out, JSON.stringify(result, null, 2));
  else console.log(JSON.stringify(result, null, 2));
  await closeDb();
}

main().catch(async (error) => {
  console.error(error);
  await closeDb().catch(() => {});
  process.exit(1);
});
