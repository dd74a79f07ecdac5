"use client";

import { useState, useTransition } from "react";
import { Button, ButtonLink } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { FormField, inputClass } from "@/components/ui/form-field";
import { toast } from "@/components/ui/toast";
import { startImpersonationAction } from "@/lib/impersonation/actions";
import { durationLabel } from "@/lib/impersonation/rules";

type Errors = Partial<Record<"reason" | "minutes" | "userId", string[]>>;

/**
 * The account manager says why and for how long, then the portal reloads as the person sees it: a
 * full page load, so nothing rendered for the account manager's own view stays in the browser.
 */
export function StartImpersonationForm({ userId, name, backHref, lengths }: { userId: string; name: string; backHref: string; lengths: number[] }) {
  const [errors, setErrors] = useState<Errors>({});
  const [pending, startTransition] = useTransition();

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(async () => {
      const result = await startImpersonationAction({ userId, reason: form.get("reason"), minutes: form.get("minutes") });
      if (!result.ok) {
        setErrors((result.fieldErrors ?? {}) as Errors);
        toast.error(result.error);
        if (result.fieldErrors?.reason) document.getElementById("impersonate-reason")?.focus();
        return;
      }
      window.location.assign(result.data.to);
    });
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label={`View the portal as ${name}`}>
      <FormField id="impersonate-reason" name="reason" label="Reason" hint="Required. The customer sees it, and it is kept in their audit log." errors={errors.reason}>
        {(p) => <textarea {...p} required minLength={10} maxLength={500} rows={3} className={inputClass} placeholder="e.g. Ticket 4821: the orderer cannot find the fibre upgrade for Manchester" />}
      </FormField>
      <FormField id="impersonate-minutes" name="minutes" label="For how long" hint="It ends by itself after this; you can end it sooner." errors={errors.minutes}>
        {(p) => (
          <select {...p} defaultValue={String(lengths.includes(30) ? 30 : lengths[0])} className={cn(inputClass, "w-48 pr-8")}>
            {lengths.map((m) => (
              <option key={m} value={m}>
                {durationLabel(m)}
              </option>
            ))}
          </select>
        )}
      </FormField>
      {errors.userId ? <p className="text-sm text-rose-700">{errors.userId[0]}</p> : null}
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? "Starting…" : `View as ${name}`}
        </Button>
        <ButtonLink href={backHref}>Cancel</ButtonLink>
      </div>
    </form>
  );
}
