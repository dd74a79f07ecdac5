"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/form-field";
import { toast } from "@/components/ui/toast";
import { raiseDisputeAction } from "@/lib/billing/bill-actions";

/**
 * "Dispute" on a bill line: a modal <dialog> (focus trapped, Escape cancels, focus returns to the
 * button) asking for the reason; the CSP reads it. The line's amount and tax as billed is what is
 * disputed; the server decides whether this person may, and whether the line is open to dispute.
 */
export function DisputeButton({ lineId, description, amount }: { lineId: string; description: string; amount: string }) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
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
      const result = await raiseDisputeAction({ lineId, reason });
      if (!result.ok) {
        setError(result.fieldErrors?.reason?.[0] ?? result.error);
        if (result.status === 409) router.refresh();
        return;
      }
      setOpen(false);
      setReason("");
      toast.success("Dispute raised", { description: "Your account manager has been told; the disputed amount shows on the bill." });
      router.refresh();
    });

  return (
    <>
      <Button type="button" variant="ghost" className="px-2 py-1 text-xs text-brand-700" aria-haspopup="dialog" onClick={() => setOpen(true)}>
        Dispute<span className="sr-only"> {description}</span>
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
            Dispute a charge
          </h2>
          <p className="mt-2 text-sm text-slate-600">
            {description} · {amount}
          </p>
          <label htmlFor={`${id}-reason`} className="mt-4 block text-sm font-medium text-slate-700">
            Reason
          </label>
          <textarea
            id={`${id}-reason`}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            maxLength={1000}
            rows={4}
            required
            aria-invalid={Boolean(error)}
            aria-describedby={error ? `${id}-error` : `${id}-hint`}
            className={inputClass}
          />
          {error ? (
            <p id={`${id}-error`} className="mt-1 text-xs text-rose-700" role="alert">
              {error}
            </p>
          ) : (
            <p id={`${id}-hint`} className="mt-1 text-xs text-slate-600">
              What is wrong with this charge; your account manager reads it.
            </p>
          )}
          <div className="mt-5 flex justify-end gap-2">
            <Button type="button" variant="secondary" disabled={pending} onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending} aria-busy={pending}>
              Raise dispute
            </Button>
          </div>
        </form>
      </dialog>
    </>
  );
}
