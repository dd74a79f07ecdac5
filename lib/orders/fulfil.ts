import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { orderLines, orders, services, users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { authorizeLocked } from "@/lib/authz/guard";
import type { Ctx } from "@/lib/context";
import { ConflictError } from "@/lib/errors";
import type { DeliveryResult } from "@/lib/mail/send";
import { notify } from "@/lib/notifications/notify";
import { recordOrderEvents } from "./events";
import { actorId } from "./mutations";

const FROM = { start: "approved", complete: "in_progress" } as const;
const TO = { start: "in_progress", complete: "completed" } as const;

/**
 * The CSP moves an approved order through fulfilment: work started, then completed. Completion
 * installs a service per line at its site, charged to its sub-account at the line's contract price
 * (what bills charge for from then on). A step already taken is a conflict, never done twice.
 */
export async function fulfilOrder(db: Executor, ctx: Ctx, input: { orderId: string; step: "start" | "complete" }, now = new Date()) {
  let deliver: (() => Promise<DeliveryResult>) | undefined;
  const result = await db.transaction(async (tx) => {
    await authorizeLocked(tx, ctx.ability, "fulfil", "Order", input.orderId);
    const [order] = await tx.select().from(orders).where(eq(orders.id, input.orderId));
    if (order!.status !== FROM[input.step]) {
      throw new ConflictError(`Order ${order!.number} is ${order!.status.replace(/_/g, " ")}; it cannot be ${input.step === "start" ? "started" : "completed"} now.`);
    }
    const status = TO[input.step];
    await tx
      .update(orders)
      .set({ status, completedAt: input.step === "complete" ? now : null, updatedAt: now, rowVersion: sql`${orders.rowVersion} + 1` })
      .where(and(eq(orders.id, order!.id), eq(orders.status, FROM[input.step])));
    let installed = 0;
    if (input.step === "complete") {
      const lines = await tx.select().from(orderLines).where(eq(orderLines.orderId, order!.id));
      if (lines.length) {
        await tx.insert(services).values(
          lines.map((l) => ({
            enterpriseId: order!.enterpriseId,
            offeringId: l.offeringId,
            contractId: order!.contractId,
            orderLineId: l.id,
            siteId: l.siteId,
            subAccountId: l.subAccountId,
            quantity: l.quantity,
            currency: order!.currency,
            recurringMinor: l.unitRecurringMinor,
            status: "active" as const,
            activatedAt: now,
          })),
        );
      }
      installed = lines.length;
    }
    await recordOrderEvents(tx, [{ enterpriseId: order!.enterpriseId, orderId: order!.id, kind: input.step === "start" ? "started" : "completed", actorId: actorId(ctx), at: now, data: installed ? { services: installed } : undefined }]);
    const [orderer] = await tx.select({ userId: users.id, name: users.name, email: users.email, locale: users.locale, timeZone: users.timeZone }).from(users).where(eq(users.id, order!.createdById));
    deliver = await notify(tx, [
      {
        recipient: orderer!,
        enterpriseId: order!.enterpriseId,
        kind: `order.${status}`,
        title: input.step === "start" ? `Work on ${order!.number} has started` : `${order!.number} is complete`,
        lines: [input.step === "start" ? `We have started work on your order ${order!.number}.` : `Your order ${order!.number} is complete: ${installed} service${installed === 1 ? " is" : "s are"} now installed and billed from today.`],
        href: `/orders/${order!.id}`,
        action: "Open the order",
      },
    ]);
    await recordAudit(tx, ctx.principal, ctx.requestId, {
      action: `order.${input.step}`,
      subjectType: "Order",
      subjectId: order!.id,
      enterpriseId: order!.enterpriseId,
      nodeId: order!.nodeId,
      summary: input.step === "start" ? `Started work on order ${order!.number}` : `Completed order ${order!.number} (${installed} service${installed === 1 ? "" : "s"} installed)`,
      before: { status: order!.status },
      after: { status },
    });
    return { id: order!.id, status, installed };
  });
  if (deliver) await deliver();
  return result;
}
