"use server";

import { z } from "zod";
import { getDb } from "@/db/client";
import { defineAction } from "@/lib/action";
import { cancelEnrolment, confirmEnrolment, disableMfa, regenerateRecoveryCodes, resetUserMfa, setMfaRequired, startEnrolment } from "./mutations";
import { codeInput, mfaPolicyInput, resetMfaInput } from "./schemas";

const start = defineAction("mfa.enrolment_start", z.object({}), async (_input, ctx) => startEnrolment(await getDb(), ctx));
const cancel = defineAction("mfa.enrolment_cancel", z.object({}), async (_input, ctx) => cancelEnrolment(await getDb(), ctx));
const confirm = defineAction("mfa.enable", codeInput, async (input, ctx) => confirmEnrolment(await getDb(), ctx, input));
const regenerate = defineAction("mfa.recovery_codes_regenerate", codeInput, async (input, ctx) => regenerateRecoveryCodes(await getDb(), ctx, input));
const disable = defineAction("mfa.disable", codeInput, async (input, ctx) => disableMfa(await getDb(), ctx, input));
const reset = defineAction("mfa.reset", resetMfaInput, async (input, ctx) => resetUserMfa(await getDb(), ctx, input));
const policy = defineAction("identity.mfa_policy", mfaPolicyInput, async (input, ctx) => setMfaRequired(await getDb(), ctx, input));

export async function startMfaEnrolmentAction(raw: unknown) {
  return start(raw);
}

export async function cancelMfaEnrolmentAction(raw: unknown) {
  return cancel(raw);
}

export async function confirmMfaEnrolmentAction(raw: unknown) {
  return confirm(raw);
}

export async function regenerateRecoveryCodesAction(raw: unknown) {
  return regenerate(raw);
}

export async function disableMfaAction(raw: unknown) {
  return disable(raw);
}

export async function resetUserMfaAction(raw: unknown) {
  return reset(raw);
}

export async function setMfaRequiredAction(raw: unknown) {
  return policy(raw);
}
