"use client";

import { X } from "lucide-react";
import { useRouter } from "next/navigation";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { toast } from "@/components/ui/toast";
import { removeGroupRoleAction } from "@/lib/scim/actions";

/** Removes a group's role mapping after a confirmation: what it granted is revoked. */
export function RemoveGroupRoleButton({ mappingId, label, groupName }: { mappingId: string; label: string; groupName: string }) {
  const router = useRouter();
  return (
    <ConfirmDialog
      trigger={
        <button type="button" className="rounded p-0.5 text-slate-500 hover:bg-slate-200 hover:text-slate-800" aria-label={`Remove ${label} from group ${groupName}`}>
          <X aria-hidden className="size-3.5" />
        </button>
      }
      title={`Stop granting ${label}?`}
      description={`Members of ${groupName} lose ${label} where they got it through the group. Roles granted to them directly stay.`}
      confirmLabel="Remove"
      onConfirm={async () => {
        const result = await removeGroupRoleAction({ mappingId });
        if (!result.ok) {
          toast.error(result.error);
          return false;
        }
        toast.success(`${label} no longer granted through ${groupName}${result.data.revoked ? `; revoked from ${result.data.revoked}` : ""}`);
        router.refresh();
      }}
    />
  );
}
