"use server";

import { getDb } from "@/db/client";
import { defineAction } from "@/lib/action";
import { endAway, setApprovalPolicy, setAway } from "./mutations";
import { awayInput, endAwayInput, policyInput } from "./schemas";

const away = defineAction("approval.away", awayInput, async (input, ctx) => {
  const created = await setAway(await getDb(), ctx, input);
  return { id: created.id };
});
const back = defineAction("approval.back", endAwayInput, async (input, ctx) => endAway(await getDb(), ctx, input));
const policy = defineAction("approval_policy.set", policyInput, async (input, ctx) => {
  const saved = await setApprovalPolicy(await getDb(), ctx, input);
  return { id: saved.id };
});

/** Says the approver is away for a period, and who decides in their place. */
export async function setAwayAction(raw: unknown) {
  return away(raw);
}
/** Ends an away period early. */
export async function endAwayAction(raw: unknown) {
  return back(raw);
}
/** Sets a node's approval policy in one currency. */
export async function setApprovalPolicyAction(raw: unknown) {
  return policy(raw);
}
