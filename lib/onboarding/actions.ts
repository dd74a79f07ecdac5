"use server";

import { z } from "zod";
import { getDb } from "@/db/client";
import { defineAction } from "@/lib/action";
import { appOrigin } from "@/lib/mail/origin";
import { mailMode } from "@/lib/mail/send";
import { assignAccountManager, unassignAccountManager } from "./account-managers";
import { mayOnboard, onboardEnterprise } from "./onboard";
import { onboardInput } from "./schema";

const assignment = z.object({ enterpriseId: z.string().uuid("Unknown enterprise"), userId: z.string().uuid("Choose a member of the CSP's staff") });

const onboard = defineAction("customer.onboard", onboardInput, async (input, ctx) => {
  const result = await onboardEnterprise(await getDb(), ctx, input, await appOrigin());
  return { id: result.id, name: result.name, mode: mailMode(), mailFailed: result.mailFailed };
});

/**
 * The guided form's "Next": the same checks as the final submit, nothing written. The form shows
 * the problems of the step it is on (the server holds the one schema; no validator is shipped to
 * the browser).
 */
const check = defineAction("customer.onboard_check", z.unknown(), async (raw, ctx) => {
  mayOnboard(ctx);
  const parsed = onboardInput.safeParse(raw);
  return { issues: parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })) };
});

const assign = defineAction("customer.account_manager_assign", assignment, async (input, ctx) => {
  await assignAccountManager(await getDb(), ctx, input);
  return { assigned: true };
});

const unassign = defineAction("customer.account_manager_remove", assignment, async (input, ctx) => {
  return unassignAccountManager(await getDb(), ctx, input);
});

export async function onboardEnterpriseAction(raw: unknown) {
  return onboard(raw);
}

export async function checkOnboardingAction(raw: unknown) {
  return check(raw);
}

export async function assignAccountManagerAction(raw: unknown) {
  return assign(raw);
}

export async function removeAccountManagerAction(raw: unknown) {
  return unassign(raw);
}
