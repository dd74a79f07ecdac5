"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "@/components/ui/toast";
import { Button, ButtonLink } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { createSiteAction, updateSiteAction } from "@/lib/sites/actions";

export type SiteFormValues = {
  name: string;
  addressLine1: string;
  addressLine2: string | null;
  city: string;
  region: string | null;
  postcode: string;
  countryCode: string;
  contactName: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  subAccountId: string;
};

type Choice = { id: string; name: string; parentName: string | null };
type FieldErrors = Partial<Record<keyof SiteFormValues, string[]>>;

const inputClass =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm placeholder:text-slate-500 focus:border-brand-500 focus:outline-none focus:ring-1 focus:ring-brand-500 aria-[invalid=true]:border-rose-400";

function Field({
  name,
  label,
  errors,
  hint,
  className,
  children,
}: {
  name: keyof SiteFormValues;
  label: string;
  errors: FieldErrors;
  hint?: string;
  className?: string;
  children: (props: { id: string; name: string; "aria-invalid": boolean; "aria-describedby"?: string }) => React.ReactNode;
}) {
  const error = errors[name]?.[0];
  const id = `site-${name}`;
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children({ id, name, "aria-invalid": Boolean(error), "aria-describedby": describedBy })}
      {hint && !error ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-xs text-rose-600">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/**
 * Create or edit a site. The sub-account select offers only what the server found the user may
 * use; the server validates and authorizes everything again on submit.
 */
export function SiteForm({
  mode,
  siteId,
  initial,
  subAccounts,
  countries,
  canMove = true,
}: {
  mode: "create" | "edit";
  siteId?: string;
  initial: SiteFormValues;
  subAccounts: Choice[];
  countries: { code: string; name: string }[];
  canMove?: boolean;
}) {
  const router = useRouter();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [pending, startTransition] = useTransition();

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const values = Object.fromEntries([...form.entries()].map(([k, v]) => [k, typeof v === "string" ? v : ""])) as Record<string, string>;
    startTransition(async () => {
      const result = mode === "create" ? await createSiteAction(values) : await updateSiteAction({ ...values, id: siteId });
      if (!result.ok) {
        const fieldErrors = (result.fieldErrors ?? {}) as FieldErrors;
        setErrors(fieldErrors);
        if (Object.keys(fieldErrors).length > 0) {
          toast.error("Please correct the highlighted fields.");
          document.getElementById(`site-${Object.keys(fieldErrors)[0]}`)?.focus();
        } else toast.error(result.error);
        return;
      }
      setErrors({});
      const data = result.data as { id: string; name: string; changed?: boolean };
      if (mode === "edit" && data.changed === false) toast.info("Nothing to save: no field was changed.");
      else toast.success(mode === "create" ? `Site “${data.name}” created` : `Changes to “${data.name}” saved`);
      router.push(`/sites/${data.id}`);
      router.refresh();
    });
  }

  const grouped = new Map<string, Choice[]>();
  for (const c of subAccounts) {
    const key = c.parentName ?? "";
    grouped.set(key, [...(grouped.get(key) ?? []), c]);
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-6" aria-label={mode === "create" ? "New site" : "Edit site"}>
      <Card>
        <CardHeader title="Site" description="What the site is called and which sub-account it belongs to (its costs and permissions follow the sub-account)." />
        <CardBody className="grid gap-4 sm:grid-cols-2">
          <Field name="name" label="Site name" errors={errors}>
            {(p) => <input {...p} type="text" defaultValue={initial.name} required maxLength={120} className={inputClass} />}
          </Field>
          <Field name="subAccountId" label="Sub-account" errors={errors} hint={canMove ? undefined : "You can manage this site here only; moving it needs rights on another sub-account."}>
            {(p) => (
              <select {...p} defaultValue={initial.subAccountId} required className={cn(inputClass, "pr-8")}>
                <option value="" disabled>
                  Choose a sub-account…
                </option>
                {[...grouped.entries()].map(([parent, choices]) =>
                  parent ? (
                    <optgroup key={parent} label={parent}>
                      {choices.map((c) => (
                        <option key={c.id} value={c.id}>
                          {c.name}
                        </option>
                      ))}
                    </optgroup>
                  ) : (
                    choices.map((c) => (
                      <option key={c.id} value={c.id}>
                        {c.name}
                      </option>
                    ))
                  ),
                )}
              </select>
            )}
          </Field>
        </CardBody>
      </Card>

      <Card>
        <CardHeader title="Postal address" />
        <CardBody className="grid gap-4 sm:grid-cols-2">
          <Field name="addressLine1" label="Address line 1" errors={errors} className="sm:col-span-2">
            {(p) => <input {...p} type="text" defaultValue={initial.addressLine1} required autoComplete="address-line1" className={inputClass} />}
          </Field>
          <Field name="addressLine2" label="Address line 2 (optional)" errors={errors} className="sm:col-span-2">
            {(p) => <input {...p} type="text" defaultValue={initial.addressLine2 ?? ""} autoComplete="address-line2" className={inputClass} />}
          </Field>
          <Field name="city" label="City" errors={errors}>
            {(p) => <input {...p} type="text" defaultValue={initial.city} required autoComplete="address-level2" className={inputClass} />}
          </Field>
          <Field name="region" label="Region (optional)" errors={errors}>
            {(p) => <input {...p} type="text" defaultValue={initial.region ?? ""} autoComplete="address-level1" className={inputClass} />}
          </Field>
          <Field name="postcode" label="Postcode" errors={errors}>
            {(p) => <input {...p} type="text" defaultValue={initial.postcode} required autoComplete="postal-code" className={cn(inputClass, "uppercase")} />}
          </Field>
          <Field name="countryCode" label="Country" errors={errors}>
            {(p) => (
              <select {...p} defaultValue={initial.countryCode} required autoComplete="country" className={inputClass}>
                <option value="" disabled>
                  Choose a country…
                </option>
                {countries.map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </CardBody>
      </Card>

      <Card>
        <CardHeader title="Site contact" description="Who engineers and couriers should ask for on site." />
        <CardBody className="grid gap-4 sm:grid-cols-3">
          <Field name="contactName" label="Contact name" errors={errors}>
            {(p) => <input {...p} type="text" defaultValue={initial.contactName ?? ""} autoComplete="name" className={inputClass} />}
          </Field>
          <Field name="contactEmail" label="Contact email" errors={errors}>
            {(p) => <input {...p} type="email" defaultValue={initial.contactEmail ?? ""} autoComplete="email" className={inputClass} />}
          </Field>
          <Field name="contactPhone" label="Contact phone" errors={errors}>
            {(p) => <input {...p} type="tel" defaultValue={initial.contactPhone ?? ""} autoComplete="tel" className={inputClass} />}
          </Field>
        </CardBody>
      </Card>

      <div className="flex items-center justify-end gap-2">
        <ButtonLink href={mode === "edit" && siteId ? `/sites/${siteId}` : "/sites"} variant="secondary">
          Cancel
        </ButtonLink>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : mode === "create" ? "Create site" : "Save changes"}
        </Button>
      </div>
    </form>
  );
}
