import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { accountNodes, approvalDecisions, orders, users } from "@/db/schema";
import { decidedNotice, waitingNotice, type OrderNewsSubject } from "@/lib/approvals/news";
import { delegationsInForce, eligibleApprovers, routeWaitingLevel } from "@/lib/approvals/routing";
import { recordAudit } from "@/lib/audit/record";
import { authorize, loadSubjectFields } from "@/lib/authz/guard";
import type { Ctx } from "@/lib/context";
import { ConflictError, ForbiddenError } from "@/lib/errors";
import type { DeliveryResult } from "@/lib/mail/send";
import { notify, type Notice } from "@/lib/notifications/notify";
import { recordOrderEvents, type OrderEventInput } from "./events";
import { actorId } from "./mutations";
import type { DecideInput } from "./schemas";

export type DecideResult = { id: string; status: "pending_approval" | "approved" | "rejected"; level: number; onBehalfOf: string | null };

const ALREADY = "This level was already decided by someone else. Reload the order to see who decided it.";

/**
 * An approver decides the waiting level of an order (DESIGN.md "Approval levels", rule 2):
 * - the order must be readable (404) and the ability must allow approving it — in scope, within the
 *   approver's limit and currency, not their own order, never while impersonating (403, recorded);
 * - the decision names the level the approver saw: if it is no longer the waiting one, it was
 *   already decided (409);
 * - one decision per level and one level per person are unique indexes; the insert does nothing
 *   when either is taken, and the order moves on only by a conditional update of the version read.
 *   Fifty approvers deciding at once record exactly one decision; the others are told it was decided.
 * When the decider stands in for an away approver who could decide it, the decision records both.
 */
export async function decideOrder(db: Executor, ctx: Ctx, input: DecideInput, now = new Date()): Promise<DecideResult & { delivery?: DeliveryResult }> {
  let deliver: (() => Promise<DeliveryResult>) | undefined;
  const result = await db.transaction(async (tx) => {
    const fields = await loadSubjectFields(tx, "Order", input.orderId);
    authorize(ctx.ability, "read", "Order", fields);
    const [order] = await tx.select().from(orders).where(eq(orders.id, input.orderId));
    if (order!.status !== "pending_approval") throw new ConflictError(`Order ${order!.number} is not waiting for a decision any more.`);
    const decided = await tx.select({ level: approvalDecisions.level }).from(approvalDecisions).where(eq(approvalDecisions.orderId, order!.id));
    const waiting = decided.length + 1;
    if (input.level !== waiting) throw new ConflictError(ALREADY);
    authorize(ctx.ability, "approve", "Order", fields);
    const me = ctx.principal.userId;
    const [node] = await tx.select({ path: accountNodes.path }).from(accountNodes).where(eq(accountNodes.id, order!.nodeId));
    const subject = { id: order!.id, nodePath: node!.path, currency: order!.currency, totalMinor: order!.totalMinor, createdById: order!.createdById };
    const eligible = await eligibleApprovers(tx, subject, now);
    if (!eligible.some((e) => e.userId === me)) {
      // Each statement reads what was committed when it began: a concurrent request may have decided
      // this very level (as this person) since `decided` was read. Then it is a conflict, not rule 2.
      const [taken] = await tx
        .select({ level: approvalDecisions.level })
        .from(approvalDecisions)
        .where(and(eq(approvalDecisions.orderId, order!.id), eq(approvalDecisions.level, input.level)));
      if (taken) throw new ConflictError(ALREADY);
      // The ability allowed it, so what stands in the way is rule 2: another level is theirs already.
      throw new ForbiddenError("You already decided another level of this order; a different approver must decide this one.");
    }
    // Standing in for an away approver who could decide this level: recorded with both names.
    const away = await delegationsInForce(tx, { delegateId: me }, now);
    const standIn = away.find((d) => eligible.some((e) => e.userId === d.approverId));

    const [inserted] = await tx
      .insert(approvalDecisions)
      .values({
        enterpriseId: order!.enterpriseId,
        orderId: order!.id,
        level: input.level,
        deciderId: me,
        onBehalfOfId: standIn?.approverId ?? null,
        decision: input.decision,
        approvalLimitMinor: eligible.find((e) => e.userId === me)!.limitMinor,
        comment: input.comment ?? null,
        decidedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: approvalDecisions.id });
    if (!inserted) throw new ConflictError(ALREADY);

    const final = input.decision === "rejected" || input.level >= order!.requiredLevels;
    const status = input.decision === "rejected" ? "rejected" : final ? "approved" : "pending_approval";
    const [moved] = await tx
      .update(orders)
      .set({
        status,
        decidedAt: final ? now : null,
        levelSince: final ? null : now,
        escalationTier: 0,
        updatedAt: now,
        rowVersion: sql`${orders.rowVersion} + 1`,
      })
      .where(and(eq(orders.id, order!.id), eq(orders.status, "pending_approval"), eq(orders.rowVersion, order!.rowVersion)))
      .returning({ id: orders.id });
    if (!moved) throw new ConflictError(ALREADY);

    const actor = actorId(ctx);
    const events: OrderEventInput[] = [
      {
        enterpriseId: order!.enterpriseId,
        orderId: order!.id,
        kind: input.decision === "rejected" ? "rejected" : final ? "approved" : "level_approved",
        actorId: actor,
        onBehalfOfId: standIn?.approverId ?? null,
        level: input.level,
        comment: input.comment ?? null,
        at: now,
      },
    ];
    const people = await tx.select({ userId: users.id, name: users.name, email: users.email, locale: users.locale, timeZone: users.timeZone }).from(users).where(eq(users.id, order!.createdById));
    const orderer = people[0]!;
    const news: OrderNewsSubject = { id: order!.id, number: order!.number, enterpriseId: order!.enterpriseId, totalMinor: order!.totalMinor, currency: order!.currency, ordererName: orderer.name };
    const myName = standIn ? `${ctx.principal.name} (for ${standIn.approverName})` : ctx.principal.name;
    const notices: Notice[] = [];
    if (final) {
      notices.push(decidedNotice(orderer, news, input.decision, myName, input.comment ?? null, now));
    } else {
      const routed = await routeWaitingLevel(tx, subject, 0, { now });
      events.push({ enterpriseId: order!.enterpriseId, orderId: order!.id, kind: "approval_needed", actorId: null, level: input.level + 1, at: now, data: { levels: order!.requiredLevels, routedTo: routed.map((r) => r.approver.name) } });
      notices.push(...routed.map((r) => waitingNotice(r.approver, news, input.level + 1, order!.requiredLevels, { forName: r.forName })));
    }
    await recordOrderEvents(tx, events);
    deliver = await notify(tx, notices);
    await recordAudit(tx, ctx.principal, ctx.requestId, {
      action: input.decision === "rejected" ? "order.reject" : "order.approve",
      subjectType: "Order",
      subjectId: order!.id,
      enterpriseId: order!.enterpriseId,
      nodeId: order!.nodeId,
      summary: `${input.decision === "rejected" ? "Rejected" : "Approved"} level ${input.level} of ${order!.requiredLevels} of order ${order!.number}${standIn ? ` for ${standIn.approverName}` : ""}`,
      before: { status: "pending_approval", level: input.level },
      after: { status, decision: input.decision, comment: input.comment ?? null, onBehalfOf: standIn?.approverName ?? null },
    });
    return { id: order!.id, status, level: input.level, onBehalfOf: standIn?.approverName ?? null } satisfies DecideResult;
  });
  return { ...result, delivery: deliver ? await deliver() : undefined };
}
