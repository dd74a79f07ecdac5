import "server-only";
import { assignmentInForce } from "@/lib/users/in-force";
import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor } from "@/db/client";
import { accountNodes, approvalDecisions, orders, roleAssignments, users } from "@/db/schema";
import { delegationsInForce } from "@/lib/approvals/routing";
import { elapsedTiers } from "@/lib/approvals/rules";
import { accessibleWhere } from "@/lib/authz/sql";
import { isUnder } from "@/lib/authz/paths";
import { defineList, direction } from "@/lib/list/define";
import { searchParam } from "@/lib/list/params";
import { matchesAny } from "@/lib/list/search";

const creator = alias(users, "creator");

/**
 * The approvals inbox: exactly the orders the viewer may decide now — waiting for a decision, in
 * their scope, within their limit and its currency, not their own (the ability says all that) —
 * and not an order one of whose levels they decided already (rule 2). Oldest waiting first. Each
 * row says whether it is escalated and whether the viewer would decide it for an away colleague.
 */
export const approvalsInbox = defineList({
  path: "/approvals",
  subject: "Order",
  canRead: (ability) => ability.can("approve", "Order"),
  filters: { q: searchParam },
  sorts: {
    waiting: { by: (d) => [direction(d)(orders.levelSince)], first: "asc" },
    total: { by: (d) => [direction(d)(orders.currency), direction(d)(orders.totalMinor)], first: "desc" },
  },
  defaultSort: "waiting",
  tiebreak: (d) => [direction(d)(orders.number), direction(d)(orders.id)],
  pageSize: 25,
  where: (f, { ability, userId }) => [
    eq(orders.status, "pending_approval"),
    accessibleWhere(ability, "approve", "Order"),
    userId ? sql`not exists (select 1 from ${approvalDecisions} d where d.order_id = ${orders.id} and d.decider_id = ${userId})` : sql`false`,
    // The orderer's name through a subquery, not the join, so the count needs no join at all.
    f.q ? matchesAny(f.q, [orders.number, orders.purchaseOrderNumber, sql`(select c.name from ${users} c where c.id = ${orders.createdById})`]) : undefined,
  ],
  rows: (db, q) =>
    db
      .select({
        id: orders.id,
        number: orders.number,
        currency: orders.currency,
        totalMinor: orders.totalMinor,
        requiredLevels: orders.requiredLevels,
        levelSince: orders.levelSince,
        escalationTier: orders.escalationTier,
        escalationHours: orders.escalationHours,
        createdById: orders.createdById,
        purchaseOrderNumber: orders.purchaseOrderNumber,
        nodeName: accountNodes.name,
        nodePath: accountNodes.path,
        createdByName: creator.name,
        decided: sql<number>`(select count(*) from ${approvalDecisions} d where d.order_id = ${orders.id})`.mapWith(Number),
      })
      .from(orders)
      .innerJoin(accountNodes, eq(accountNodes.id, orders.nodeId))
      .innerJoin(creator, eq(creator.id, orders.createdById))
      .where(q.where)
      .orderBy(...q.orderBy)
      .limit(q.limit)
      .offset(q.offset),
  count: async (db, where) => (await db.select({ n: count() }).from(orders).where(where))[0]?.n ?? 0,
  hydrate: async (rows, { db, userId, now }) => {
    const away = userId ? await standInsFor(db, userId, now) : [];
    return rows.map((r) => ({
      ...r,
      level: r.decided + 1,
      // Escalated by the job, or waited past the escalation time already (the job may not have run yet).
      escalated: r.escalationTier > 0 || elapsedTiers(r.levelSince, r.escalationHours, now) > 0,
      // The first away colleague who could decide it themselves, if any: the viewer decides for them.
      forName: away.find((a) => a.approverId !== r.createdById && a.covers(r))?.name ?? null,
    }));
  },
});

/** The away approvers the viewer stands in for, with what each could decide (scope, limit, currency). */
async function standInsFor(db: Executor, delegateId: string, now: Date) {
  const delegations = await delegationsInForce(db, { delegateId }, now);
  if (delegations.length === 0) return [];
  const scopes = await db
    .select({ userId: roleAssignments.userId, path: accountNodes.path, limit: roleAssignments.approvalLimitMinor, currency: roleAssignments.limitCurrency })
    .from(roleAssignments)
    .innerJoin(accountNodes, eq(accountNodes.id, roleAssignments.scopeNodeId))
    .where(
      and(
        inArray(
          roleAssignments.userId,
          delegations.map((d) => d.approverId),
        ),
        eq(roleAssignments.role, "approver"),
        assignmentInForce(now),
      ),
    )
    .orderBy(asc(roleAssignments.userId));
  return delegations.map((d) => ({
    name: d.approverName,
    approverId: d.approverId,
    covers: (o: { nodePath: string; currency: string; totalMinor: number }) =>
      scopes.some((s) => s.userId === d.approverId && isUnder(o.nodePath, s.path) && s.currency === o.currency && Number(s.limit) >= o.totalMinor),
  }));
}
