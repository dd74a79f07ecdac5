"use client";

import { useRouter } from "next/navigation";
import { toast } from "@/components/ui/toast";
import { revokeRoleAction } from "@/lib/users/actions";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";

export function RevokeAssignmentButton({ userId, assignmentId, userName, roleLabel, scopeName }: { userId: string; assignmentId: string; userName: string; roleLabel: string; scopeName: string }) {
  const router = useRouter();
  return (
    <ConfirmDialog
      trigger={
        <button
          type="button"
          aria-label={`Revoke ${roleLabel} on ${scopeName}`}
          className="rounded-md px-2 py-1 text-sm font-medium text-rose-700 transition-colors hover:bg-rose-50"
        >
          Revoke
        </button>
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
