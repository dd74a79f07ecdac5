"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button, ButtonLink } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { toast } from "@/components/ui/toast";
import { cancelOrderAction, fulfilOrderAction, submitOrderAction } from "@/lib/orders/actions";

type Can = { edit: boolean; submit: boolean; cancel: boolean; start: boolean; complete: boolean };

/** What the viewer may do with an order from its page: edit, submit, cancel, or (CSP) fulfil it. */
export function OrderActions({ orderId, number, rowVersion, can }: { orderId: string; number: string; rowVersion: number; can: Can }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  // One key per page load: a double click or a retried submit is the same submission.
  const [requestKey] = useState(() => crypto.randomUUID());

  const submit = () =>
    start(async () => {
      const result = await submitOrderAction({ orderId, rowVersion, requestKey });
      if (!result.ok) return void toast.error("The order was not submitted", { description: result.error });
      toast.success(result.data.status === "approved" ? `${number} is approved: no approval was needed` : `${number} was submitted for approval`, {
        description: result.data.overSpendLimit ? "It takes you past your monthly spend limit, so it needs an approval." : undefined,
      });
      router.refresh();
    });

  const fulfil = (step: "start" | "complete") =>
    start(async () => {
      const result = await fulfilOrderAction({ orderId, step });
      if (!result.ok) return void toast.error("Nothing was changed", { description: result.error });
      toast.success(step === "start" ? `Work on ${number} has started` : `${number} is complete; its services are installed`);
      router.refresh();
    });

  const cancel = async () => {
    const result = await cancelOrderAction({ orderId });
    if (!result.ok) {
      toast.error("The order was not cancelled", { description: result.error });
      return false;
    }
    toast.success(`${number} was cancelled`);
    router.refresh();
  };

  return (
    <div className="flex flex-wrap items-center gap-2">
      {can.edit ? <ButtonLink href={`/orders/${orderId}/edit`}>Edit</ButtonLink> : null}
      {can.cancel ? (
        <ConfirmDialog
          title={`Cancel ${number}?`}
          description="The order stops here: approvers no longer see it and nothing is installed. This cannot be undone."
          confirmLabel="Cancel the order"
          onConfirm={cancel}
          trigger={
            <Button type="button" variant="secondary" disabled={pending}>
              Cancel order
            </Button>
          }
        />
      ) : null}
      {can.submit ? (
        <Button type="button" onClick={submit} disabled={pending} aria-busy={pending}>
          Submit for approval
        </Button>
      ) : null}
      {can.start ? (
        <Button type="button" onClick={() => fulfil("start")} disabled={pending} aria-busy={pending}>
          Start work
        </Button>
      ) : null}
      {can.complete ? (
        <Button type="button" onClick={() => fulfil("complete")} disabled={pending} aria-busy={pending}>
          Mark completed
        </Button>
      ) : null}
    </div>
  );
}
