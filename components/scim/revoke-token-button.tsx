"use client";

import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { toast } from "@/components/ui/toast";
import { revokeScimTokenAction } from "@/lib/scim/actions";

/** Revokes a token after a confirmation: the identity provider's next request is refused. */
export function RevokeTokenButton({ tokenId, name }: { tokenId: string; name: string }) {
  const router = useRouter();
  return (
    <ConfirmDialog
      trigger={
        <Button type="button" variant="secondary" aria-label={`Revoke token ${name}`}>
          Revoke
        </Button>
      }
      title={`Revoke the token ‘${name}’?`}
      description="The identity provider using it can no longer create, change or deactivate anyone. People it provisioned stay as they are."
      confirmLabel="Revoke token"
      onConfirm={async () => {
        const result = await revokeScimTokenAction({ tokenId });
        if (!result.ok) {
          toast.error(result.error);
          return false;
        }
        toast.success(`Token ‘${name}’ revoked`);
        router.refresh();
      }}
    />
  );
}
