"use client";

import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { toast } from "@/components/ui/toast";
import { resetUserMfaAction } from "@/lib/mfa/actions";

/**
 * An admin resets the two-step verification of a person it manages (a lost phone): their
 * authenticator and recovery codes are removed and their sessions end. Place it on the person's
 * page when `mfaResetOptionFor(...).canReset`.
 */
export function ResetMfaButton({ userId, name }: { userId: string; name: string }) {
  const router = useRouter();
  return (
    <ConfirmDialog
      trigger={<Button variant="secondary">Reset two-step verification</Button>}
      title={`Reset ${name}'s two-step verification?`}
      description="Their authenticator app and recovery codes stop working and they are signed out everywhere. They set it up again at their next sign-in where it is required."
      confirmLabel="Reset"
      onConfirm={async () => {
        const result = await resetUserMfaAction({ userId });
        if (!result.ok) {
          toast.error(result.error);
          return;
        }
        toast.success(`${name}'s two-step verification was reset.`);
        router.refresh();
      }}
    />
  );
}
