"use server";

import { getDb } from "@/db/client";
import { defineAction } from "@/lib/action";
import { raiseDispute } from "./disputes";
import { recordPayment } from "./payments";
import { raiseDisputeSchema, recordPaymentSchema } from "./schemas";

const dispute = defineAction("bill.dispute", raiseDisputeSchema, async (input, ctx) => raiseDispute(await getDb(), ctx, input));
const payment = defineAction("bill.payment", recordPaymentSchema, async (input, ctx) => recordPayment(await getDb(), ctx, input));

/** A billing viewer disputes one line of a bill, with a reason (the bill page's "Dispute" dialog). */
export async function raiseDisputeAction(raw: unknown) {
  return dispute(raw);
}

/** The CSP records a payment received against a bill, in full or in part. */
export async function recordPaymentAction(raw: unknown) {
  return payment(raw);
}
