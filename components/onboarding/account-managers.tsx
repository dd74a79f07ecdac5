"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormField, inputClass } from "@/components/ui/form-field";
import { toast } from "@/components/ui/toast";
import { assignAccountManagerAction, removeAccountManagerAction } from "@/lib/onboarding/actions";

type Person = { id: string; name: string; email: string };

/** Adds a CSP staff member as an enterprise's account manager (reassigning: add the new, remove the old). */
export function AssignAccountManager({ enterpriseId, available }: { enterpriseId: string; available: Person[] }) {
  const router = useRouter();
  const [userId, setUserId] = useState("");
  const [errors, setErrors] = useState<string[] | undefined>();
  const [pending, start] = useTransition();
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    start(async () => {
      const result = await assignAccountManagerAction({ enterpriseId, userId });
      if (!result.ok) {
        setErrors(result.fieldErrors?.userId ?? [result.error]);
        toast.error(result.error);
        return;
      }
      setErrors(undefined);
      setUserId("");
      toast.success(`${available.find((p) => p.id === userId)?.name ?? "The account manager"} now looks after this enterprise`);
      router.refresh();
    });
  };
  return (
    <form onSubmit={submit} aria-label="Add an account manager" className="flex flex-wrap items-end gap-2">
      <FormField id="am-user" label="Add an account manager" errors={errors} className="min-w-72">
        {(p) => (
          <select {...p} value={userId} onChange={(e) => setUserId(e.target.value)} className={cn(inputClass, "pr-8")}>
            <option value="" disabled>
              Choose a member of the CSP&apos;s staff…
            </option>
            {available.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name} ({u.email})
              </option>
            ))}
          </select>
        )}
      </FormField>
      <Button type="submit" variant="primary" disabled={pending || !userId}>
        {pending ? "Adding…" : "Add"}
      </Button>
    </form>
  );
}

export function RemoveAccountManager({ enterpriseId, person }: { enterpriseId: string; person: Person }) {
  const router = useRouter();
  return (
    <ConfirmDialog
      trigger={
        <Button type="button" variant="secondary" aria-label={`Remove ${person.name}`}>
          Remove
        </Button>
      }
      title={`Remove ${person.name}?`}
      description="They no longer see this enterprise in their console, and a support session they have open here ends at once."
      confirmLabel="Remove"
      onConfirm={async () => {
        const result = await removeAccountManagerAction({ enterpriseId, userId: person.id });
        if (!result.ok) {
          toast.error(result.error);
          return false;
        }
        toast.success(`${person.name} no longer looks after this enterprise`);
        router.refresh();
      }}
    />
  );
}
