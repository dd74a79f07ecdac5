"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button, ButtonLink } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { FormField, inputClass } from "@/components/ui/form-field";
import { toast } from "@/components/ui/toast";
import { createOfferingAction, updateOfferingAction } from "@/lib/catalog/actions";
import type { OfferingFormValues } from "@/lib/catalog/queries";

type Errors = Record<string, string[] | undefined>;

/**
 * An offering of the catalog (CSP administrators): what it is, when it can be contracted and
 * ordered, and its list price in each currency (blank: not sold in that currency). Editing names
 * the version read, so two administrators never overwrite each other silently.
 */
export function OfferingForm({ initial, edit }: { initial: OfferingFormValues; edit?: { id: string; version: string } }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [errors, setErrors] = useState<Errors>({});
  const [v, setV] = useState(initial);
  const set = (k: keyof OfferingFormValues) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => setV((x) => ({ ...x, [k]: e.target.value }));
  const setPrice = (i: number, field: "oneOff" | "recurring", value: string) => setV((x) => ({ ...x, prices: x.prices.map((p, j) => (j === i ? { ...p, [field]: value } : p)) }));

  const save = () =>
    start(async () => {
      setErrors({});
      const result = edit ? await updateOfferingAction({ ...v, id: edit.id, version: edit.version }) : await createOfferingAction(v);
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        toast.error("The offering was not saved", { description: result.error });
        return;
      }
      if (!result.data.changed) toast.info("Nothing to save: nothing was changed.");
      else toast.success(edit ? `“${result.data.name}” saved` : `“${result.data.name}” added to the catalog`);
      router.push("/catalog");
      router.refresh();
    });

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
      noValidate
      className="space-y-6"
      aria-label={edit ? `Edit ${initial.name}` : "New offering"}
    >
      <Card>
        <CardHeader title="Offering" />
        <CardBody className="grid gap-4 sm:grid-cols-2">
          {edit ? null : (
            <FormField id="offering-code" label="Code" errors={errors.code} hint="Letters, digits and dashes; it cannot change later.">
              {(p) => <input {...p} type="text" value={v.code} onChange={set("code")} maxLength={40} className={`${inputClass} uppercase`} />}
            </FormField>
          )}
          <FormField id="offering-name" label="Name" errors={errors.name} className={edit ? "sm:col-span-2" : undefined}>
            {(p) => <input {...p} type="text" value={v.name} onChange={set("name")} maxLength={120} className={inputClass} />}
          </FormField>
          <FormField id="offering-description" label="Description" errors={errors.description} className="sm:col-span-2">
            {(p) => <textarea {...p} value={v.description} onChange={set("description")} rows={2} maxLength={1000} className={inputClass} />}
          </FormField>
          <FormField id="offering-category" label="Category" errors={errors.category}>
            {(p) => <input {...p} type="text" value={v.category} onChange={set("category")} maxLength={60} className={inputClass} />}
          </FormField>
          <FormField id="offering-unit" label="Unit" errors={errors.unit} hint="What one of it is: a line, a SIM, a site…">
            {(p) => <input {...p} type="text" value={v.unit} onChange={set("unit")} maxLength={30} className={inputClass} />}
          </FormField>
        </CardBody>
      </Card>
      <Card>
        <CardHeader title="Validity" description="Contracts may price it, and orders order it, from the first day to the last (inclusive)." />
        <CardBody className="grid gap-4 sm:grid-cols-3">
          <FormField id="offering-valid-from" label="Valid from" errors={errors.validFrom}>
            {(p) => <input {...p} type="date" value={v.validFrom} onChange={set("validFrom")} className={inputClass} />}
          </FormField>
          <FormField id="offering-valid-to" label="Valid until (optional)" errors={errors.validTo} hint="Blank: open-ended.">
            {(p) => <input {...p} type="date" value={v.validTo} onChange={set("validTo")} className={inputClass} />}
          </FormField>
          <div className="flex items-center gap-2 self-end pb-2">
            <input id="offering-active" type="checkbox" checked={v.isActive} onChange={(e) => setV((x) => ({ ...x, isActive: e.target.checked }))} className="size-4 rounded border-slate-300" />
            <label htmlFor="offering-active" className="text-sm font-medium text-slate-700">
              In the catalog (not withdrawn)
            </label>
          </div>
        </CardBody>
      </Card>
      <Card>
        <CardHeader title="List prices" description="Per currency; leave both blank where it is not sold. Contracts negotiate their own prices against these." />
        <CardBody className="space-y-3">
          {errors.prices?.[0] ? <p className="text-sm text-rose-700">{errors.prices[0]}</p> : null}
          {v.prices.map((p, i) => (
            <div key={p.currency} className="grid gap-4 sm:grid-cols-3">
              <p className="self-end pb-2 text-sm font-medium text-slate-800">{p.currency}</p>
              <FormField id={`price-${p.currency}-oneoff`} label={`One-off (${p.currency})`} errors={errors[`prices.${i}.oneOff`]}>
                {(q) => <input {...q} inputMode="decimal" value={p.oneOff} onChange={(e) => setPrice(i, "oneOff", e.target.value)} className={inputClass} />}
              </FormField>
              <FormField id={`price-${p.currency}-recurring`} label={`Monthly (${p.currency})`} errors={errors[`prices.${i}.recurring`]}>
                {(q) => <input {...q} inputMode="decimal" value={p.recurring} onChange={(e) => setPrice(i, "recurring", e.target.value)} className={inputClass} />}
              </FormField>
            </div>
          ))}
        </CardBody>
      </Card>
      <div className="flex items-center justify-end gap-2">
        <ButtonLink href="/catalog" variant="secondary">
          Cancel
        </ButtonLink>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : edit ? "Save offering" : "Add offering"}
        </Button>
      </div>
    </form>
  );
}
