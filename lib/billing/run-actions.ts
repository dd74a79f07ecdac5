"use server";

import { getDb } from "@/db/client";
import { defineAction } from "@/lib/action";
import { runBillsStepFor } from "./run-step";
import { billRunSchema } from "./schemas";

const step = defineAction("bill.run", billRunSchema, async (input, ctx) => runBillsStepFor(await getDb(), ctx, input));

/**
 * One step of a bill run from the portal: the next few billing accounts of the period after the
 * last one done. The page calls it until every account is done; all it needs to go on is in the
 * request and the database, so a reload, another tab or another instance carries on the same run.
 */
export async function runBillsStepAction(raw: unknown) {
  return step(raw);
}
