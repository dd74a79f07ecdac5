"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "@/components/ui/toast";
import { Button, ButtonLink } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { FormField, inputClass } from "@/components/ui/form-field";
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

  // A field's id, form name and errors, by its name.
  const field = (name: keyof SiteFormValues) => ({ id: `site-${name}`, name, errors: errors[name] });

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
          <FormField {...field("name")} label="Site name">
            {(p) => <input {...p} type="text" defaultValue={initial.name} required maxLength={120} className={inputClass} />}
          </FormField>
          <FormField {...field("subAccountId")} label="Sub-account" hint={canMove ? undefined : "You can manage this site here only; moving it needs rights on another sub-account."}>
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
          </FormField>
        </CardBody>
      </Card>

      <Card>
        <CardHeader title="Postal address" />
        <CardBody className="grid gap-4 sm:grid-cols-2">
          <FormField {...field("addressLine1")} label="Address line 1" className="sm:col-span-2">
            {(p) => <input {...p} type="text" defaultValue={initial.addressLine1} required autoComplete="address-line1" className={inputClass} />}
          </FormField>
          <FormField {...field("addressLine2")} label="Address line 2 (optional)" className="sm:col-span-2">
            {(p) => <input {...p} type="text" defaultValue={initial.addressLine2 ?? ""} autoComplete="address-line2" className={inputClass} />}
          </FormField>
          <FormField {...field("city")} label="City">
            {(p) => <input {...p} type="text" defaultValue={initial.city} required autoComplete="address-level2" className={inputClass} />}
          </FormField>
          <FormField {...field("region")} label="Region (optional)">
            {(p) => <input {...p} type="text" defaultValue={initial.region ?? ""} autoComplete="address-level1" className={inputClass} />}
          </FormField>
          <FormField {...field("postcode")} label="Postcode">
            {(p) => <input {...p} type="text" defaultValue={initial.postcode} required autoComplete="postal-code" className={cn(inputClass, "uppercase")} />}
          </FormField>
          <FormField {...field("countryCode")} label="Country">
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
          </FormField>
        </CardBody>
      </Card>

      <Card>
        <CardHeader title="Site contact" description="Who engineers and couriers should ask for on site." />
        <CardBody className="grid gap-4 sm:grid-cols-3">
          <FormField {...field("contactName")} label="Contact name">
            {(p) => <input {...p} type="text" defaultValue={initial.contactName ?? ""} autoComplete="name" className={inputClass} />}
          </FormField>
          <FormField {...field("contactEmail")} label="Contact email">
            {(p) => <input {...p} type="email" defaultValue={initial.contactEmail ?? ""} autoComplete="email" className={inputClass} />}
          </FormField>
          <FormField {...field("contactPhone")} label="Contact phone">
            {(p) => <input {...p} type="tel" defaultValue={initial.contactPhone ?? ""} autoComplete="tel" className={inputClass} />}
          </FormField>
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
