"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";
import { setApprovalPolicyAction } from "@/lib/approvals/actions";

const input =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-1 focus:ring-brand-500 aria-[invalid=true]:border-rose-400";

/** Edits a node's approval policy in one currency: up to three thresholds (major units) and the escalation time. */
export function PolicyForm({ nodeId, currency, thresholds, escalationHours }: { nodeId: string; currency: string; thresholds: string[]; escalationHours: number }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [values, setValues] = useState(() => [...thresholds, "", "", ""].slice(0, 3));
  const [hours, setHours] = useState(String(escalationHours));
  const [errors, setErrors] = useState<Record<string, string[] | undefined>>({});
  const id = `policy-${currency}`;

  const save = () =>
    start(async () => {
      setErrors({});
      const result = await setApprovalPolicyAction({ nodeId, currency, thresholds: values, escalationHours: hours });
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        return void toast.error("The policy was not saved", { description: result.error });
      }
      toast.success(`The ${currency} approval policy was saved; new submissions follow it`);
      router.refresh();
    });

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
      className="grid gap-3 sm:grid-cols-4"
      aria-label={`${currency} approval policy`}
    >
      {values.map((v, i) => (
        <div key={i}>
          <label htmlFor={`${id}-t${i}`} className="block text-sm font-medium text-slate-700">
            Threshold {i + 1} ({currency})
          </label>
          <input
            id={`${id}-t${i}`}
            inputMode="decimal"
            value={v}
            placeholder={i === 0 ? "10000.00" : "optional"}
            onChange={(e) => setValues((vs) => vs.map((x, j) => (j === i ? e.target.value : x)))}
            className={input}
            aria-invalid={Boolean(errors[`thresholds.${i}`])}
            aria-describedby={errors[`thresholds.${i}`] ? `${id}-t${i}-error` : undefined}
          />
          {errors[`thresholds.${i}`] ? (
            <p id={`${id}-t${i}-error`} className="mt-1 text-xs text-rose-700">
              {errors[`thresholds.${i}`]![0]}
            </p>
          ) : null}
        </div>
      ))}
      <div>
        <label htmlFor={`${id}-hours`} className="block text-sm font-medium text-slate-700">
          Escalate after (hours)
        </label>
        <input id={`${id}-hours`} inputMode="numeric" value={hours} onChange={(e) => setHours(e.target.value)} className={input} aria-invalid={Boolean(errors.escalationHours)} />
        {errors.escalationHours ? <p className="mt-1 text-xs text-rose-700">{errors.escalationHours[0]}</p> : null}
      </div>
      <div className="flex items-end sm:col-span-4">
        {errors.thresholds ? <p className="mr-4 text-sm text-rose-700">{errors.thresholds[0]}</p> : null}
        <Button type="submit" disabled={pending} aria-busy={pending}>
          Save {currency} policy
        </Button>
      </div>
    </form>
  );
}
