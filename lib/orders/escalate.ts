import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { accountNodes, approvalDecisions, orders, users } from "@/db/schema";
import { waitingNotice } from "@/lib/approvals/news";
import { eligibleApprovers, routeWaitingLevel } from "@/lib/approvals/routing";
import { approverTiers } from "@/lib/approvals/rules";
import { recordAudit } from "@/lib/audit/record";
import { notify } from "@/lib/notifications/notify";
import { recordOrderEvents } from "./events";

/**
 * Escalates every waiting level that has waited past its policy's time (DESIGN.md "Approvals"):
 * the next tier of approvers up the tree is told and sees it marked for them, and the orderer sees
 * it on the timeline. Nothing runs in a timer: this is called when approvers' and orderers' pages
 * load and by `npm run jobs` (for a scheduler), and each escalation is a conditional update of
 * the tier it read, so several instances running it at once escalate each order once.
 * Returns how many escalations it made.
 */
export async function escalateDueOrders(db: Executor, now = new Date(), batch = 50): Promise<number> {
  const due = await db
    .select({ id: orders.id, tier: orders.escalationTier })
    .from(orders)
    .where(and(eq(orders.status, "pending_approval"), sql`${orders.levelSince} + make_interval(hours => ${orders.escalationHours} * (${orders.escalationTier} + 1)) <= ${now}`))
    .limit(batch);
  let made = 0;
  for (const candidate of due) {
    const escalated = await db.transaction(async (tx) => {
      const [order] = await tx
        .select({ order: orders, path: accountNodes.path, ordererName: users.name })
        .from(orders)
        .innerJoin(accountNodes, eq(accountNodes.id, orders.nodeId))
        .innerJoin(users, eq(users.id, orders.createdById))
        .where(eq(orders.id, candidate.id));
      const o = order!.order;
      const subject = { id: o.id, nodePath: order!.path, currency: o.currency, totalMinor: o.totalMinor, createdById: o.createdById };
      // Only while there is a tier further up to go to; at the top it stays where it is.
      const tiers = approverTiers(await eligibleApprovers(tx, subject, now));
      if (candidate.tier + 1 >= tiers.length) return false;
      const [moved] = await tx
        .update(orders)
        .set({ escalationTier: candidate.tier + 1 })
        .where(and(eq(orders.id, o.id), eq(orders.status, "pending_approval"), eq(orders.escalationTier, candidate.tier)))
        .returning({ id: orders.id });
      if (!moved) return false;
      const tier = candidate.tier + 1;
      const routed = await routeWaitingLevel(tx, subject, tier, { onlyNewTier: true, now });
      const level = (await tx.select({ level: approvalDecisions.level }).from(approvalDecisions).where(eq(approvalDecisions.orderId, o.id))).length + 1;
      await recordOrderEvents(tx, [
        { enterpriseId: o.enterpriseId, orderId: o.id, kind: "escalated", actorId: null, level, at: now, data: { tier, afterHours: (o.escalationHours ?? 0) * tier, routedTo: routed.map((r) => r.approver.name) } },
      ]);
      const news = { id: o.id, number: o.number, enterpriseId: o.enterpriseId, totalMinor: o.totalMinor, currency: o.currency, ordererName: order!.ordererName };
      const deliver = await notify(
        tx,
        routed.map((r) => waitingNotice(r.approver, news, level, o.requiredLevels, { forName: r.forName, escalated: true })),
      );
      await recordAudit(tx, null, null, {
        action: "order.escalate",
        subjectType: "Order",
        subjectId: o.id,
        enterpriseId: o.enterpriseId,
        nodeId: o.nodeId,
        summary: `Escalated level ${level} of order ${o.number} to ${routed.map((r) => r.approver.name).join(", ") || "the next approvers"}`,
        after: { tier },
      });
      return deliver;
    });
    if (escalated) {
      made += 1;
      await escalated();
    }
  }
  return made;
}
