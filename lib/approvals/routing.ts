import "server-only";
import { assignmentInForce } from "@/lib/users/in-force";
import { and, desc, eq, gt, inArray, isNull, lte, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { accountNodes, approvalDecisions, approvalDelegations, approvalPolicies, roleAssignments, users } from "@/db/schema";
import { idsOnPath } from "@/lib/authz/paths";
import { routedApprovers } from "./rules";

export type ApplyingPolicy = { id: string; nodeId: string; nodeName: string; thresholdsMinor: number[]; escalationHours: number };

/**
 * The enterprise a path lies in: its first id is the root's, which is the enterprise's id. A node at
 * or above a path is in the same enterprise, and so is every row hanging on it, so naming it keeps a
 * look-up "up the tree" inside one tenant (ADR 17) without changing what it finds.
 */
const enterpriseOf = (path: string) => idsOnPath(path)[0] ?? null;

/** DESIGN.md: the policy on the nearest node at or above the order's billing account, in the order's currency. */
export async function applyingPolicy(db: Executor, billingAccountPath: string, currency: string): Promise<ApplyingPolicy | null> {
  const enterpriseId = enterpriseOf(billingAccountPath);
  if (!enterpriseId) return null;
  const [row] = await db
    .select({ id: approvalPolicies.id, nodeId: approvalPolicies.nodeId, nodeName: accountNodes.name, thresholdsMinor: approvalPolicies.thresholdsMinor, escalationHours: approvalPolicies.escalationHours })
    .from(approvalPolicies)
    .innerJoin(accountNodes, eq(accountNodes.id, approvalPolicies.nodeId))
    .where(and(eq(approvalPolicies.enterpriseId, enterpriseId), eq(approvalPolicies.currency, currency), sql`starts_with(${billingAccountPath}, ${accountNodes.path})`))
    .orderBy(desc(sql`length(${accountNodes.path})`))
    .limit(1);
  return row ? { ...row, thresholdsMinor: [...row.thresholdsMinor].sort((a, b) => a - b) } : null;
}

export type EligibleApprover = { userId: string; name: string; email: string; locale: string; timeZone: string; scopePath: string; scopeName: string; limitMinor: number };

/**
 * Who may decide the waiting level of an order now (DESIGN.md "Approval levels"): an active user
 * holding an unexpired approver role whose scope covers the order, whose limit in the order's
 * currency is at least its total, who did not create it and did not decide another level of it.
 * The same rule the ability holds per request, as one query over everyone.
 */
export async function eligibleApprovers(
  db: Executor,
  order: { id: string; nodePath: string; currency: string; totalMinor: number; createdById: string },
  now = new Date(),
): Promise<EligibleApprover[]> {
  const enterpriseId = enterpriseOf(order.nodePath);
  if (!enterpriseId) return [];
  const rows = await db
    .selectDistinctOn([users.id, accountNodes.path], {
      userId: users.id,
      name: users.name,
      email: users.email,
      locale: users.locale,
      timeZone: users.timeZone,
      scopePath: accountNodes.path,
      scopeName: accountNodes.name,
      limitMinor: sql<number>`${roleAssignments.approvalLimitMinor}`.mapWith(Number),
    })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .innerJoin(accountNodes, eq(accountNodes.id, roleAssignments.scopeNodeId))
    .where(
      and(
        eq(roleAssignments.enterpriseId, enterpriseId),
        eq(roleAssignments.role, "approver"),
        eq(users.status, "active"),
        assignmentInForce(now),
        eq(roleAssignments.limitCurrency, order.currency),
        sql`${roleAssignments.approvalLimitMinor} >= ${order.totalMinor}`,
        sql`starts_with(${order.nodePath}, ${accountNodes.path})`,
        sql`${users.id} <> ${order.createdById}`,
        sql`not exists (select 1 from ${approvalDecisions} d where d.order_id = ${order.id} and d.decider_id = ${users.id})`,
      ),
    )
    .orderBy(users.id, accountNodes.path);
  // One row per person, at their nearest covering scope (a person may hold several approver roles).
  const byUser = new Map<string, EligibleApprover>();
  for (const r of rows) {
    const seen = byUser.get(r.userId);
    if (!seen || r.scopePath.length > seen.scopePath.length) byUser.set(r.userId, r);
  }
  return [...byUser.values()].sort((a, b) => b.scopePath.length - a.scopePath.length || a.name.localeCompare(b.name));
}

export type Delegation = { id: string; approverId: string; approverName: string; delegateId: string | null; delegateName: string | null; startsAt: Date; endsAt: Date };

/** The away periods in force at `now` (not ended early), for the given approvers or delegates. */
export async function delegationsInForce(db: Executor, who: { approverIds?: string[]; delegateId?: string }, now = new Date()): Promise<Delegation[]> {
  const rows = await db
    .select({
      id: approvalDelegations.id,
      approverId: approvalDelegations.approverId,
      approverName: sql<string>`(select name from users where id = ${approvalDelegations.approverId})`,
      delegateId: approvalDelegations.delegateId,
      delegateName: sql<string | null>`(select name from users where id = ${approvalDelegations.delegateId})`,
      startsAt: approvalDelegations.startsAt,
      endsAt: approvalDelegations.endsAt,
    })
    .from(approvalDelegations)
    .where(
      and(
        lte(approvalDelegations.startsAt, now),
        gt(approvalDelegations.endsAt, now),
        isNull(approvalDelegations.endedAt),
        who.delegateId ? eq(approvalDelegations.delegateId, who.delegateId) : undefined,
        who.approverIds ? (who.approverIds.length ? inArray(approvalDelegations.approverId, who.approverIds) : sql`false`) : undefined,
      ),
    );
  return rows;
}

/**
 * Who a waiting level is routed to after `tier` escalations: the nearest tiers of eligible
 * approvers (lib/orders/rules.ts routedApprovers), plus, for each routed approver who is away, their
 * delegate when the delegate may decide it in their own right (their own scope and limit, not their
 * own order). `onlyNewTier` keeps just the tier an escalation adds.
 */
export async function routeWaitingLevel(
  db: Executor,
  order: { id: string; nodePath: string; currency: string; totalMinor: number; createdById: string },
  tier: number,
  opts: { onlyNewTier?: boolean; now?: Date } = {},
): Promise<{ approver: EligibleApprover; forName?: string }[]> {
  const eligible = await eligibleApprovers(db, order, opts.now);
  const before = opts.onlyNewTier && tier > 0 ? new Set(routedApprovers(eligible, tier - 1).map((a) => a.userId)) : new Set<string>();
  const routed = routedApprovers(eligible, tier).filter((a) => !before.has(a.userId));
  const away = await delegationsInForce(db, { approverIds: routed.map((a) => a.userId) }, opts.now);
  const out: { approver: EligibleApprover; forName?: string }[] = routed.map((approver) => ({ approver }));
  for (const d of away) {
    const delegate = eligible.find((e) => e.userId === d.delegateId);
    if (delegate) out.push({ approver: delegate, forName: d.approverName });
  }
  return out;
}
