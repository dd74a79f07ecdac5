"use client";

import Link from "next/link";
import { useActionState } from "react";
import { acceptInvitationAction } from "@/lib/invitations/actions";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password-policy";
import type { AcceptState } from "@/lib/invitations/schemas";

const input =
  "mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-1 focus:ring-brand-500 aria-[invalid=true]:border-rose-400";

/** "Choose a password": sets it, uses up the link, and signs the person in. */
export function AcceptInvitationForm({ token, email }: { token: string; email: string }) {
  const [state, action, pending] = useActionState<AcceptState, FormData>(acceptInvitationAction, {});
  if (state.invalid) return <InvalidLinkMessage />;
  if (state.accepted && state.error) {
    return (
      <div role="status" className="space-y-4 text-sm text-slate-600">
        <p>{state.error}</p>
        <Link href="/login" className="font-medium text-brand-700 hover:underline">
          Go to sign in
        </Link>
      </div>
    );
  }
  const errors = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-4">
      <input type="hidden" name="token" value={token} />
      {/* Lets password managers store the new password under the right account. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <div>
        <label htmlFor="password" className="block text-sm font-medium text-slate-700">
          New password
        </label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={MIN_PASSWORD_LENGTH}
          aria-invalid={Boolean(errors.password)}
          aria-describedby="password-hint"
          className={input}
        />
        <p id="password-hint" className={`mt-1 text-xs ${errors.password ? "text-rose-600" : "text-slate-500"}`}>
          {errors.password?.[0] ?? `At least ${MIN_PASSWORD_LENGTH} characters. A few unrelated words make a strong password.`}
        </p>
      </div>
      <div>
        <label htmlFor="confirm" className="block text-sm font-medium text-slate-700">
          Confirm password
        </label>
        <input id="confirm" name="confirm" type="password" autoComplete="new-password" required aria-invalid={Boolean(errors.confirm)} aria-describedby="confirm-error" className={input} />
        {errors.confirm ? (
          <p id="confirm-error" className="mt-1 text-xs text-rose-600">
            {errors.confirm[0]}
          </p>
        ) : null}
      </div>
      <button
        type="submit"
        disabled={pending}
        className="flex w-full justify-center rounded-md bg-brand-600 px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-700 disabled:opacity-60"
      >
        {pending ? "Setting your password…" : "Set password and sign in"}
      </button>
    </form>
  );
}

export function InvalidLinkMessage() {
  return (
    <div role="alert" className="space-y-3 text-sm text-slate-600">
      <h1 className="text-lg font-semibold text-slate-900">This invitation link is no longer valid</h1>
      <p>Invitation links work once and expire after a few days. Ask the administrator who invited you to send a new invitation.</p>
      <p>
        Already set your password?{" "}
        <Link href="/login" className="font-medium text-brand-700 hover:underline">
          Sign in
        </Link>
      </p>
    </div>
  );
}
