"use server";

import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { signInRouteFor } from "@/lib/identity/sso-route";
import { forgetChallenge } from "@/lib/mfa/challenge";
import { enrolmentRequiredFor } from "@/lib/mfa/queries";
import { safeNextPath } from "@/lib/mfa/rules";
import { signIn } from "./index";
import { MFA_ENROLMENT_PATH } from "./principal";

/**
 * The login form's steps: the e-mail first (which sends people of an SSO domain to their
 * enterprise's identity provider), then the password, then, for a person with a second factor, a
 * code from their app or a recovery code. Nothing of one step is kept in the browser for the next
 * but the e-mail it shows; the second step rides on the httpOnly challenge cookie the password left.
 */
export type SignInStep = "email" | "password" | "code";
export type SignInState = { step?: SignInStep; email?: string; error?: string; recovery?: boolean };

const INTENTS = ["email", "email_password", "password", "code", "restart"] as const;
const emailSchema = z.string().trim().toLowerCase().email().max(254);

const MESSAGES = {
  invalid: "That email and password do not match an active account.",
  throttled: "Too many attempts. Please wait a little before trying again.",
  sso_required: "Your organisation signs in through its own identity provider; password sign-in is switched off for it.",
  challenge_expired: "Your sign-in took too long. Please start again.",
  code_invalid: "That code is not right. Check your authenticator app and try again.",
  recovery_invalid: "That recovery code is not right, or it was already used.",
  code_replayed: "That code was already used. Wait for the next code from your app and enter it.",
} as const;

/** Only same-site paths are followed after sign-in (no open redirects). */
const safeNext = (value: FormDataEntryValue | null) => safeNextPath(value);

function text(value: FormDataEntryValue | null): string {
  return typeof value === "string" ? value : "";
}

function refusalOf(error: unknown): string | null {
  return error instanceof AuthError ? ((error as AuthError & { code?: string }).code ?? "invalid") : null;
}

/** One action for every step, told apart by the submitting button's `intent` (the password step when there is none). */
export async function signInAction(prev: SignInState, form: FormData): Promise<SignInState> {
  const raw = text(form.get("intent"));
  const intent = (INTENTS as readonly string[]).includes(raw) ? (raw as (typeof INTENTS)[number]) : "password";
  if (intent === "restart") {
    await forgetChallenge();
    return { step: "email" };
  }
  if (intent === "email" || intent === "email_password") return continueWithEmail(form, intent === "email_password");
  if (intent === "code") return verifyCode(prev, form);
  return verifyPassword(form);
}

/**
 * The e-mail step: to the enterprise's identity provider, or on to the password (the same for unknown
 * e-mails). "Use a password instead" skips the provider where the enterprise still allows passwords
 * (a way in while the provider is down); where it does not, it says so.
 */
async function continueWithEmail(form: FormData, passwordInstead = false): Promise<SignInState> {
  const parsed = emailSchema.safeParse(form.get("email"));
  if (!parsed.success) return { step: "email", error: "Enter your e-mail address, like name@example.com." };
  const route = await signInRouteFor(parsed.data);
  if (route.sso && passwordInstead && !route.passwordAllowed) return { step: "email", email: parsed.data, error: MESSAGES.sso_required };
  // next-auth sends the browser to the provider (authorization code with PKCE); this throws its redirect.
  if (route.sso && !passwordInstead) await signIn(route.sso.providerId, { redirectTo: safeNext(form.get("next")) });
  return { step: "password", email: parsed.data };
}

async function verifyPassword(form: FormData): Promise<SignInState> {
  const email = text(form.get("email")).trim().toLowerCase().slice(0, 254);
  const next = safeNext(form.get("next"));
  try {
    await signIn("credentials", { email: form.get("email"), password: form.get("password"), redirectTo: next, redirect: false });
  } catch (error) {
    const refusal = refusalOf(error);
    if (refusal === null) throw error;
    if (refusal === "mfa_required") return { step: "code", email };
    const message = refusal in MESSAGES ? MESSAGES[refusal as keyof typeof MESSAGES] : MESSAGES.invalid;
    return { step: "password", email, error: message };
  }
  // Signed in. A person who must have a second factor and has none enrols it first, then goes on.
  const enrol = await enrolmentRequiredFor(await getDb(), email);
  redirect(enrol ? `${MFA_ENROLMENT_PATH}?next=${encodeURIComponent(next)}` : next);
}

async function verifyCode(prev: SignInState, form: FormData): Promise<SignInState> {
  const recovery = text(form.get("method")) === "recovery";
  const email = (prev.email ?? text(form.get("email"))).slice(0, 254);
  const code = text(form.get(recovery ? "recoveryCode" : "code")).slice(0, 64);
  const next = safeNext(form.get("next"));
  try {
    await signIn("credentials", { ...(recovery ? { recoveryCode: code } : { code }), redirectTo: next, redirect: false });
  } catch (error) {
    const refusal = refusalOf(error);
    if (refusal === null) throw error;
    if (refusal === "challenge_expired") return { step: "email", error: MESSAGES.challenge_expired };
    const message = refusal === "code_invalid" && recovery ? MESSAGES.recovery_invalid : refusal in MESSAGES ? MESSAGES[refusal as keyof typeof MESSAGES] : MESSAGES.code_invalid;
    return { step: "code", email, recovery, error: message };
  }
  redirect(next);
}
