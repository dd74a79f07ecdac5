"use server";

import { AuthError } from "next-auth";
import { signIn } from "./index";

export type SignInState = { error?: string };

/** Only same-site paths are followed after sign-in (no open redirects). */
function safeNext(value: FormDataEntryValue | null): string {
  const next = typeof value === "string" ? value : "";
  return next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/login") ? next : "/dashboard";
}

export async function signInAction(_prev: SignInState, form: FormData): Promise<SignInState> {
  try {
    await signIn("credentials", { email: form.get("email"), password: form.get("password"), redirectTo: safeNext(form.get("next")) });
    return {};
  } catch (error) {
    if (error instanceof AuthError) {
      const throttled = (error as AuthError & { code?: string }).code === "throttled";
      return {
        error: throttled
          ? "Too many attempts. Please wait a little before trying again."
          : "That email and password do not match an active account.",
      };
    }
    throw error; // Next's redirect after a successful sign-in travels as an error.
  }
}
