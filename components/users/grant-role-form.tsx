"use client";

import { ShieldPlus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";
import { toast } from "@/components/ui/toast";
import { NodeSelect } from "@/components/accounts/node-select";
import { Button } from "@/components/ui/button";
import type { PickerNode } from "@/lib/accounts/queries";
import { ROLE_LABELS, type CustomerRole } from "@/lib/authz/vocabulary";
import { grantRoleAction } from "@/lib/users/actions";

const inputClass =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-1 focus:ring-brand-500 aria-[invalid=true]:border-rose-400";

const ROLE_HINTS: Record<CustomerRole, string> = {
  enterprise_admin: "Manages users, roles and sites under the node, and reads everything there.",
  site_admin: "Keeps the sites under the node right.",
  orderer: "Orders services for sites under the node, optionally within a monthly spend limit.",
  approver: "Approves orders under the node up to an approval limit.",
  billing_viewer: "Reads and exports bills of billing accounts under the node.",
  technical_admin: "Reads sites and services under the node and raises trouble tickets.",
};

type Errors = Record<string, string[] | undefined>;

/**
 * Grants a customer role on a node. The picker offers only the nodes the server found grantable;
 * amounts are sent as typed ("50000.00") and turned into minor units on the server.
 */
export function GrantRoleForm({
  userId,
  userName,
  roles,
  nodes,
  currencies,
  minExpiry,
}: {
  userId: string;
  userName: string;
  roles: CustomerRole[];
  nodes: PickerNode[];
  currencies: string[];
  /** The earliest expiry date to offer (YYYY-MM-DD, tomorrow in the admin's time zone). */
  minExpiry: string;
}) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [role, setRole] = useState<string>("");
  const [errors, setErrors] = useState<Errors>({});
  const [pending, start] = useTransition();

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(event.currentTarget).entries());
    start(async () => {
      const result = await grantRoleAction({ ...data, userId });
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        toast.error(result.error);
        return;
      }
      setErrors({});
      const label = ROLE_LABELS[data.role as CustomerRole] ?? "Role";
      const node = nodes.find((n) => n.id === data.scopeNodeId)?.name ?? "the node";
      toast.success(`Granted ${label} on ${node} to ${userName}`);
      formRef.current?.reset();
      setRole("");
      router.refresh();
    });
  }

  const fieldError = (name: string) =>
    errors[name]?.length ? (
      <p id={`grant-${name}-error`} className="mt-1 text-xs text-rose-700">
        {errors[name]![0]}
      </p>
    ) : null;
  const invalid = (name: string) => (errors[name]?.length ? { "aria-invalid": true as const, "aria-describedby": `grant-${name}-error` } : {});
  const limitField = role === "approver" ? "approvalLimit" : role === "orderer" ? "spendLimit" : null;

  return (
    <form ref={formRef} onSubmit={submit} aria-label="Grant a role" className="space-y-4" noValidate>
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor="grant-role" className="block text-sm font-medium text-slate-700">
            Role
          </label>
          <select id="grant-role" name="role" required value={role} onChange={(e) => setRole(e.target.value)} className={inputClass} {...invalid("role")}>
            <option value="" disabled>
              Choose a role…
            </option>
            {roles.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
          {fieldError("role") ?? (role ? <p className="mt-1 text-xs text-slate-500">{ROLE_HINTS[role as CustomerRole]}</p> : null)}
        </div>
        <div>
          <NodeSelect nodes={nodes} name="scopeNodeId" id="grant-node" label="Node" required />
          {fieldError("scopeNodeId") ?? <p className="mt-1 text-xs text-slate-500">The role holds on this node and everything under it.</p>}
        </div>
      </div>
      {limitField ? (
        <div className="grid gap-4 sm:grid-cols-[1fr_8rem]">
          <div>
            <label htmlFor={`grant-${limitField}`} className="block text-sm font-medium text-slate-700">
              {limitField === "approvalLimit" ? "Approval limit" : "Monthly spend limit (optional)"}
            </label>
            <input
              id={`grant-${limitField}`}
              name={limitField}
              inputMode="decimal"
              autoComplete="off"
              placeholder="50000.00"
              required={limitField === "approvalLimit"}
              className={`${inputClass} text-right tabular-nums`}
              {...invalid(limitField)}
            />
            {fieldError(limitField)}
          </div>
          <div>
            <label htmlFor="grant-currency" className="block text-sm font-medium text-slate-700">
              Currency
            </label>
            <select id="grant-currency" name="limitCurrency" defaultValue={currencies[0]} className={inputClass} {...invalid("limitCurrency")}>
              {currencies.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
            {fieldError("limitCurrency")}
          </div>
        </div>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor="grant-expires" className="block text-sm font-medium text-slate-700">
            Expires on (optional)
          </label>
          <input id="grant-expires" name="expiresOn" type="date" min={minExpiry} className={inputClass} {...invalid("expiresOn")} />
          {fieldError("expiresOn") ?? <p className="mt-1 text-xs text-slate-500">The role stops counting at the start of that day.</p>}
        </div>
      </div>
      <div className="flex justify-end">
        <Button type="submit" disabled={pending} aria-busy={pending}>
          <ShieldPlus aria-hidden className="size-4" />
          Grant role
        </Button>
      </div>
    </form>
  );
}
