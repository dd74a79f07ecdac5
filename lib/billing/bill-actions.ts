"use server";

import { getDb } from "@/db/client";
import { defineAction } from "@/lib/action";
import { raiseDispute, resolveDispute } from "./disputes";
import { recordPayment } from "./payments";
import { raiseDisputeSchema, recordPaymentSchema, resolveDisputeSchema } from "./schemas";

const dispute = defineAction("bill.dispute", raiseDisputeSchema, async (input, ctx) => raiseDispute(await getDb(), ctx, input));
const resolve = defineAction("bill.dispute_resolve", resolveDisputeSchema, async (input, ctx) => resolveDispute(await getDb(), ctx, input));
const payment = defineAction("bill.payment", recordPaymentSchema, async (input, ctx) => recordPayment(await getDb(), ctx, input));

/** A billing viewer disputes one line of a bill, with a reason (the bill page's "Dispute" dialog). */
export async function raiseDisputeAction(raw: unknown) {
  return dispute(raw);
}

/** The CSP records a payment received against a bill, in full or in part. */
export async function recordPaymentAction(raw: unknown) {
  return payment(raw);
}

/** The CSP resolves an open dispute: credited on the next bill, or rejected, with a note the customer reads. */
export async function resolveDisputeAction(raw: unknown) {
  return resolve(raw);
}
