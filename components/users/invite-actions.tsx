"use client";

import { Mail, XCircle } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { toast } from "@/components/ui/toast";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { resendInvitationAction, revokeInvitationAction } from "@/lib/invitations/actions";

/** Resend and revoke for an open invitation; revoking asks first (it deactivates the user). */
export function InvitationActions({ userId, name, canResend, canRevoke }: { userId: string; name: string; canResend: boolean; canRevoke: boolean }) {
  const router = useRouter();
  const [pending, start] = useTransition();

  const resend = () =>
    start(async () => {
      const result = await resendInvitationAction({ userId });
      if (!result.ok) return void toast.error("The invitation was not resent", { description: result.error });
      if (result.data.mailFailed) toast.warning("A new invitation was created; the mail server did not take the mail yet", { description: "It is tried again over the next hours." });
      else toast.success(`A new invitation was sent to ${name}`, { description: "Earlier links no longer work." });
      router.refresh();
    });

  // The dialog stays open on a refusal (returns false), so the admin sees it was not revoked.
  const revoke = async () => {
    const result = await revokeInvitationAction({ userId });
    if (!result.ok) {
      toast.error("The invitation was not revoked", { description: result.error });
      return false;
    }
    toast.success(`Invitation revoked; ${name} is deactivated`);
    router.refresh();
  };

  return (
    <div className="flex flex-wrap gap-2">
      {canResend ? (
        <Button type="button" variant="secondary" onClick={resend} disabled={pending} aria-busy={pending}>
          <Mail aria-hidden className="size-4" /> Resend invitation
        </Button>
      ) : null}
      {canRevoke ? (
        <ConfirmDialog
          title="Revoke the invitation?"
          description={`The link sent to ${name} stops working and ${name} is deactivated. You can reactivate them later and send a new invitation.`}
          confirmLabel="Revoke"
          onConfirm={revoke}
          trigger={
            <Button type="button" variant="secondary" className="text-rose-700" disabled={pending}>
              <XCircle aria-hidden className="size-4" /> Revoke invitation
            </Button>
          }
        />
      ) : null}
    </div>
  );
}
