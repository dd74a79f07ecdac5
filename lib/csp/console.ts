import "server-only";
import { and, asc, count, eq, gt, inArray, isNull, lt, lte, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Executor } from "@/db/client";
import { accountNodes, bills, billDisputes, contracts, invitations, orders, roleAssignments, supportAccessGrants, users } from "@/db/schema";
import type { AppAbility } from "@/lib/authz/ability";
import { accessibleWhere } from "@/lib/authz/sql";
import { billStateWhere } from "@/lib/billing/state";
import { DEFAULT_SUPPORT_ACCESS, writeAccessOn } from "@/lib/impersonation/rules";
import { defineList, direction } from "@/lib/list/define";
import { searchParam } from "@/lib/list/params";
import { matchesAny } from "@/lib/list/search";
import { assignmentInForce } from "@/lib/users/in-force";
import { ATTENTION_COUNT_CAP, ATTENTION_LEVELS, NO_ATTENTION, renewalHorizon, staleBefore, today, type Attention } from "./attention";

export type Person = { id: string; name: string; email: string };
export type SupportState = "off" | "read_only" | "write";

/**
 * Each kind of attention item as a condition on its own table (lib/csp/attention.ts says why each
 * threshold): the console's counts, its sort and the customer page's items all use these, so they
 * always count the same rows. Every table is reached through an index leading with enterprise_id.
 */
export const attentionWhere = {
  staleApprovals: (now: Date): SQL => and(eq(orders.status, "pending_approval"), lt(orders.submittedAt, staleBefore(now)))!,
  // The bills list's own "overdue" (lib/billing/state.ts), so the console and /bills?status=overdue agree.
  overdueBills: (now: Date): SQL => billStateWhere("overdue", today(now)),
  openDisputes: (): SQL => eq(billDisputes.status, "open"),
  // Not accepted, not revoked, not expired: a link that still works (lib/invitations/accept.ts).
  pendingInvitations: (now: Date): SQL => and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now))!,
  renewals: (now: Date): SQL => and(eq(contracts.status, "active"), lte(contracts.endsOn, renewalHorizon(now)))!,
};

/**
 * What needs attention in each of some enterprises, in one grouped query per kind (never one per
 * enterprise): stale approvals, overdue bills (count and amount per currency), open disputes,
 * pending invitations, contracts near renewal.
 */
export async function attentionFor(db: Executor, enterpriseIds: string[], now = new Date()): Promise<Map<string, Attention>> {
  const out = new Map<string, Attention>(enterpriseIds.map((id) => [id, { ...NO_ATTENTION, overdue: [] }]));
  if (enterpriseIds.length === 0) return out;
  const [stale, overdue, disputes, invited, renewals] = await Promise.all([
    db
      .select({ id: orders.enterpriseId, n: count() })
      .from(orders)
      .where(and(inArray(orders.enterpriseId, enterpriseIds), attentionWhere.staleApprovals(now)))
      .groupBy(orders.enterpriseId),
    db
      .select({ id: bills.enterpriseId, currency: bills.currency, n: count(), amount: sql<string>`sum(${bills.totalMinor} - ${bills.paidMinor})` })
      .from(bills)
      .where(and(inArray(bills.enterpriseId, enterpriseIds), attentionWhere.overdueBills(now)))
      .groupBy(bills.enterpriseId, bills.currency)
      .orderBy(asc(bills.currency)),
    db
      .select({ id: billDisputes.enterpriseId, n: count() })
      .from(billDisputes)
      .where(and(inArray(billDisputes.enterpriseId, enterpriseIds), attentionWhere.openDisputes()))
      .groupBy(billDisputes.enterpriseId),
    db
      .select({ id: invitations.enterpriseId, n: count() })
      .from(invitations)
      .where(and(inArray(invitations.enterpriseId, enterpriseIds), attentionWhere.pendingInvitations(now)))
      .groupBy(invitations.enterpriseId),
    db
      .select({ id: contracts.enterpriseId, n: count() })
      .from(contracts)
      .where(and(inArray(contracts.enterpriseId, enterpriseIds), attentionWhere.renewals(now)))
      .groupBy(contracts.enterpriseId),
  ]);
  const at = (id: string) => out.get(id)!;
  for (const r of stale) at(r.id).staleApprovals = r.n;
  for (const r of overdue) {
    at(r.id).overdueBills += r.n;
    at(r.id).overdue.push({ currency: r.currency, amountMinor: Number(r.amount) });
  }
  for (const r of disputes) at(r.id).openDisputes = r.n;
  for (const r of invited) at(r.id).pendingInvitations = r.n;
  for (const r of renewals) at(r.id).renewals = r.n;
  return out;
}

/**
 * attentionSortKey (lib/csp/attention.ts) in SQL, for the enterprise row of the console's query:
 * the five counts as correlated, index-backed counts, each computed once in a derived row, then the
 * level and the capped total. Sorting in SQL keeps paging honest (page 2 follows page 1 in the same
 * order); the list's enterprises are few, each count one index range on enterprise_id.
 */
export function attentionSortSql(now: Date): SQL<number> {
  const n = (table: PgTable, enterpriseId: AnyPgColumn, where: SQL) => sql`(select count(*) from ${table} where ${enterpriseId} = ${accountNodes.id} and ${where})`;
  const act = sql`${n(orders, orders.enterpriseId, attentionWhere.staleApprovals(now))} + ${n(bills, bills.enterpriseId, attentionWhere.overdueBills(now))} + ${n(billDisputes, billDisputes.enterpriseId, attentionWhere.openDisputes())}`;
  const watch = sql`${n(invitations, invitations.enterpriseId, attentionWhere.pendingInvitations(now))} + ${n(contracts, contracts.enterpriseId, attentionWhere.renewals(now))}`;
  const rank = (level: (typeof ATTENTION_LEVELS)[number]) => sql.raw(String(ATTENTION_LEVELS.indexOf(level)));
  return sql<number>`(select (case when t.act > 0 then ${rank("act")} when t.watch > 0 then ${rank("watch")} else ${rank("none")} end) * ${sql.raw(String(ATTENTION_COUNT_CAP + 1))} + least(t.act + t.watch, ${sql.raw(String(ATTENTION_COUNT_CAP))}) from (select ${act} as act, ${watch} as watch) t)`;
}

/** The account managers assigned to each enterprise (assignments in force). */
export async function accountManagersOf(db: Executor, enterpriseIds: string[], now = new Date()): Promise<Map<string, Person[]>> {
  const out = new Map<string, Person[]>(enterpriseIds.map((id) => [id, []]));
  if (enterpriseIds.length === 0) return out;
  const rows = await db
    .select({ enterpriseId: roleAssignments.scopeNodeId, id: users.id, name: users.name, email: users.email })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(and(eq(roleAssignments.role, "account_manager"), inArray(roleAssignments.scopeNodeId, enterpriseIds), assignmentInForce(now)))
    .orderBy(asc(users.name));
  for (const r of rows) out.get(r.enterpriseId!)?.push({ id: r.id, name: r.name, email: r.email });
  return out;
}

/** Whether each enterprise lets its account managers in (no row: on, read-only), and act. */
export async function supportStatesOf(db: Executor, enterpriseIds: string[], now = new Date()): Promise<Map<string, { state: SupportState; writeUntil: Date | null }>> {
  const rows = enterpriseIds.length ? await db.select().from(supportAccessGrants).where(inArray(supportAccessGrants.enterpriseId, enterpriseIds)) : [];
  const byId = new Map(rows.map((r) => [r.enterpriseId, r]));
  return new Map(
    enterpriseIds.map((id) => {
      const g = byId.get(id) ?? { ...DEFAULT_SUPPORT_ACCESS };
      return [id, { state: !g.supportEnabled ? "off" : writeAccessOn(g, now) ? "write" : "read_only", writeUntil: writeAccessOn(g, now) ? g.writeUntil : null }];
    }),
  );
}

/**
 * The CSP console: the enterprises the ability may read as customers (an account manager's
 * assigned ones; every one for a CSP administrator), with who looks after them, what needs
 * attention and their support access. Paged in SQL; the page's rows get their figures in a
 * bounded number of grouped queries.
 */
export const customersList = defineList({
  path: "/csp",
  subject: "Customer",
  filters: { q: searchParam },
  sorts: {
    name: { by: (d) => [direction(d)(sql`lower(${accountNodes.name})`)] },
    // Most in need first. A sort key gets no run context, so it reads the clock as the query is
    // built: the same instant as the page's figures (hydrate's run.now) to within milliseconds.
    attention: { by: (d) => [direction(d)(attentionSortSql(new Date())), asc(sql`lower(${accountNodes.name})`)], first: "desc" },
    onboarded: { by: (d) => [direction(d)(accountNodes.createdAt)], first: "desc" },
  },
  defaultSort: "name",
  tiebreak: () => [asc(accountNodes.id)],
  pageSize: 25,
  where: (f) => [eq(accountNodes.kind, "enterprise"), f.q ? matchesAny(f.q, [accountNodes.name, accountNodes.code]) : undefined],
  rows: (db, q) =>
    db
      .select({ id: accountNodes.id, name: accountNodes.name, code: accountNodes.code, createdAt: accountNodes.createdAt })
      .from(accountNodes)
      .where(q.where)
      .orderBy(...q.orderBy)
      .limit(q.limit)
      .offset(q.offset),
  count: async (db, where) => (await db.select({ n: count() }).from(accountNodes).where(where))[0]?.n ?? 0,
  hydrate: async (rows, { db, now }) => {
    const ids = rows.map((r) => r.id);
    const [attention, managers, support] = await Promise.all([attentionFor(db, ids, now), accountManagersOf(db, ids, now), supportStatesOf(db, ids, now)]);
    return rows.map((r) => ({ ...r, attention: attention.get(r.id)!, managers: managers.get(r.id) ?? [], support: support.get(r.id)! }));
  },
});

export type CustomerRow = Awaited<ReturnType<typeof customersList.page>>["rows"][number];

/** Of some people, those the ability may view the portal as (one query for a page of them). */
export async function impersonable(db: Executor, ability: AppAbility, userIds: string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, userIds), accessibleWhere(ability, "impersonate", "User")));
  return new Set(rows.map((r) => r.id));
}
