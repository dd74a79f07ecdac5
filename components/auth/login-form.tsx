"use client";

import { useActionState, useState } from "react";
import { signInAction, type SignInState } from "@/lib/auth/sign-in";

const INPUT =
  "mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-1 focus:ring-brand-500 aria-[invalid=true]:border-rose-400";
const PRIMARY =
  "flex w-full justify-center rounded-md bg-brand-600 px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-700 disabled:opacity-60";
const LINK = "text-sm font-medium text-brand-700 underline-offset-2 hover:underline focus-visible:underline";

/**
 * The sign-in form, in steps (lib/auth/sign-in.ts): e-mail, then password, then (for a person with a
 * second factor) a code from their app or a recovery code. Each step is its own form, so the
 * browser's password manager and the `one-time-code` autofill see the fields they expect.
 */
export function LoginForm({ next, initial }: { next?: string; initial?: SignInState }) {
  const [state, action, pending] = useActionState<SignInState, FormData>(signInAction, initial ?? { step: "email" });
  const step = state.step ?? "email";
  const error = state.error ? (
    <p id="sign-in-error" role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700">
      {state.error}
    </p>
  ) : null;
  const hidden = (
    <>
      <input type="hidden" name="next" value={next ?? ""} />
    </>
  );

  if (step === "email") {
    return (
      <form key="email" action={action} className="space-y-4">
        {hidden}
        <div>
          <label htmlFor="email" className="block text-sm font-medium text-slate-700">
            Email
          </label>
          <input
            id="email"
            name="email"
            type="email"
            autoComplete="username"
            required
            autoFocus
            defaultValue={state.email ?? ""}
            aria-invalid={state.error ? true : undefined}
            aria-describedby={state.error ? "sign-in-error" : undefined}
            className={INPUT}
          />
        </div>
        {error}
        <button type="submit" name="intent" value="email" disabled={pending} className={PRIMARY}>
          {pending ? "Checking…" : "Continue"}
        </button>
        <button type="submit" name="intent" value="email_password" disabled={pending} className={LINK}>
          Use a password instead of my organisation&apos;s sign-in
        </button>
      </form>
    );
  }

  if (step === "password") {
    return (
      <form key="password" action={action} className="space-y-4">
        {hidden}
        <SigningInAs email={state.email ?? ""} />
        {/* For the password manager: the account this password belongs to. */}
        <input type="email" name="email" autoComplete="username" value={state.email ?? ""} readOnly hidden />
        <div>
          <label htmlFor="password" className="block text-sm font-medium text-slate-700">
            Password
          </label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            autoFocus
            aria-invalid={state.error ? true : undefined}
            aria-describedby={state.error ? "sign-in-error" : undefined}
            className={INPUT}
          />
        </div>
        {error}
        <button type="submit" name="intent" value="password" disabled={pending} className={PRIMARY}>
          {pending ? "Signing in…" : "Sign in"}
        </button>
        <button type="submit" name="intent" value="restart" formNoValidate className={LINK}>
          Use another e-mail
        </button>
      </form>
    );
  }

  return <CodeStep key={state.recovery ? "recovery" : "code"} state={state} action={action} pending={pending} next={next} error={error} />;
}

function SigningInAs({ email }: { email: string }) {
  return (
    <p className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700">
      Signing in as <span className="font-medium break-all text-slate-900">{email}</span>
    </p>
  );
}

function CodeStep({
  state,
  action,
  pending,
  next,
  error,
}: {
  state: SignInState;
  action: (form: FormData) => void;
  pending: boolean;
  next?: string;
  error: React.ReactNode;
}) {
  const [recovery, setRecovery] = useState(state.recovery === true);
  return (
    <form key={recovery ? "recovery" : "totp"} action={action} className="space-y-4">
      <input type="hidden" name="next" value={next ?? ""} />
      <input type="hidden" name="email" value={state.email ?? ""} />
      <input type="hidden" name="method" value={recovery ? "recovery" : "totp"} />
      <SigningInAs email={state.email ?? ""} />
      <h2 className="text-base font-semibold text-slate-900">Two-step verification</h2>
      {recovery ? (
        <div>
          <label htmlFor="recoveryCode" className="block text-sm font-medium text-slate-700">
            Recovery code
          </label>
          <p id="recovery-help" className="mt-0.5 text-sm text-slate-500">
            One of the codes you saved when you set up two-step verification. Each works once.
          </p>
          <input
            id="recoveryCode"
            name="recoveryCode"
            type="text"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            required
            autoFocus
            maxLength={32}
            aria-invalid={state.error ? true : undefined}
            aria-describedby={state.error ? "recovery-help sign-in-error" : "recovery-help"}
            className={`${INPUT} font-mono`}
          />
        </div>
      ) : (
        <div>
          <label htmlFor="code" className="block text-sm font-medium text-slate-700">
            Authentication code
          </label>
          <p id="code-help" className="mt-0.5 text-sm text-slate-500">
            The 6-digit code your authenticator app shows for Trellis.
          </p>
          <input
            id="code"
            name="code"
            type="text"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9 ]{6,7}"
            required
            autoFocus
            maxLength={7}
            aria-invalid={state.error ? true : undefined}
            aria-describedby={state.error ? "code-help sign-in-error" : "code-help"}
            className={`${INPUT} font-mono tracking-widest`}
          />
        </div>
      )}
      {error}
      <button type="submit" name="intent" value="code" disabled={pending} className={PRIMARY}>
        {pending ? "Verifying…" : "Verify"}
      </button>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <button type="button" onClick={() => setRecovery(!recovery)} className={LINK}>
          {recovery ? "Use your authenticator app" : "Use a recovery code"}
        </button>
        <button type="submit" name="intent" value="restart" formNoValidate className={LINK}>
          Start again
        </button>
      </div>
    </form>
  );
}
