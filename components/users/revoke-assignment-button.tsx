"use client";

import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { revokeRoleAction } from "@/lib/users/server-actions";
import { ConfirmDialog } from "./confirm-dialog";

export function RevokeAssignmentButton({ userId, assignmentId, userName, roleLabel, scopeName }: { userId: string; assignmentId: string; userName: string; roleLabel: string; scopeName: string }) {
  const router = useRouter();
  return (
    <ConfirmDialog
      trigger={
        <Button type="button" variant="ghost" className="px-2 py-1 text-rose-700 hover:bg-rose-50" aria-label={`Revoke ${roleLabel} on ${scopeName}`}>
          Revoke
        </Button>
      }
      title={`Revoke ${roleLabel}?`}
      description={
        <p>
          {userName} loses the {roleLabel} role on {scopeName} and everything under it, from their next request.
        </p>
      }
      confirmLabel="Revoke role"
      onConfirm={async () => {
        const result = await revokeRoleAction({ userId, assignmentId });
        if (!result.ok) {
          toast.error(result.error);
          return;
        }
        toast.success(`Revoked ${roleLabel} on ${scopeName}`);
        router.refresh();
      }}
    />
  );
}
