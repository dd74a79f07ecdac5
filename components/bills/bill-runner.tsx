"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { labelClass, controlClass } from "@/components/list/control";
import { QueryProvider } from "@/components/query-provider";
import { runBillsStepAction } from "@/lib/billing/run-actions";

type Enterprise = { id: string; name: string };
type Progress = { total: number; done: number; issued: number; existing: number; nothing: number };

/**
 * Starts a bill run and shows it advancing: it calls the step action until every billing account
 * of the month is done, adding up what each step did. Nothing runs on the server between steps, so
 * closing the page stops the run and starting it again carries on (accounts already billed are
 * counted as such and left as they are).
 */
export function BillRunner(props: { months: string[]; enterprises: Enterprise[]; initialPeriod: string }) {
  return (
    <QueryProvider>
      <Runner {...props} />
    </QueryProvider>
  );
}

function Runner({ months, enterprises, initialPeriod }: { months: string[]; enterprises: Enterprise[]; initialPeriod: string }) {
  const router = useRouter();
  const id = useId();
  const [period, setPeriod] = useState(initialPeriod);
  const [enterpriseId, setEnterpriseId] = useState("all");
  const [progress, setProgress] = useState<Progress | null>(null);
  const run = useMutation({
    mutationFn: async () => {
      let after: string | null = null;
      const sum: Progress = { total: 0, done: 0, issued: 0, existing: 0, nothing: 0 };
      setProgress(null);
      for (;;) {
        const result = await runBillsStepAction({ enterpriseId, period, after });
        if (!result.ok) throw new Error(result.fieldErrors?.period?.[0] ?? result.error);
        const s = result.data;
        Object.assign(sum, { total: s.total, done: s.done, issued: sum.issued + s.issued, existing: sum.existing + s.existing, nothing: sum.nothing + s.nothing });
        setProgress({ ...sum });
        if (s.done >= s.total || s.last === null) return sum;
        after = s.last;
      }
    },
    onSettled: () => router.refresh(),
  });
  const percent = progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : 0;

  return (
    <div className="space-y-4">
      <form
        aria-label="Run bills"
        className="flex flex-wrap items-end gap-4"
        onSubmit={(event) => {
          event.preventDefault();
          if (!run.isPending) run.mutate();
        }}
      >
        <div className="w-44">
          <label htmlFor={`${id}-period`} className={labelClass}>
            Month
          </label>
          <select id={`${id}-period`} value={period} onChange={(e) => setPeriod(e.target.value)} className={controlClass} disabled={run.isPending}>
            {months.map((m) => (
              <option key={m} value={m}>
                {new Date(`${m}-01T00:00:00Z`).toLocaleDateString("en-GB", { month: "long", year: "numeric", timeZone: "UTC" })}
              </option>
            ))}
          </select>
        </div>
        <div className="w-64">
          <label htmlFor={`${id}-enterprise`} className={labelClass}>
            Enterprise
          </label>
          <select id={`${id}-enterprise`} value={enterpriseId} onChange={(e) => setEnterpriseId(e.target.value)} className={controlClass} disabled={run.isPending}>
            <option value="all">Every enterprise</option>
            {enterprises.map((e) => (
              <option key={e.id} value={e.id}>
                {e.name}
              </option>
            ))}
          </select>
        </div>
        <Button type="submit" disabled={run.isPending} aria-busy={run.isPending}>
          {run.isPending ? "Running…" : "Run bills"}
        </Button>
      </form>

      <div aria-live="polite" className="space-y-2">
        {progress ? (
          <>
            <div
              role="progressbar"
              aria-label="Billing accounts done"
              aria-valuemin={0}
              aria-valuemax={progress.total}
              aria-valuenow={progress.done}
              className="h-2 w-full max-w-xl overflow-hidden rounded-full bg-slate-200"
            >
              <div className="h-full bg-brand-600 transition-[width]" style={{ width: `${percent}%` }} />
            </div>
            <p className="text-sm text-slate-700" data-testid="bill-run-progress">
              {progress.done} of {progress.total} billing accounts done · {progress.issued} bill{progress.issued === 1 ? "" : "s"} issued · {progress.existing} already billed ·{" "}
              {progress.nothing} with nothing to charge
            </p>
            {!run.isPending && run.isSuccess ? (
              <p className="text-sm font-medium text-slate-900" role="status">
                {progress.issued === 0 ? "Nothing changed: every account was billed for this month already, or had nothing to charge." : `Done: ${progress.issued} bill${progress.issued === 1 ? "" : "s"} issued.`}
              </p>
            ) : null}
          </>
        ) : null}
        {run.isError ? (
          <p className="text-sm text-rose-700" role="alert">
            {run.error.message}
          </p>
        ) : null}
      </div>
    </div>
  );
}
