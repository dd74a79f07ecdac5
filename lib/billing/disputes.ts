import "server-only";
import { and, eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { billDisputes, billLines, bills } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { authorizeLocked, lockSubjectFields } from "@/lib/authz/guard";
import { asSubject } from "@/lib/authz/subjects";
import type { Ctx } from "@/lib/context";
import { ConflictError, ForbiddenError, InvalidError, isUniqueViolation, NotFoundError } from "@/lib/errors";
import { formatMoney } from "@/lib/format";
import type { Deliver } from "@/lib/mail/send";
import { notify } from "@/lib/notifications/notify";
import { disputeRaiser, disputeWatchers } from "./dispute-notices";
import type { z } from "zod";
import type { raiseDisputeSchema, resolveDisputeSchema } from "./schemas";

/**
 * A billing viewer disputes one line of a bill in scope, with a reason. The disputed amount is the
 * line's amount and tax as billed; a credit line (one that is itself a credit) cannot be disputed.
 * One open dispute per line (a partial unique index holds it under concurrent clicks).
 */
export async function raiseDispute(db: Executor, ctx: Ctx, input: z.output<typeof raiseDisputeSchema>, now = new Date()) {
  let deliver: Deliver | null = null;
  try {
    const result = await db.transaction(async (tx) => {
      const [line] = await tx
        .select({ line: billLines, bill: bills })
        .from(billLines)
        .innerJoin(bills, eq(bills.id, billLines.billId))
        .where(eq(billLines.id, input.lineId));
      // The bill's scope decides: a line of a bill the viewer cannot read does not exist for them.
      const billFields = line ? await lockSubjectFields(tx, "Bill", line.bill.id) : null;
      if (!line || !billFields || !ctx.ability.can("read", asSubject("Bill", billFields))) throw new NotFoundError();
      const subject = asSubject("Dispute", { path: billFields.path, enterpriseId: line.bill.enterpriseId, raisedById: ctx.principal.userId, status: "open" });
      if (!ctx.ability.can("create", subject)) throw new ForbiddenError();
      if (line.line.kind === "adjustment") throw new InvalidError("This line is a credit or an adjustment; it cannot be disputed.");
      const [settled] = await tx
        .select({ status: billDisputes.status })
        .from(billDisputes)
        .where(and(eq(billDisputes.billLineId, line.line.id), eq(billDisputes.status, "credited")));
      if (settled) throw new ConflictError("This charge was disputed and credited already.");
      const [dispute] = await tx
        .insert(billDisputes)
        .values({
          enterpriseId: line.bill.enterpriseId,
          billId: line.bill.id,
          billLineId: line.line.id,
          billingAccountId: line.bill.billingAccountId,
          raisedById: ctx.principal.userId,
          reason: input.reason,
          amountMinor: line.line.amountMinor,
          taxMinor: line.line.taxMinor,
          createdAt: now,
        })
        .returning({ id: billDisputes.id });
      await recordAudit(tx, ctx.principal, ctx.requestId, {
        action: "bill.dispute",
        subjectType: "Dispute",
        subjectId: dispute!.id,
        enterpriseId: line.bill.enterpriseId,
        nodeId: line.bill.billingAccountId,
        summary: `Disputed "${line.line.description}" on ${line.bill.number}`,
        after: { reason: input.reason, amountMinor: line.line.amountMinor, taxMinor: line.line.taxMinor },
      });
      // The CSP hears of it at once (bell and mail, with the change): a dispute holds up payment.
      const amount = line.line.amountMinor + line.line.taxMinor;
      deliver = await notify(
        tx,
        (await disputeWatchers(tx, String(billFields.path), now)).map((recipient) => ({
          recipient,
          enterpriseId: line.bill.enterpriseId,
          kind: "bill.dispute",
          title: `A charge on ${line.bill.number} is disputed`,
          lines: [`${ctx.principal.name} disputes "${line.line.description}" (${formatMoney(amount, line.bill.currency, recipient.locale)}) on ${line.bill.number}: ${input.reason}`],
          href: `/bills/${line.bill.id}`,
          action: "Open the bill",
        })),
      );
      return { id: dispute!.id, billId: line.bill.id };
    });
    if (deliver) await (deliver as Deliver)();
    return result;
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError("This charge is disputed already; the dispute is open.");
    throw error;
  }
}

/**
 * The CSP resolves an open dispute: credited (the account's next bill run credits the line's
 * amount and tax) or rejected, with a note the customer reads. Decided once: a resolved dispute
 * is a conflict, never resolved twice.
 */
export async function resolveDispute(db: Executor, ctx: Ctx, input: z.output<typeof resolveDisputeSchema>, now = new Date()) {
  let deliver: Deliver | null = null;
  const result = await db.transaction(async (tx) => {
    await authorizeLocked(tx, ctx.ability, "update", "Dispute", input.disputeId);
    const [d] = await tx.select({ d: billDisputes, number: bills.number, currency: bills.currency }).from(billDisputes).innerJoin(bills, eq(bills.id, billDisputes.billId)).where(eq(billDisputes.id, input.disputeId));
    if (d!.d.status !== "open") throw new ConflictError(`This dispute was ${d!.d.status} already.`);
    await tx
      .update(billDisputes)
      .set({ status: input.outcome, resolution: input.resolution, resolvedById: ctx.principal.userId, resolvedAt: now })
      .where(and(eq(billDisputes.id, input.disputeId), eq(billDisputes.status, "open")));
    await recordAudit(tx, ctx.principal, ctx.requestId, {
      action: "bill.dispute_resolve",
      subjectType: "Dispute",
      subjectId: input.disputeId,
      enterpriseId: d!.d.enterpriseId,
      nodeId: d!.d.billingAccountId,
      summary: `${input.outcome === "credited" ? "Accepted (to be credited on the next bill)" : "Rejected"} the dispute of a charge on ${d!.number}`,
      before: { status: "open" },
      after: { status: input.outcome, resolution: input.resolution },
    });
    // The person who raised it hears the outcome, in their own words and currency format.
    const raiser = await disputeRaiser(tx, d!.d.raisedById);
    if (raiser) {
      const amount = formatMoney(d!.d.amountMinor + d!.d.taxMinor, d!.currency, raiser.locale);
      deliver = await notify(tx, [
        {
          recipient: raiser,
          enterpriseId: d!.d.enterpriseId,
          kind: `bill.dispute_${input.outcome}`,
          title: input.outcome === "credited" ? `Your dispute on ${d!.number} is accepted` : `Your dispute on ${d!.number} is rejected`,
          lines: [input.outcome === "credited" ? `${amount} will be credited on the next bill.` : `The charge of ${amount} stands.`, input.resolution],
          href: `/bills/${d!.d.billId}`,
          action: "Open the bill",
        },
      ]);
    }
    return { id: input.disputeId, status: input.outcome };
  });
  if (deliver) await (deliver as Deliver)();
  return result;
}
