"use client";

import { useRef, useState, useTransition } from "react";
import { toast } from "@/components/ui/toast";
import { Button } from "@/components/ui/button";
import { changePasswordAction } from "@/lib/sessions/actions";

const input =
  "mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-1 focus:ring-brand-500 aria-[invalid=true]:border-rose-400";

const FIELDS = [
  { name: "current", label: "Current password", autoComplete: "current-password" },
  { name: "password", label: "New password", autoComplete: "new-password" },
  { name: "confirm", label: "Confirm new password", autoComplete: "new-password" },
] as const;

/** Changes the signed-in person's password; every other session of theirs ends at its next request. */
export function ChangePasswordForm({ email, minLength }: { email: string; minLength: number }) {
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [pending, start] = useTransition();
  const form = useRef<HTMLFormElement>(null);

  function submit(data: FormData) {
    start(async () => {
      const result = await changePasswordAction(Object.fromEntries(["current", "password", "confirm"].map((k) => [k, String(data.get(k) ?? "")])));
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        toast.error(result.error);
        const first = FIELDS.find((f) => result.fieldErrors?.[f.name]);
        if (first) form.current?.querySelector<HTMLInputElement>(`[name=${first.name}]`)?.focus();
        return;
      }
      setErrors({});
      form.current?.reset();
      const ended = result.data.endedSessions;
      toast.success(`Your password was changed${ended ? `; ${ended} other ${ended === 1 ? "session was" : "sessions were"} signed out` : ""}.`);
    });
  }

  return (
    // onSubmit, not a form action: React resets a form after its action, which would clear the
    // fields the person has to correct.
    <form
      ref={form}
      onSubmit={(event) => {
        event.preventDefault();
        submit(new FormData(event.currentTarget));
      }}
      className="max-w-sm space-y-4"
      noValidate
    >
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      {FIELDS.map((f) => (
        <div key={f.name}>
          <label htmlFor={`pw-${f.name}`} className="block text-sm font-medium text-slate-700">
            {f.label}
          </label>
          <input
            id={`pw-${f.name}`}
            name={f.name}
            type="password"
            autoComplete={f.autoComplete}
            required
            minLength={f.name === "current" ? undefined : minLength}
            aria-invalid={Boolean(errors[f.name])}
            aria-describedby={`pw-${f.name}-hint`}
            className={input}
          />
          <p id={`pw-${f.name}-hint`} className={`mt-1 text-xs ${errors[f.name] ? "text-rose-700" : "text-slate-600"}`}>
            {errors[f.name]?.[0] ?? (f.name === "password" ? `At least ${minLength} characters.` : "")}
          </p>
        </div>
      ))}
      <Button type="submit" disabled={pending}>
        {pending ? "Changing…" : "Change password"}
      </Button>
    </form>
  );
}
