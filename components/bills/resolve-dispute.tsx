"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/form-field";
import { toast } from "@/components/ui/toast";
import { resolveDisputeAction } from "@/lib/billing/bill-actions";

/**
 * "Resolve" on an open dispute (CSP staff): credit it on the account's next bill, or reject it,
 * with a note the customer reads. A dispute resolved meanwhile (another tab, a colleague) is
 * refused as already resolved and the list refreshes.
 */
export function ResolveDispute({ disputeId, summary }: { disputeId: string; summary: string }) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const [outcome, setOutcome] = useState<"credited" | "rejected">("credited");
  const [resolution, setResolution] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const id = useId();
  useEffect(() => {
    const element = dialog.current;
    if (open && !element?.open) element?.showModal();
    if (!open && element?.open) element.close();
  }, [open]);

  const submit = () =>
    start(async () => {
      setError(null);
      const result = await resolveDisputeAction({ disputeId, outcome, resolution });
      if (!result.ok) {
        setError(result.fieldErrors?.resolution?.[0] ?? result.error);
        if (result.status === 409) router.refresh();
        return;
      }
      setOpen(false);
      toast.success(outcome === "credited" ? "Dispute accepted: credited on the next bill" : "Dispute rejected", { description: "The customer is told." });
      router.refresh();
    });

  return (
    <>
      <Button type="button" variant="secondary" className="px-2 py-1 text-xs" aria-haspopup="dialog" onClick={() => setOpen(true)}>
        Resolve<span className="sr-only"> the dispute of {summary}</span>
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby={`${id}-title`}
        onCancel={(event) => pending && event.preventDefault()}
        onClose={() => setOpen(false)}
        className="m-auto w-[calc(100vw-2rem)] max-w-md rounded-lg border border-slate-200 bg-white p-5 text-left shadow-xl backdrop:bg-slate-900/40"
      >
        <form
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
        >
          <h2 id={`${id}-title`} className="text-base font-semibold text-slate-900">
            Resolve the dispute
          </h2>
          <p className="mt-2 text-sm text-slate-600">{summary}</p>
          <fieldset className="mt-4">
            <legend className="text-sm font-medium text-slate-700">Outcome</legend>
            <div className="mt-2 space-y-2 text-sm text-slate-700">
              <label className="flex items-start gap-2">
                <input type="radio" name={`${id}-outcome`} className="mt-0.5" checked={outcome === "credited"} onChange={() => setOutcome("credited")} />
                <span>Accept: credit it on the account&apos;s next bill</span>
              </label>
              <label className="flex items-start gap-2">
                <input type="radio" name={`${id}-outcome`} className="mt-0.5" checked={outcome === "rejected"} onChange={() => setOutcome("rejected")} />
                <span>Reject: the charge stands</span>
              </label>
            </div>
          </fieldset>
          <label htmlFor={`${id}-note`} className="mt-4 block text-sm font-medium text-slate-700">
            Note to the customer
          </label>
          <textarea
            id={`${id}-note`}
            value={resolution}
            onChange={(e) => setResolution(e.target.value)}
            maxLength={1000}
            rows={3}
            required
            aria-invalid={Boolean(error)}
            aria-describedby={error ? `${id}-error` : undefined}
            className={inputClass}
          />
          {error ? (
            <p id={`${id}-error`} className="mt-1 text-xs text-rose-700" role="alert">
              {error}
            </p>
          ) : null}
          <div className="mt-5 flex justify-end gap-2">
            <Button type="button" variant="secondary" disabled={pending} onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending} aria-busy={pending}>
              Resolve
            </Button>
          </div>
        </form>
      </dialog>
    </>
  );
}
