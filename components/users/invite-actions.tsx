"use client";

import { AlertDialog } from "radix-ui";
import { Mail, XCircle } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { resendInvitationAction, revokeInvitationAction } from "@/lib/invitations/actions";

/** Resend and revoke for an open invitation; revoking asks first (it deactivates the user). */
export function InvitationActions({ userId, name, canResend, canRevoke }: { userId: string; name: string; canResend: boolean; canRevoke: boolean }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [confirming, setConfirming] = useState(false);

  const resend = () =>
    start(async () => {
      const result = await resendInvitationAction({ userId });
      if (!result.ok) return void toast.error("The invitation was not resent", { description: result.error });
      if (result.data.mailFailed) toast.warning("A new invitation was created, but the mail could not be sent");
      else toast.success(`A new invitation was sent to ${name}`, { description: "Earlier links no longer work." });
      router.refresh();
    });

  const revoke = () =>
    start(async () => {
      const result = await revokeInvitationAction({ userId });
      if (!result.ok) {
        toast.error("The invitation was not revoked", { description: result.error });
        return;
      }
      setConfirming(false);
      toast.success(`Invitation revoked; ${name} is deactivated`);
      router.refresh();
    });

  return (
    <div className="flex flex-wrap gap-2">
      {canResend ? (
        <Button type="button" variant="secondary" onClick={resend} disabled={pending} aria-busy={pending}>
          <Mail aria-hidden className="size-4" /> Resend invitation
        </Button>
      ) : null}
      {canRevoke ? (
        <AlertDialog.Root open={confirming} onOpenChange={(open) => !pending && setConfirming(open)}>
          <AlertDialog.Trigger asChild>
            <Button type="button" variant="secondary" className="text-rose-700" disabled={pending}>
              <XCircle aria-hidden className="size-4" /> Revoke invitation
            </Button>
          </AlertDialog.Trigger>
          <AlertDialog.Portal>
            <AlertDialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
            <AlertDialog.Content className="fixed left-1/2 top-1/2 z-50 w-[calc(100vw-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 rounded-lg border border-slate-200 bg-white p-5 shadow-xl focus:outline-none">
              <AlertDialog.Title className="text-base font-semibold text-slate-900">Revoke the invitation?</AlertDialog.Title>
              <AlertDialog.Description className="mt-2 text-sm text-slate-600">
                The link sent to {name} stops working and {name} is deactivated. You can reactivate them later and send a new invitation.
              </AlertDialog.Description>
              <div className="mt-5 flex justify-end gap-2">
                <AlertDialog.Cancel asChild>
                  <Button type="button" variant="secondary" disabled={pending}>
                    Cancel
                  </Button>
                </AlertDialog.Cancel>
                <Button type="button" variant="danger" onClick={revoke} disabled={pending} aria-busy={pending}>
                  Revoke
                </Button>
              </div>
            </AlertDialog.Content>
          </AlertDialog.Portal>
        </AlertDialog.Root>
      ) : null}
    </div>
  );
}
