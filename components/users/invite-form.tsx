"use client";

import { Plus, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "@/components/ui/toast";
import { NodeSelect } from "@/components/accounts/node-select";
import { Button, ButtonLink } from "@/components/ui/button";
import type { PickerNode } from "@/lib/accounts/queries";
import { inviteUserAction } from "@/lib/invitations/actions";

const ROLE_OPTIONS = [
  { value: "orderer", label: "Orderer", hint: "Orders services for sites in scope." },
  { value: "approver", label: "Approver", hint: "Approves orders up to an approval limit." },
  { value: "billing_viewer", label: "Billing viewer", hint: "Reads and exports bills." },
  { value: "site_admin", label: "Site admin", hint: "Keeps sites and contacts right." },
  { value: "technical_admin", label: "Technical admin", hint: "Reads services, raises tickets." },
  { value: "enterprise_admin", label: "Enterprise admin", hint: "Manages people, roles and sites." },
] as const;

const input =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm placeholder:text-slate-500 focus:border-brand-500 focus:outline-none focus:ring-1 focus:ring-brand-500";
const labelCls = "block text-sm font-medium text-slate-700";

type Row = { key: number; role: string };

function FieldError({ id, messages }: { id: string; messages?: string[] }) {
  if (!messages?.length) return null;
  return (
    <p id={id} className="mt-1 text-sm text-rose-600">
      {messages[0]}
    </p>
  );
}

/**
 * The invite form: who (email, name, unit) and their initial role assignments. Only nodes the server
 * offered are in the pickers; the server checks every assignment again and writes all or nothing.
 */
export function InviteForm({ nodes, currencies }: { nodes: PickerNode[]; currencies: string[] }) {
  const router = useRouter();
  const [rows, setRows] = useState<Row[]>([{ key: 0, role: "" }]);
  const [nextKey, setNextKey] = useState(1);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, start] = useTransition();

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const get = (name: string) => String(form.get(name) ?? "");
    const payload = {
      email: get("email"),
      name: get("name"),
      unitNodeId: get("unitNodeId"),
      assignments: rows.map(({ key, role }) => ({
        role,
        scopeNodeId: get(`scope-${key}`),
        approvalLimit: role === "approver" ? get(`approvalLimit-${key}`) : "",
        spendLimit: role === "orderer" ? get(`spendLimit-${key}`) : "",
        limitCurrency: role === "approver" || role === "orderer" ? get(`currency-${key}`) : "",
        expiresAt: get(`expiresAt-${key}`),
      })),
    };
    setFormError(null);
    start(async () => {
      const result = await inviteUserAction(payload);
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        setFormError(result.error);
        toast.error("The invitation was not sent", { description: result.error });
        return;
      }
      setErrors({});
      const { userId, resent, mode, mailFailed } = result.data;
      if (mailFailed) toast.warning("The user was invited; the mail server did not take the mail yet", { description: "It is tried again over the next hours." });
      else
        toast.success(resent ? `${payload.email} was already invited: a new invitation was sent` : `Invitation sent to ${payload.email}`, {
          description: mode === "outbox" ? "No mail server is configured: the mail is in the Outbox." : undefined,
        });
      router.push(`/users/${userId}`);
      router.refresh();
    });
  }

  return (
    <form onSubmit={submit} className="space-y-8" aria-describedby={formError ? "invite-error" : undefined}>
      <section aria-labelledby="who" className="grid gap-5 md:grid-cols-3">
        <div className="md:col-span-1">
          <h2 id="who" className="text-sm font-semibold text-slate-900">
            Person
          </h2>
          <p className="mt-1 text-sm text-slate-500">They get an email with a link to choose a password. The link works once and expires.</p>
        </div>
        <div className="grid gap-4 sm:grid-cols-2 md:col-span-2">
          <div>
            <label htmlFor="email" className={labelCls}>
              Email
            </label>
            <input id="email" name="email" type="email" required autoComplete="off" placeholder="name@company.com" className={input} aria-invalid={Boolean(errors.email)} aria-describedby="email-error" />
            <FieldError id="email-error" messages={errors.email} />
          </div>
          <div>
            <label htmlFor="name" className={labelCls}>
              Name
            </label>
            <input id="name" name="name" required autoComplete="off" placeholder="Full name" className={input} aria-invalid={Boolean(errors.name)} aria-describedby="name-error" />
            <FieldError id="name-error" messages={errors.name} />
          </div>
          <div className="sm:col-span-2">
            <NodeSelect nodes={nodes} name="unitNodeId" id="unitNodeId" label="Unit" required />
            <p className="mt-1 text-xs text-slate-500">Where the person sits in your organisation. Admins over this unit manage them.</p>
            <FieldError id="unit-error" messages={errors.unitNodeId} />
          </div>
        </div>
      </section>

      <section aria-labelledby="roles" className="grid gap-5 border-t border-slate-100 pt-6 md:grid-cols-3">
        <div className="md:col-span-1">
          <h2 id="roles" className="text-sm font-semibold text-slate-900">
            Initial roles
          </h2>
          <p className="mt-1 text-sm text-slate-500">Each role holds on the chosen node and everything under it. You can change roles later on the user&apos;s page.</p>
        </div>
        <div className="space-y-4 md:col-span-2">
          {rows.map((row, index) => (
            <fieldset key={row.key} className="rounded-lg border border-slate-200 bg-slate-50/60 p-4">
              <div className="mb-3 flex items-center justify-between">
                <legend className="text-xs font-semibold uppercase tracking-wide text-slate-500">Assignment {index + 1}</legend>
                <Button type="button" variant="ghost" className="px-2 py-1 text-xs" aria-label={`Remove assignment ${index + 1}`} onClick={() => setRows((r) => r.filter((x) => x.key !== row.key))}>
                  <Trash2 aria-hidden className="size-3.5" /> Remove
                </Button>
              </div>
              <div className="grid gap-4 sm:grid-cols-2">
                <div>
                  <label htmlFor={`role-${row.key}`} className={labelCls}>
                    Role
                  </label>
                  <select
                    id={`role-${row.key}`}
                    name={`role-${row.key}`}
                    required
                    value={row.role}
                    onChange={(e) => setRows((r) => r.map((x) => (x.key === row.key ? { ...x, role: e.target.value } : x)))}
                    className={input}
                  >
                    <option value="" disabled>
                      Choose a role…
                    </option>
                    {ROLE_OPTIONS.map((o) => (
                      <option key={o.value} value={o.value}>
                        {o.label}
                      </option>
                    ))}
                  </select>
                  <p className="mt-1 text-xs text-slate-500">{ROLE_OPTIONS.find((o) => o.value === row.role)?.hint ?? " "}</p>
                </div>
                <NodeSelect nodes={nodes} name={`scope-${row.key}`} id={`scope-${row.key}`} label="Node" required />
                {row.role === "approver" || row.role === "orderer" ? (
                  <div className="grid grid-cols-[1fr_6rem] gap-3">
                    <div>
                      <label htmlFor={`${row.role === "approver" ? "approvalLimit" : "spendLimit"}-${row.key}`} className={labelCls}>
                        {row.role === "approver" ? "Approval limit" : "Monthly spend limit"}
                      </label>
                      <input
                        id={`${row.role === "approver" ? "approvalLimit" : "spendLimit"}-${row.key}`}
                        name={`${row.role === "approver" ? "approvalLimit" : "spendLimit"}-${row.key}`}
                        inputMode="decimal"
                        required={row.role === "approver"}
                        placeholder={row.role === "approver" ? "50000.00" : "Optional"}
                        className={`${input} text-right tabular-nums`}
                      />
                    </div>
                    <div>
                      <label htmlFor={`currency-${row.key}`} className={labelCls}>
                        Currency
                      </label>
                      <select id={`currency-${row.key}`} name={`currency-${row.key}`} defaultValue={currencies[0]} className={input}>
                        {currencies.map((c) => (
                          <option key={c}>{c}</option>
                        ))}
                      </select>
                    </div>
                  </div>
                ) : null}
                <div>
                  <label htmlFor={`expiresAt-${row.key}`} className={labelCls}>
                    Expires on <span className="font-normal text-slate-500">(optional)</span>
                  </label>
                  <input id={`expiresAt-${row.key}`} name={`expiresAt-${row.key}`} type="date" className={input} />
                </div>
              </div>
            </fieldset>
          ))}
          {rows.length === 0 ? <p className="text-sm text-slate-500">No roles: the person can sign in but sees nothing until someone grants a role.</p> : null}
          <Button
            type="button"
            variant="secondary"
            onClick={() => {
              setRows((r) => [...r, { key: nextKey, role: "" }]);
              setNextKey((k) => k + 1);
            }}
          >
            <Plus aria-hidden className="size-4" /> Add another role
          </Button>
        </div>
      </section>

      {formError ? (
        <p id="invite-error" role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700">
          {formError}
        </p>
      ) : null}
      <div className="flex items-center justify-end gap-2 border-t border-slate-100 pt-6">
        <ButtonLink href="/users">Cancel</ButtonLink>
        <Button type="submit" disabled={pending} aria-busy={pending}>
          {pending ? "Sending…" : "Send invitation"}
        </Button>
      </div>
    </form>
  );
}
