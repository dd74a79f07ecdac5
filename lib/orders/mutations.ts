import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { orderLines, orders } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { authorizeLocked } from "@/lib/authz/guard";
import type { Ctx } from "@/lib/context";
import { ConflictError } from "@/lib/errors";
import { claimRequestKey, recordRequestResult } from "@/lib/request-keys";
import { recordOrderEvents } from "./events";
import { nextOrderNumber, planOrder, type OrderPlan } from "./plan";
import { canCancel, canEdit, type OrderStatus } from "./rules";
import type { CreateOrderInput, OrderFields, UpdateOrderInput } from "./schemas";

/** Who did it: an impersonating account manager is the actor, for the timeline as for the audit log. */
export function actorId(ctx: Ctx): string {
  return ctx.principal.impersonation?.byUserId ?? ctx.principal.userId;
}

const STALE = "Someone else changed this order since you opened it. Reload it to see their changes, then make yours again.";

function orderValues(plan: OrderPlan, fields: OrderFields) {
  return {
    nodeId: plan.nodeId,
    billingAccountId: plan.billingAccountId,
    contractId: plan.contractId,
    currency: plan.currency,
    purchaseOrderNumber: fields.purchaseOrderNumber ?? null,
    requestedOn: fields.requestedOn ?? null,
    note: fields.note ?? null,
    oneOffTotalMinor: plan.oneOffTotalMinor,
    recurringTotalMinor: plan.recurringTotalMinor,
    totalMinor: plan.totalMinor,
  };
}

async function insertLines(tx: Executor, orderId: string, plan: OrderPlan) {
  await tx.insert(orderLines).values(plan.lines.map((l) => ({ ...l, orderId, enterpriseId: plan.enterpriseId })));
}

/**
 * Creates a draft order, priced from the contract. Idempotent by request key: a double click or a
 * retried request answers the order the first one created.
 */
export async function createOrder(db: Executor, ctx: Ctx, input: CreateOrderInput, now = new Date()): Promise<{ id: string; number: string }> {
  const { requestKey, ...fields } = input;
  return db.transaction(async (tx) => {
    const replay = await claimRequestKey<{ id: string; number: string }>(tx, ctx.principal, requestKey, "order.create");
    if (replay) return replay.replay;
    const plan = await planOrder(tx, ctx, fields, now);
    const [order] = await tx
      .insert(orders)
      .values({ ...orderValues(plan, fields), enterpriseId: plan.enterpriseId, number: nextOrderNumber, createdById: ctx.principal.userId, status: "draft", createdAt: now, updatedAt: now })
      .returning({ id: orders.id, number: orders.number });
    await insertLines(tx, order!.id, plan);
    await recordOrderEvents(tx, [{ enterpriseId: plan.enterpriseId, orderId: order!.id, kind: "created", actorId: actorId(ctx), at: now }]);
    await recordAudit(tx, ctx.principal, ctx.requestId, {
      action: "order.create",
      subjectType: "Order",
      subjectId: order!.id,
      enterpriseId: plan.enterpriseId,
      nodeId: plan.nodeId,
      summary: `Created draft order ${order!.number} (${plan.lines.length} line${plan.lines.length === 1 ? "" : "s"})`,
      after: { ...orderValues(plan, fields), lines: plan.lines },
    });
    const result = { id: order!.id, number: order!.number };
    await recordRequestResult(tx, ctx.principal, requestKey, result);
    return result;
  });
}

/**
 * Edits a draft: the edit names the version it read, and a draft someone changed meanwhile is a
 * conflict, never a silent overwrite. Lines are replaced and priced again.
 */
export async function updateOrder(db: Executor, ctx: Ctx, input: UpdateOrderInput, now = new Date()): Promise<{ id: string; rowVersion: number }> {
  const { orderId, rowVersion, ...fields } = input;
  return db.transaction(async (tx) => {
    await authorizeLocked(tx, ctx.ability, "update", "Order", orderId);
    const [current] = await tx.select().from(orders).where(eq(orders.id, orderId));
    if (!canEdit(current!.status as OrderStatus)) throw new ConflictError(`Order ${current!.number} is ${current!.status.replace(/_/g, " ")}; only drafts can be edited.`);
    if (current!.rowVersion !== rowVersion) throw new ConflictError(STALE);
    const plan = await planOrder(tx, ctx, fields, now);
    const [updated] = await tx
      .update(orders)
      .set({ ...orderValues(plan, fields), rowVersion: sql`${orders.rowVersion} + 1`, updatedAt: now })
      .where(and(eq(orders.id, orderId), eq(orders.rowVersion, rowVersion), eq(orders.status, "draft")))
      .returning({ rowVersion: orders.rowVersion });
    if (!updated) throw new ConflictError(STALE);
    await tx.delete(orderLines).where(eq(orderLines.orderId, orderId));
    await insertLines(tx, orderId, plan);
    await recordOrderEvents(tx, [{ enterpriseId: plan.enterpriseId, orderId, kind: "updated", actorId: actorId(ctx), at: now }]);
    await recordAudit(tx, ctx.principal, ctx.requestId, {
      action: "order.update",
      subjectType: "Order",
      subjectId: orderId,
      enterpriseId: plan.enterpriseId,
      nodeId: plan.nodeId,
      summary: `Edited draft order ${current!.number}`,
      before: { totalMinor: current!.totalMinor, contractId: current!.contractId, purchaseOrderNumber: current!.purchaseOrderNumber },
      after: { ...orderValues(plan, fields), lines: plan.lines },
    });
    return { id: orderId, rowVersion: updated.rowVersion };
  });
}

/** The orderer cancels their own order before the CSP has started work on it. */
export async function cancelOrder(db: Executor, ctx: Ctx, input: { orderId: string; reason?: string }, now = new Date()): Promise<{ id: string }> {
  return db.transaction(async (tx) => {
    await authorizeLocked(tx, ctx.ability, "cancel", "Order", input.orderId);
    const [current] = await tx.select().from(orders).where(eq(orders.id, input.orderId));
    if (!canCancel(current!.status as OrderStatus)) throw new ConflictError(`Order ${current!.number} is ${current!.status.replace(/_/g, " ")} and can no longer be cancelled.`);
    await tx
      .update(orders)
      .set({ status: "cancelled", cancelledAt: now, updatedAt: now, rowVersion: sql`${orders.rowVersion} + 1` })
      .where(eq(orders.id, input.orderId));
    await recordOrderEvents(tx, [{ enterpriseId: current!.enterpriseId, orderId: input.orderId, kind: "cancelled", actorId: actorId(ctx), comment: input.reason ?? null, at: now }]);
    await recordAudit(tx, ctx.principal, ctx.requestId, {
      action: "order.cancel",
      subjectType: "Order",
      subjectId: input.orderId,
      enterpriseId: current!.enterpriseId,
      nodeId: current!.nodeId,
      summary: `Cancelled order ${current!.number}`,
      before: { status: current!.status },
      after: { status: "cancelled", reason: input.reason ?? null },
    });
    return { id: input.orderId };
  });
}
