"use client";

import { useRouter } from "next/navigation";
import { useId, useRef, useState, useTransition } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { toast } from "@/components/ui/toast";
import {
  cancelMfaEnrolmentAction,
  confirmMfaEnrolmentAction,
  disableMfaAction,
  regenerateRecoveryCodesAction,
  startMfaEnrolmentAction,
} from "@/lib/mfa/actions";

const INPUT =
  "mt-1 block w-40 rounded-md border border-slate-300 px-3 py-2 font-mono text-sm tracking-widest shadow-sm focus:border-brand-500 focus:outline-none focus:ring-1 focus:ring-brand-500 aria-[invalid=true]:border-rose-400";

export type MfaSettingsProps = {
  enabled: boolean;
  enabledAt: string | null;
  recoveryCodesLeft: number;
  requiredBy: "csp" | "enterprise" | null;
  /** An enrolment in progress: the secret (for manual entry) and its QR code (a data URL made on the server). */
  pending: { secret: string; qr: string } | null;
  /** On the enrolment-only page: where to continue once it is on. */
  continueTo?: string;
};

/** The secret in groups of four, as authenticator apps show keys. */
function grouped(secret: string) {
  return secret.replace(/(.{4})/g, "$1 ").trim();
}

/**
 * A person's own two-step verification: set it up (QR code or the key typed in, confirmed with a
 * code), then recovery codes shown once; new recovery codes and turning it off need a current code.
 */
export function MfaSettings({ enabled, enabledAt, recoveryCodesLeft, requiredBy, pending, continueTo }: MfaSettingsProps) {
  const router = useRouter();
  const [busy, start] = useTransition();
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const codeField = useRef<HTMLInputElement>(null);
  const id = useId();

  if (codes) return <RecoveryCodes codes={codes} continueTo={continueTo} onDone={() => (continueTo ? router.push(continueTo) : (setCodes(null), router.refresh()))} />;

  const code = () => codeField.current?.value ?? "";
  const failed = (message: string, fieldErrors?: Record<string, string[]>) => {
    setError(fieldErrors?.code?.[0] ?? message);
    toast.error(message);
    codeField.current?.focus();
    codeField.current?.select();
  };

  if (!enabled && !pending) {
    return (
      <div className="space-y-3">
        <p className="max-w-prose text-sm text-slate-600">
          When it is on, signing in asks for a code from an authenticator app on your phone (such as Microsoft Authenticator, Google Authenticator or 1Password) after
          your password.
        </p>
        <Button
          disabled={busy}
          onClick={() =>
            start(async () => {
              const result = await startMfaEnrolmentAction({});
              if (!result.ok) return void toast.error(result.error);
              router.refresh();
            })
          }
        >
          Set up two-step verification
        </Button>
      </div>
    );
  }

  if (pending) {
    return (
      <form
        className="space-y-5"
        onSubmit={(event) => {
          event.preventDefault();
          start(async () => {
            const result = await confirmMfaEnrolmentAction({ code: code() });
            if (!result.ok) return failed(result.error, result.fieldErrors);
            setError(null);
            setCodes(result.data.recoveryCodes);
            toast.success("Two-step verification is on.");
          });
        }}
        noValidate
      >
        <ol className="list-decimal space-y-5 pl-5 text-sm text-slate-700">
          <li className="space-y-2">
            <p>Scan this QR code with your authenticator app.</p>
            {/* eslint-disable-next-line @next/next/no-img-element -- a data URL made on the server, nothing to optimise */}
            <img src={pending.qr} alt="QR code for your authenticator app" width={176} height={176} className="rounded-md border border-slate-200" />
            <p>
              Or enter this key in the app instead:{" "}
              <code data-testid="totp-secret" className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-sm break-all text-slate-900">
                {grouped(pending.secret)}
              </code>
            </p>
          </li>
          <li>
            <label htmlFor={`${id}-code`} className="block font-medium text-slate-700">
              Code from your app
            </label>
            <input
              ref={codeField}
              id={`${id}-code`}
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={7}
              required
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${id}-error` : undefined}
              className={INPUT}
            />
            {error ? (
              <p id={`${id}-error`} className="mt-1 text-sm text-rose-700">
                {error}
              </p>
            ) : null}
          </li>
        </ol>
        <div className="flex flex-wrap gap-2">
          <Button type="submit" disabled={busy}>
            Turn on
          </Button>
          <Button
            type="button"
            variant="secondary"
            disabled={busy}
            onClick={() =>
              start(async () => {
                const result = await cancelMfaEnrolmentAction({});
                if (!result.ok) return void toast.error(result.error);
                router.refresh();
              })
            }
          >
            Cancel
          </Button>
        </div>
      </form>
    );
  }

  const mayTurnOff = requiredBy === null;
  return (
    <div className="space-y-4">
      <p className="flex flex-wrap items-center gap-2 text-sm text-slate-700">
        <Badge tone="green">On</Badge>
        {enabledAt ? <span>since {new Date(enabledAt).toLocaleDateString()}</span> : null}
        <span aria-hidden>·</span>
        <span>
          {recoveryCodesLeft} recovery {recoveryCodesLeft === 1 ? "code" : "codes"} left
        </span>
      </p>
      {requiredBy ? (
        <p className="text-sm text-slate-500">
          {requiredBy === "csp" ? "CSP staff always need two-step verification." : "Your organisation requires two-step verification, so it cannot be turned off."}
        </p>
      ) : null}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          start(async () => {
            const result = await regenerateRecoveryCodesAction({ code: code() });
            if (!result.ok) return failed(result.error, result.fieldErrors);
            setError(null);
            setCodes(result.data.recoveryCodes);
            toast.success("New recovery codes made; the old ones no longer work.");
          });
        }}
        className="space-y-3"
        noValidate
      >
        <div>
          <label htmlFor={`${id}-current`} className="block text-sm font-medium text-slate-700">
            Current code from your app
          </label>
          <p id={`${id}-help`} className="text-sm text-slate-500">
            Needed to make new recovery codes{mayTurnOff ? " or to turn two-step verification off" : ""}.
          </p>
          <input
            ref={codeField}
            id={`${id}-current`}
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={7}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-help ${id}-error` : `${id}-help`}
            className={INPUT}
          />
          {error ? (
            <p id={`${id}-error`} className="mt-1 text-sm text-rose-700">
              {error}
            </p>
          ) : null}
        </div>
        <div className="flex flex-wrap gap-2">
          <Button type="submit" variant="secondary" disabled={busy}>
            Make new recovery codes
          </Button>
          {mayTurnOff ? (
            <ConfirmDialog
              trigger={
                <Button type="button" variant="danger" disabled={busy}>
                  Turn off
                </Button>
              }
              title="Turn off two-step verification?"
              description="Signing in will ask for your password only, and your recovery codes stop working."
              confirmLabel="Turn off"
              onConfirm={async () => {
                const result = await disableMfaAction({ code: code() });
                if (!result.ok) {
                  failed(result.error, result.fieldErrors);
                  return;
                }
                setError(null);
                toast.success("Two-step verification is off.");
                router.refresh();
              }}
            />
          ) : null}
        </div>
      </form>
    </div>
  );
}

/** The recovery codes, shown once: to download or copy before going on. */
function RecoveryCodes({ codes, continueTo, onDone }: { codes: string[]; continueTo?: string; onDone: () => void }) {
  const text = `Trellis recovery codes (each works once)\n\n${codes.join("\n")}\n`;
  return (
    <div className="space-y-4" role="region" aria-labelledby="recovery-codes-title">
      <div>
        <h3 id="recovery-codes-title" className="text-sm font-semibold text-slate-900">
          Your recovery codes
        </h3>
        <p className="mt-0.5 max-w-prose text-sm text-slate-600">
          Keep these somewhere safe, such as your password manager. Each signs you in once if you lose your phone. They are shown only now.
        </p>
      </div>
      <ul className="grid max-w-sm grid-cols-2 gap-x-6 gap-y-1 rounded-md bg-slate-50 p-4 font-mono text-sm text-slate-900" aria-label="Recovery codes">
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
      <div className="flex flex-wrap gap-2">
        <a
          href={`data:text/plain;charset=utf-8,${encodeURIComponent(text)}`}
          download="trellis-recovery-codes.txt"
          className="inline-flex items-center justify-center gap-1.5 rounded-md bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm ring-1 ring-slate-300 ring-inset hover:bg-slate-50"
        >
          Download
        </a>
        <Button type="button" variant="secondary" onClick={() => void navigator.clipboard?.writeText(text).then(() => toast.success("Copied."), () => toast.error("Could not copy; download them instead."))}>
          Copy
        </Button>
        <Button type="button" onClick={onDone}>
          {continueTo ? "I have saved them, continue" : "I have saved them"}
        </Button>
      </div>
    </div>
  );
}
