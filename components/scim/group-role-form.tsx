"use client";

import { Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { NodeSelect } from "@/components/accounts/node-select";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/form-field";
import { toast } from "@/components/ui/toast";
import type { PickerNode } from "@/lib/accounts/queries";
import { ROLE_LABELS, type CustomerRole } from "@/lib/authz/vocabulary";
import { addGroupRoleAction } from "@/lib/scim/actions";

/** Roles a group can grant: every customer role but approver, whose limit belongs to a person. */
const MAPPABLE: CustomerRole[] = ["enterprise_admin", "site_admin", "orderer", "billing_viewer", "technical_admin"];

/** Adds what membership of a group grants: a role on a node. Members get it at once. */
export function GroupRoleForm({ groupId, groupName, nodes }: { groupId: string; groupName: string; nodes: PickerNode[] }) {
  const router = useRouter();
  const id = useId();
  const [pending, start] = useTransition();
  const [open, setOpen] = useState(false);

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(event.currentTarget).entries());
    start(async () => {
      const result = await addGroupRoleAction({ ...data, groupId });
      if (!result.ok) {
        toast.error(result.error);
        return;
      }
      const { granted, refused, members } = result.data;
      toast.success(`Members of ${groupName} now get this role${members ? `: granted to ${granted} of ${members}` : ""}${refused ? ` (${refused} outside your rules; see the audit log)` : ""}`);
      setOpen(false);
      router.refresh();
    });
  }

  if (!open) {
    return (
      <Button type="button" variant="ghost" className="px-2 text-brand-700" onClick={() => setOpen(true)} aria-label={`Add a role to group ${groupName}`}>
        <Plus aria-hidden className="size-4" />
        Add role
      </Button>
    );
  }
  return (
    <form onSubmit={submit} className="mt-2 grid gap-2 rounded-md border border-slate-200 p-3 sm:grid-cols-[10rem_1fr_auto]" aria-label={`Add a role to group ${groupName}`}>
      <div>
        <label htmlFor={`${id}-role`} className="block text-sm font-medium text-slate-700">
          Role
        </label>
        <select id={`${id}-role`} name="role" required defaultValue="" className={inputClass}>
          <option value="" disabled>
            Choose a role…
          </option>
          {MAPPABLE.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
      </div>
      <NodeSelect nodes={nodes} name="scopeNodeId" id={`${id}-node`} label="On" required />
      <div className="flex items-end gap-2">
        <Button type="submit" disabled={pending} aria-busy={pending}>
          Add
        </Button>
        <Button type="button" variant="secondary" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
