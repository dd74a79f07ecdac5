import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { billPayments, bills } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { authorizeLocked } from "@/lib/authz/guard";
import type { Ctx } from "@/lib/context";
import { InvalidError } from "@/lib/errors";
import { formatMajorAmount, toMinorUnits } from "@/lib/money";
import type { z } from "zod";
import type { recordPaymentSchema } from "./schemas";
import { balanceMinor } from "./state";

/**
 * The CSP records a payment received against a bill, in full or in part. The bill's row is locked,
 * so two people recording at once never overpay it past its total; what was paid decides its state.
 */
export async function recordPayment(db: Executor, ctx: Ctx, input: z.output<typeof recordPaymentSchema>, now = new Date()) {
  return db.transaction(async (tx) => {
    await authorizeLocked(tx, ctx.ability, "update", "Bill", input.billId);
    const [bill] = await tx.select().from(bills).where(eq(bills.id, input.billId));
    const parsed = toMinorUnits(input.amount, bill!.currency);
    if ("error" in parsed) throw new InvalidError(parsed.error, { amount: [parsed.error] });
    if (parsed.minor <= 0) throw new InvalidError("Enter an amount above zero.", { amount: ["Enter an amount above zero."] });
    const open = balanceMinor(bill!);
    if (parsed.minor > open) {
      const message = open === 0 ? "This bill is paid in full." : `At most ${formatMajorAmount(open, bill!.currency)} ${bill!.currency} is still to pay.`;
      throw new InvalidError(message, { amount: [message] });
    }
    if (input.receivedOn > now.toISOString().slice(0, 10)) throw new InvalidError("A payment cannot be received in the future.", { receivedOn: ["A payment cannot be received in the future."] });
    await tx.insert(billPayments).values({ enterpriseId: bill!.enterpriseId, billId: bill!.id, amountMinor: parsed.minor, receivedOn: input.receivedOn, reference: input.reference ?? null, recordedById: ctx.principal.userId, createdAt: now });
    const [after] = await tx
      .update(bills)
      .set({ paidMinor: sql`${bills.paidMinor} + ${parsed.minor}` })
      .where(eq(bills.id, bill!.id))
      .returning({ paidMinor: bills.paidMinor });
    const full = after!.paidMinor >= bill!.totalMinor;
    await recordAudit(tx, ctx.principal, ctx.requestId, {
      action: "bill.payment",
      subjectType: "Bill",
      subjectId: bill!.id,
      enterpriseId: bill!.enterpriseId,
      nodeId: bill!.billingAccountId,
      summary: `Recorded a payment of ${formatMajorAmount(parsed.minor, bill!.currency)} ${bill!.currency} on ${bill!.number}${full ? " (paid in full)" : ""}`,
      before: { paidMinor: bill!.paidMinor },
      after: { paidMinor: after!.paidMinor, receivedOn: input.receivedOn, reference: input.reference ?? null },
    });
    return { billId: bill!.id, paidMinor: after!.paidMinor, full };
  });
}
