"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";
import { endAwayAction, setAwayAction } from "@/lib/approvals/actions";

type Period = { id: string; from: string; to: string; delegateName: string | null };

const input =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-1 focus:ring-brand-500 aria-[invalid=true]:border-rose-400";

/** "I'm away": the days, and who decides in my place; and the periods already set, with "I'm back". */
export function AwayForm({ periods, colleagues, today }: { periods: Period[]; colleagues: { id: string; name: string }[]; today: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [errors, setErrors] = useState<Record<string, string[] | undefined>>({});
  const [delegateId, setDelegateId] = useState("");
  const [startsOn, setStartsOn] = useState(today);
  const [endsOn, setEndsOn] = useState(today);

  const save = () =>
    start(async () => {
      setErrors({});
      const result = await setAwayAction({ delegateId, startsOn, endsOn });
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        return void toast.error("Your away period was not saved", { description: result.error });
      }
      toast.success(delegateId ? `Saved: ${colleagues.find((c) => c.id === delegateId)?.name} decides in your place while you are away` : "Saved: approvals escalate up the tree while you are away");
      router.refresh();
    });

  const back = (id: string) =>
    start(async () => {
      const result = await endAwayAction({ delegationId: id });
      if (!result.ok) return void toast.error("Nothing was changed", { description: result.error });
      toast.success("Welcome back: approvals come to you again");
      router.refresh();
    });

  return (
    <div className="space-y-4">
      {periods.length > 0 ? (
        <ul className="space-y-2 text-sm">
          {periods.map((p) => (
            <li key={p.id} className="flex flex-wrap items-center justify-between gap-2 rounded-md bg-amber-50 px-3 py-2 text-amber-900">
              <span>
                Away {p.from} – {p.to}; {p.delegateName ? `${p.delegateName} decides in your place` : "no delegate: waiting approvals escalate up the tree"}.
              </span>
              <Button type="button" variant="secondary" onClick={() => back(p.id)} disabled={pending}>
                I&apos;m back
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
        className="grid gap-3 sm:grid-cols-4"
        aria-label="Away period"
      >
        <div>
          <label htmlFor="away-from" className="block text-sm font-medium text-slate-700">
            First day away
          </label>
          <input id="away-from" type="date" value={startsOn} onChange={(e) => setStartsOn(e.target.value)} className={input} aria-invalid={Boolean(errors.startsOn)} />
          {errors.startsOn ? <p className="mt-1 text-xs text-rose-700">{errors.startsOn[0]}</p> : null}
        </div>
        <div>
          <label htmlFor="away-to" className="block text-sm font-medium text-slate-700">
            Last day away
          </label>
          <input id="away-to" type="date" value={endsOn} onChange={(e) => setEndsOn(e.target.value)} className={input} aria-invalid={Boolean(errors.endsOn)} />
          {errors.endsOn ? <p className="mt-1 text-xs text-rose-700">{errors.endsOn[0]}</p> : null}
        </div>
        <div>
          <label htmlFor="away-delegate" className="block text-sm font-medium text-slate-700">
            Who decides in your place
          </label>
          <select id="away-delegate" value={delegateId} onChange={(e) => setDelegateId(e.target.value)} className={input} aria-invalid={Boolean(errors.delegateId)}>
            <option value="">No one (escalate up the tree)</option>
            {colleagues.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
          {errors.delegateId ? <p className="mt-1 text-xs text-rose-700">{errors.delegateId[0]}</p> : null}
        </div>
        <div className="flex items-end">
          <Button type="submit" disabled={pending} aria-busy={pending}>
            Save away period
          </Button>
        </div>
      </form>
    </div>
  );
}
