"use client";

import { cloneElement, useEffect, useId, useRef, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";

type Trigger = React.ReactElement<{ onClick?: (event: React.MouseEvent) => void; "aria-haspopup"?: "dialog" }>;

/**
 * A confirmation before anything destructive, on the browser's own modal <dialog>: showModal()
 * makes the rest of the page inert and traps focus, Escape cancels, and focus returns to the
 * trigger on close, with no dialog library in the bundle. The dialog stays open while the action
 * runs (Escape does nothing then) and closes when it has answered, unless onConfirm returns false.
 */
export function ConfirmDialog({
  trigger,
  title,
  description,
  confirmLabel,
  onConfirm,
  tone = "danger",
}: {
  trigger: Trigger;
  title: string;
  description: React.ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<boolean | void>;
  tone?: "danger" | "primary";
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [pending, start] = useTransition();
  const [open, setOpen] = useState(false);
  const id = useId();
  useEffect(() => {
    const element = dialog.current;
    if (open && !element?.open) element?.showModal();
    if (!open && element?.open) element.close();
  }, [open]);
  return (
    <>
      {cloneElement(trigger, { onClick: () => setOpen(true), "aria-haspopup": "dialog" })}
      <dialog
        ref={dialog}
        role="alertdialog"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-description`}
        onCancel={(event) => pending && event.preventDefault()}
        onClose={() => setOpen(false)}
        className="m-auto w-[calc(100vw-2rem)] max-w-md rounded-lg border border-slate-200 bg-white p-5 shadow-xl backdrop:bg-slate-900/40"
      >
        <h2 id={`${id}-title`} className="text-base font-semibold text-slate-900">
          {title}
        </h2>
        <div id={`${id}-description`} className="mt-2 text-sm text-slate-600">
          {description}
        </div>
        <div className="mt-5 flex justify-end gap-2">
          <Button type="button" variant="secondary" disabled={pending} onClick={() => setOpen(false)}>
            Cancel
          </Button>
          <Button
            type="button"
            variant={tone}
            disabled={pending}
            aria-busy={pending}
            onClick={() =>
              start(async () => {
                const keepOpen = (await onConfirm()) === false;
                if (!keepOpen) setOpen(false);
              })
            }
          >
            {confirmLabel}
          </Button>
        </div>
      </dialog>
    </>
  );
}
