import "server-only";
import { assignmentInForce } from "@/lib/users/in-force";
import { and, eq, gte, inArray, ne, sql, sum } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { accountNodes, orderLines, orders, roleAssignments, users } from "@/db/schema";
import { waitingNotice, type OrderNewsSubject } from "@/lib/approvals/news";
import { applyingPolicy, routeWaitingLevel } from "@/lib/approvals/routing";
import { exceedsSpendLimit, monthStartIn, requiredLevels } from "@/lib/approvals/rules";
import { recordAudit } from "@/lib/audit/record";
import { authorizeLocked } from "@/lib/authz/guard";
import type { Ctx } from "@/lib/context";
import { ConflictError } from "@/lib/errors";
import type { DeliveryResult } from "@/lib/mail/send";
import { notify } from "@/lib/notifications/notify";
import { claimRequestKey, recordRequestResult } from "@/lib/request-keys";
import { recordOrderEvents, type OrderEventInput } from "./events";
import { actorId } from "./mutations";
import { planOrder } from "./plan";
import { SPENDING, type OrderStatus } from "./rules";
import type { SubmitOrderInput } from "./schemas";

export type SubmitResult = { id: string; status: "pending_approval" | "approved"; levels: number; overSpendLimit: boolean };

/** Escalation time when no policy applies but the spend limit still asks for a level. */
export const DEFAULT_ESCALATION_HOURS = 48;

/**
 * The orderer's monthly spend limit for this order: the smallest limit, in the order's currency,
 * among their unexpired orderer roles whose scope covers the order; and what they have spent this
 * calendar month in their own time zone (their other orders submitted, approved or under way).
 */
async function spendPosition(tx: Executor, order: { id: string; createdById: string; currency: string; nodePath: string }, now: Date) {
  const limits = await tx
    .select({ limit: roleAssignments.spendLimitMinor })
    .from(roleAssignments)
    .innerJoin(accountNodes, eq(accountNodes.id, roleAssignments.scopeNodeId))
    .where(
      and(
        eq(roleAssignments.userId, order.createdById),
        eq(roleAssignments.role, "orderer"),
        eq(roleAssignments.limitCurrency, order.currency),
        sql`${roleAssignments.spendLimitMinor} is not null`,
        assignmentInForce(now),
        sql`starts_with(${order.nodePath}, ${accountNodes.path})`,
      ),
    );
  const limit = limits.length ? Math.min(...limits.map((l) => Number(l.limit))) : null;
  if (limit == null) return { limit, spent: 0 };
  const [creator] = await tx.select({ timeZone: users.timeZone }).from(users).where(eq(users.id, order.createdById));
  const [spent] = await tx
    .select({ total: sum(orders.totalMinor).mapWith(Number) })
    .from(orders)
    .where(
      and(
        eq(orders.createdById, order.createdById),
        eq(orders.currency, order.currency),
        inArray(orders.status, [...SPENDING]),
        gte(orders.submittedAt, monthStartIn(creator!.timeZone, now)),
        ne(orders.id, order.id),
      ),
    );
  return { limit, spent: spent?.total ?? 0 };
}

/**
 * Submits a draft (DESIGN.md "Approval levels"): prices it again from the contract in force, finds
 * the applying policy, counts the thresholds its total exceeds (at least one level when it takes the
 * orderer past their monthly spend limit), and either approves it at once (no level needed) or puts
 * it in the approvers' inboxes and tells the nearest of them. Idempotent by request key; a stale
 * version (someone edited it meanwhile) is a conflict.
 */
export async function submitOrder(db: Executor, ctx: Ctx, input: SubmitOrderInput, now = new Date()): Promise<SubmitResult & { delivery?: DeliveryResult }> {
  let deliver: (() => Promise<DeliveryResult>) | undefined;
  const result = await db.transaction(async (tx) => {
    const replay = await claimRequestKey<SubmitResult>(tx, ctx.principal, input.requestKey, "order.submit");
    if (replay) return replay.replay;
    await authorizeLocked(tx, ctx.ability, "submit", "Order", input.orderId);
    const [order] = await tx.select().from(orders).where(eq(orders.id, input.orderId));
    if ((order!.status as OrderStatus) !== "draft") throw new ConflictError(`Order ${order!.number} was already submitted.`);
    if (order!.rowVersion !== input.rowVersion) throw new ConflictError("Someone else changed this order since you opened it. Reload it and check it before you submit.");

    // Priced again at submission: the contract in force and the volume installed today decide.
    const lines = await tx.select().from(orderLines).where(eq(orderLines.orderId, order!.id));
    const plan = await planOrder(
      tx,
      ctx,
      {
        contractId: order!.contractId,
        purchaseOrderNumber: order!.purchaseOrderNumber ?? undefined,
        requestedOn: order!.requestedOn ?? undefined,
        note: order!.note ?? undefined,
        lines: lines.map((l) => ({ offeringId: l.offeringId, siteId: l.siteId, subAccountId: l.subAccountId, quantity: l.quantity })),
      },
      now,
    );
    await tx.delete(orderLines).where(eq(orderLines.orderId, order!.id));
    await tx.insert(orderLines).values(plan.lines.map((l) => ({ ...l, orderId: order!.id, enterpriseId: plan.enterpriseId })));

    const [billingAccount] = await tx.select({ path: accountNodes.path }).from(accountNodes).where(eq(accountNodes.id, plan.billingAccountId));
    const policy = await applyingPolicy(tx, billingAccount!.path, plan.currency);
    const subject = { id: order!.id, createdById: order!.createdById, currency: plan.currency, nodePath: plan.nodePath, totalMinor: plan.totalMinor };
    const spend = await spendPosition(tx, subject, now);
    const overSpendLimit = exceedsSpendLimit(spend.spent, plan.totalMinor, spend.limit);
    const levels = requiredLevels(plan.totalMinor, policy?.thresholdsMinor ?? [], overSpendLimit);
    const status = levels > 0 ? "pending_approval" : "approved";

    const [updated] = await tx
      .update(orders)
      .set({
        status,
        nodeId: plan.nodeId,
        oneOffTotalMinor: plan.oneOffTotalMinor,
        recurringTotalMinor: plan.recurringTotalMinor,
        totalMinor: plan.totalMinor,
        requiredLevels: levels,
        submittedAt: now,
        decidedAt: levels > 0 ? null : now,
        levelSince: levels > 0 ? now : null,
        escalationTier: 0,
        escalationHours: levels > 0 ? (policy?.escalationHours ?? DEFAULT_ESCALATION_HOURS) : null,
        updatedAt: now,
        rowVersion: sql`${orders.rowVersion} + 1`,
      })
      .where(and(eq(orders.id, order!.id), eq(orders.status, "draft"), eq(orders.rowVersion, input.rowVersion)))
      .returning({ id: orders.id });
    if (!updated) throw new ConflictError("Someone else changed this order since you opened it. Reload it and check it before you submit.");

    const actor = actorId(ctx);
    const events: OrderEventInput[] = [
      {
        enterpriseId: plan.enterpriseId,
        orderId: order!.id,
        kind: "submitted",
        actorId: actor,
        at: now,
        data: { totalMinor: plan.totalMinor, currency: plan.currency, levels, overSpendLimit, policyNode: policy?.nodeName ?? null, thresholdsMinor: policy?.thresholdsMinor ?? [] },
      },
    ];
    if (levels === 0) {
      events.push({ enterpriseId: plan.enterpriseId, orderId: order!.id, kind: "approved", actorId: null, at: now, comment: "No approval needed: below every threshold and within the spend limit." });
    } else {
      const routed = await routeWaitingLevel(tx, subject, 0, { now });
      events.push({ enterpriseId: plan.enterpriseId, orderId: order!.id, kind: "approval_needed", actorId: null, level: 1, at: now, data: { levels, routedTo: routed.map((r) => r.approver.name) } });
      const [orderer] = await tx.select({ name: users.name }).from(users).where(eq(users.id, order!.createdById));
      const news: OrderNewsSubject = { id: order!.id, number: order!.number, enterpriseId: plan.enterpriseId, totalMinor: plan.totalMinor, currency: plan.currency, ordererName: orderer!.name };
      deliver = await notify(
        tx,
        routed.map((r) => waitingNotice(r.approver, news, 1, levels, { forName: r.forName })),
      );
    }
    await recordOrderEvents(tx, events);
    await recordAudit(tx, ctx.principal, ctx.requestId, {
      action: "order.submit",
      subjectType: "Order",
      subjectId: order!.id,
      enterpriseId: plan.enterpriseId,
      nodeId: plan.nodeId,
      summary: levels > 0 ? `Submitted order ${order!.number}: ${levels} approval level${levels === 1 ? "" : "s"} needed` : `Submitted order ${order!.number}: approved, no approval needed`,
      before: { status: "draft" },
      after: { status, totalMinor: plan.totalMinor, currency: plan.currency, levels, overSpendLimit },
    });
    const out: SubmitResult = { id: order!.id, status, levels, overSpendLimit };
    await recordRequestResult(tx, ctx.principal, input.requestKey, out);
    return out;
  });
  return { ...result, delivery: deliver ? await deliver() : undefined };
}
