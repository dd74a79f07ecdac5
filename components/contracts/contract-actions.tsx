"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { Button, ButtonLink } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { toast } from "@/components/ui/toast";
import { activateContractAction, amendContractAction } from "@/lib/contracts/actions";

type Can = { edit: boolean; activate: boolean; amend: boolean };

/** What the viewer may do with a contract version from its page: edit or activate a draft, amend the version in force. */
export function ContractActions({ id, rowVersion, label, can }: { id: string; rowVersion: number; label: string; can: Can }) {
  const router = useRouter();
  const [pending, start] = useTransition();

  const activate = async () => {
    const result = await activateContractAction({ id, rowVersion });
    if (!result.ok) {
      toast.error("The contract was not activated", { description: result.error });
      router.refresh();
      return;
    }
    const { version, supersededVersion } = result.data;
    toast.success(`${label} is active`, { description: supersededVersion ? `Version ${version} is in force; version ${supersededVersion} is superseded.` : `Version ${version} is in force.` });
    router.refresh();
  };

  const amend = () =>
    start(async () => {
      const result = await amendContractAction({ id });
      if (!result.ok) return void toast.error("No amendment was started", { description: result.error });
      toast.success(`Amendment version ${result.data.version} drafted: change it, then ask a CSP administrator to activate it`);
      router.push(`/contracts/${result.data.id}/edit`);
      router.refresh();
    });

  return (
    <div className="flex flex-wrap items-center gap-2">
      {can.edit ? <ButtonLink href={`/contracts/${id}/edit`}>Edit draft</ButtonLink> : null}
      {can.amend ? (
        <Button type="button" variant="secondary" disabled={pending} onClick={amend}>
          Draft amendment
        </Button>
      ) : null}
      {can.activate ? (
        <ConfirmDialog
          tone="primary"
          title={`Activate ${label}?`}
          description="It comes into force now: new orders are priced from it, and the version in force until now becomes superseded (its history stays readable)."
          confirmLabel="Activate"
          onConfirm={activate}
          trigger={
            <Button type="button" variant="primary">
              Activate
            </Button>
          }
        />
      ) : null}
    </div>
  );
}
