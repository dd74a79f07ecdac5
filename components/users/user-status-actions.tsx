"use client";

import { UserCheck, UserX } from "lucide-react";
import { useRouter } from "next/navigation";
import { toast } from "@/components/ui/toast";
import { Button } from "@/components/ui/button";
import { deactivateUserAction, reactivateUserAction } from "@/lib/users/actions";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";

/** "Deactivate user" / "Reactivate user" with a confirmation; the server refuses self and the last admin. */
export function UserStatusActions({ userId, name, canDeactivate, canReactivate }: { userId: string; name: string; canDeactivate: boolean; canReactivate: boolean }) {
  const router = useRouter();
  if (canDeactivate) {
    return (
      <ConfirmDialog
        trigger={
          <Button type="button" variant="secondary" className="text-rose-700">
            <UserX aria-hidden className="size-4" />
            Deactivate user
          </Button>
        }
        title={`Deactivate ${name}?`}
        description={
          <>
            <p>{name} is signed out at their next request and cannot sign in again until reactivated.</p>
            <p className="mt-2">Their role assignments are kept, so reactivating restores their access.</p>
          </>
        }
        confirmLabel="Deactivate"
        onConfirm={async () => {
          const result = await deactivateUserAction({ userId });
          if (!result.ok) {
            toast.error(result.error);
            return;
          }
          toast.success(`${name} was deactivated`);
          router.refresh();
        }}
      />
    );
  }
  if (canReactivate) {
    return (
      <ConfirmDialog
        tone="primary"
        trigger={
          <Button type="button" variant="secondary">
            <UserCheck aria-hidden className="size-4" />
            Reactivate user
          </Button>
        }
        title={`Reactivate ${name}?`}
        description={<p>{name} can sign in again, with the role assignments they still hold.</p>}
        confirmLabel="Reactivate"
        onConfirm={async () => {
          const result = await reactivateUserAction({ userId });
          if (!result.ok) {
            toast.error(result.error);
            return;
          }
          toast.success(`${name} was reactivated`);
          router.refresh();
        }}
      />
    );
  }
  return null;
}
