"use client";

import { KeyRound, TriangleAlert } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { FormField, inputClass } from "@/components/ui/form-field";
import { toast } from "@/components/ui/toast";
import { createScimTokenAction } from "@/lib/scim/actions";
import { CopyButton } from "./copy-button";

/**
 * Creates a SCIM token. The token itself comes back once, shown here until the admin is done with
 * it: it is stored only as a hash, so it can never be shown again.
 */
export function CreateTokenForm({ scopeName }: { scopeName: string | null }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [errors, setErrors] = useState<Record<string, string[] | undefined>>({});
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get("name") ?? "");
    start(async () => {
      const result = await createScimTokenAction({ name });
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        toast.error(result.error);
        return;
      }
      setErrors({});
      form.reset();
      setCreated({ name: result.data.name, token: result.data.token });
      toast.success(`Token ‘${result.data.name}’ created`);
      router.refresh();
    });
  }

  if (created) {
    return (
      <div className="rounded-md border border-amber-200 bg-amber-50 p-4" role="status" data-testid="new-token">
        <p className="flex items-center gap-2 text-sm font-semibold text-amber-900">
          <TriangleAlert aria-hidden className="size-4" />
          Copy the token ‘{created.name}’ now: it will not be shown again.
        </p>
        <p className="mt-1 text-sm text-amber-900">Paste it into your identity provider as the secret token (bearer token). If it is lost, revoke it and create another.</p>
        <div className="mt-3 flex flex-wrap items-end gap-2">
          <div className="min-w-0 flex-1">
            <label htmlFor="new-scim-token" className="block text-sm font-medium text-slate-700">
              Secret token
            </label>
            <input id="new-scim-token" readOnly value={created.token} onFocus={(e) => e.currentTarget.select()} className={`${inputClass} font-mono`} />
          </div>
          <CopyButton value={created.token} label="Copy the token" />
          <Button type="button" variant="primary" onClick={() => setCreated(null)}>
            Done
          </Button>
        </div>
      </div>
    );
  }

  return (
    <form onSubmit={submit} className="flex flex-wrap items-start gap-3" aria-label="Create a SCIM token">
      <FormField id="scim-token-name" name="name" label="Token name" hint={`It provisions people into ${scopeName ?? "your scope"}.`} errors={errors.name} className="min-w-64 flex-1">
        {(control) => <input {...control} required maxLength={80} placeholder="Microsoft Entra ID" autoComplete="off" className={inputClass} />}
      </FormField>
      <Button type="submit" disabled={pending} aria-busy={pending} className="mt-6">
        <KeyRound aria-hidden className="size-4" />
        Create token
      </Button>
    </form>
  );
}
