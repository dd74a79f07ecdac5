"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { FormField, inputClass } from "@/components/ui/form-field";
import { toast } from "@/components/ui/toast";
import { saveConnectionAction } from "@/lib/identity/actions";

export type NodeOption = { id: string; name: string; depth: number };
type Values = { issuer: string; clientId: string; defaultRole: string; defaultNodeId: string };

/**
 * The identity provider's settings. The client secret is write-only: the field is empty and keeps
 * the stored secret unless something is typed. Changing the issuer, client id or secret switches
 * single sign-on off until a new test passes (the server says so).
 */
export function ConnectionForm({ initial, hasSecret, roles, nodes }: { initial: Values; hasSecret: boolean; roles: { value: string; label: string }[]; nodes: NodeOption[] }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [values, setValues] = useState<Values & { clientSecret: string }>({ ...initial, clientSecret: "" });
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const set = (key: keyof typeof values) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setValues((v) => ({ ...v, [key]: e.target.value }));

  function submit(e: React.FormEvent) {
    e.preventDefault();
    startTransition(async () => {
      const result = await saveConnectionAction(values);
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        toast.error(result.error);
        return;
      }
      setErrors({});
      setValues((v) => ({ ...v, clientSecret: "" }));
      toast.success(result.data.retestNeeded ? "Saved. Test the connection before switching it on." : "Saved");
      router.refresh();
    });
  }

  return (
    <form onSubmit={submit} className="grid max-w-3xl gap-4 sm:grid-cols-2" noValidate>
      <FormField id="sso-issuer" label="Issuer URL" hint="As your provider announces it, e.g. https://login.microsoftonline.com/<tenant>/v2.0" errors={errors.issuer} className="sm:col-span-2">
        {(p) => <input {...p} type="url" required value={values.issuer} onChange={set("issuer")} className={inputClass} autoComplete="off" />}
      </FormField>
      <FormField id="sso-client-id" label="Client ID" errors={errors.clientId}>
        {(p) => <input {...p} required value={values.clientId} onChange={set("clientId")} className={inputClass} autoComplete="off" />}
      </FormField>
      <FormField id="sso-client-secret" label="Client secret" hint={hasSecret ? "Stored encrypted. Leave empty to keep it." : "Stored encrypted; never shown again."} errors={errors.clientSecret}>
        {(p) => <input {...p} type="password" value={values.clientSecret} onChange={set("clientSecret")} className={inputClass} autoComplete="new-password" />}
      </FormField>
      <FormField id="sso-default-role" label="Role for people who sign in the first time" hint="They land with this role in the unit below, or with none until an admin grants one." errors={errors.defaultRole}>
        {(p) => (
          <select {...p} value={values.defaultRole} onChange={set("defaultRole")} className={inputClass}>
            <option value="">No role</option>
            {roles.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <FormField id="sso-default-node" label="Unit for people who sign in the first time" errors={errors.defaultNodeId}>
        {(p) => (
          <select {...p} value={values.defaultNodeId} onChange={set("defaultNodeId")} className={inputClass}>
            <option value="">The whole organisation</option>
            {nodes.map((n) => (
              <option key={n.id} value={n.id}>
                {`${"\u00a0\u00a0".repeat(n.depth)}${n.name}`}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <div className="sm:col-span-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save identity provider"}
        </Button>
      </div>
    </form>
  );
}
