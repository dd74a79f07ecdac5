"use server";

import { AuthError } from "next-auth";
import { getDb } from "@/db/client";
import { defineAction, requestId } from "@/lib/action";
import { signIn } from "@/lib/auth";
import { z } from "zod";
import { mailMode } from "@/lib/mail/send";
import { appOrigin } from "@/lib/mail/origin";
import { acceptInvitation, InvitationNotValidError } from "./accept";
import { inviteUser, resendInvitation, revokeInvitation } from "./invite";
import { acceptInput, inviteInput, userIdInput, type AcceptState } from "./schemas";

const invite = defineAction("user.invite", inviteInput, async (input, ctx) => {
  const result = await inviteUser(await getDb(), ctx, input, await appOrigin());
  return { userId: result.userId, resent: result.resent, mode: mailMode(), mailFailed: result.delivery.failed > 0 };
});

const resend = defineAction("invitation.resend", userIdInput, async ({ userId }, ctx) => {
  const result = await resendInvitation(await getDb(), ctx, userId, await appOrigin());
  return { expiresAt: result.expiresAt.toISOString(), mode: mailMode(), mailFailed: result.delivery.failed > 0 };
});

const revoke = defineAction("invitation.revoke", userIdInput, async ({ userId }, ctx) => {
  const user = await revokeInvitation(await getDb(), ctx, userId);
  return { status: user.status };
});

export async function inviteUserAction(raw: unknown) {
  return invite(raw);
}

export async function resendInvitationAction(raw: unknown) {
  return resend(raw);
}

export async function revokeInvitationAction(raw: unknown) {
  return revoke(raw);
}

/**
 * The public accept form (no session needed: the token is the credential). Sets the password,
 * then signs the person in and sends them to the dashboard.
 */
export async function acceptInvitationAction(_prev: AcceptState, form: FormData): Promise<AcceptState> {
  const parsed = acceptInput.safeParse({ token: form.get("token"), password: form.get("password"), confirm: form.get("confirm") });
  if (!parsed.success) {
    const fieldErrors = z.flattenError(parsed.error).fieldErrors as Record<string, string[]>;
    if (fieldErrors.token) return { invalid: true };
    return { fieldErrors };
  }
  let email: string;
  try {
    ({ email } = await acceptInvitation(await getDb(), parsed.data, await requestId()));
  } catch (error) {
    if (error instanceof InvitationNotValidError) return { invalid: true };
    throw error;
  }
  try {
    await signIn("credentials", { email, password: parsed.data.password, redirectTo: "/dashboard" });
  } catch (error) {
    if (error instanceof AuthError) return { accepted: true, error: "Your password is set, but signing you in failed. Please sign in with it." };
    throw error; // Next's redirect after a successful sign-in travels as an error.
  }
  return { accepted: true };
}
