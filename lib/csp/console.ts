import "server-only";
import { and, asc, count, eq, gte, inArray, isNull, lt, lte, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { accountNodes, bills, billDisputes, contracts, invitations, orders, roleAssignments, supportAccessGrants, users } from "@/db/schema";
import type { AppAbility } from "@/lib/authz/ability";
import { accessibleWhere } from "@/lib/authz/sql";
import { billStateWhere } from "@/lib/billing/state";
import { defineList, direction } from "@/lib/list/define";
import { searchParam } from "@/lib/list/params";
import { matchesAny } from "@/lib/list/search";
import { DEFAULT_SUPPORT_ACCESS, writeAccessOn } from "@/lib/impersonation/rules";
import { NO_ATTENTION, renewalHorizon, staleBefore, today, type Attention } from "./attention";

export type Person = { id: string; name: string; email: string };
export type SupportState = "off" | "read_only" | "write";

/**
 * What needs attention in each of some enterprises, in one grouped query per kind (never one per
 * enterprise): stale approvals, overdue bills (count and amount per currency), open disputes,
 * pending invitations, contracts near renewal.
 */
export async function attentionFor(db: Executor, enterpriseIds: string[], now = new Date()): Promise<Map<string, Attention>> {
  const out = new Map<string, Attention>(enterpriseIds.map((id) => [id, { ...NO_ATTENTION, overdue: [] }]));
  if (enterpriseIds.length === 0) return out;
  const ids = inArray;
  const [stale, overdue, disputes, invited, renewals] = await Promise.all([
    db
      .select({ id: orders.enterpriseId, n: count() })
      .from(orders)
      .where(and(ids(orders.enterpriseId, enterpriseIds), eq(orders.status, "pending_approval"), lt(orders.submittedAt, staleBefore(now))))
      .groupBy(orders.enterpriseId),
    db
      .select({ id: bills.enterpriseId, currency: bills.currency, n: count(), amount: sql<string>`sum(${bills.totalMinor} - ${bills.paidMinor})` })
      .from(bills)
      .where(and(ids(bills.enterpriseId, enterpriseIds), billStateWhere("overdue", today(now))))
      .groupBy(bills.enterpriseId, bills.currency)
      .orderBy(asc(bills.currency)),
    db
      .select({ id: billDisputes.enterpriseId, n: count() })
      .from(billDisputes)
      .where(and(ids(billDisputes.enterpriseId, enterpriseIds), eq(billDisputes.status, "open")))
      .groupBy(billDisputes.enterpriseId),
    db
      .select({ id: invitations.enterpriseId, n: count() })
      .from(invitations)
      .where(and(ids(invitations.enterpriseId, enterpriseIds), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gte(invitations.expiresAt, now)))
      .groupBy(invitations.enterpriseId),
    db
      .select({ id: contracts.enterpriseId, n: count() })
      .from(contracts)
      .where(and(ids(contracts.enterpriseId, enterpriseIds), eq(contracts.status, "active"), lte(contracts.endsOn, renewalHorizon(now))))
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

/** The account managers assigned to each enterprise (assignments in force). */
export async function accountManagersOf(db: Executor, enterpriseIds: string[], now = new Date()): Promise<Map<string, Person[]>> {
  const out = new Map<string, Person[]>(enterpriseIds.map((id) => [id, []]));
  if (enterpriseIds.length === 0) return out;
  const rows = await db
    .select({ enterpriseId: roleAssignments.scopeNodeId, id: users.id, name: users.name, email: users.email })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(and(eq(roleAssignments.role, "account_manager"), inArray(roleAssignments.scopeNodeId, enterpriseIds), sql`(${roleAssignments.expiresAt} is null or ${roleAssignments.expiresAt} > ${now.toISOString()})`))
    .orderBy(asc(users.name));
  for (const r of rows) out.get(r.enterpriseId!)?.push({ id: r.id, name: r.name, email: r.email });
  return out;
}

/** Whether each enterprise lets its account managers in, and act. */
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
