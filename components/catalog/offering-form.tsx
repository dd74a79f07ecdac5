"use client";

import { Plus, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button, ButtonLink } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { toast } from "@/components/ui/toast";
import { createOfferingAction, updateOfferingAction } from "@/lib/catalog/actions";

export type OfferingFormValues = {
  code: string;
  name: string;
  description: string;
  category: string;
  unit: string;
  validFrom: string;
  validTo: string;
  isActive: boolean;
  prices: { currency: string; oneOff: string; monthly: string }[];
};

const input =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-1 focus:ring-brand-500 aria-[invalid=true]:border-rose-400";

/** An offering of the catalog, with its list prices per currency (CSP staff). */
export function OfferingForm({ initial, id }: { initial: OfferingFormValues; id?: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [v, setV] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string[] | undefined>>({});
  const set = (patch: Partial<OfferingFormValues>) => setV((x) => ({ ...x, ...patch }));
  const field = (name: keyof OfferingFormValues, label: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <div>
      <label htmlFor={`offering-${name}`} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <input id={`offering-${name}`} value={String(v[name] ?? "")} onChange={(e) => set({ [name]: e.target.value })} className={input} aria-invalid={Boolean(errors[name])} aria-describedby={`offering-${name}-error`} {...props} />
      {errors[name] ? (
        <p id={`offering-${name}-error`} className="mt-1 text-xs text-rose-700">
          {errors[name]![0]}
        </p>
      ) : null}
    </div>
  );

  const save = () =>
    start(async () => {
      setErrors({});
      const result = id ? await updateOfferingAction({ ...v, id }) : await createOfferingAction(v);
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        return void toast.error("The offering was not saved", { description: result.error });
      }
      toast.success(`${v.name} saved`);
      router.push("/catalog");
      router.refresh();
    });

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
      className="space-y-6"
      aria-label={id ? `Edit ${initial.name}` : "New offering"}
    >
      <Card>
        <CardHeader title="Offering" />
        <CardBody className="grid gap-4 sm:grid-cols-2">
          {field("code", "Code", { readOnly: Boolean(id), className: `${input} read-only:bg-slate-50` })}
          {field("name", "Name", { maxLength: 120 })}
          {field("category", "Category", { maxLength: 60 })}
          {field("unit", "Unit (line, device, SIM…)", { maxLength: 30 })}
          <div className="sm:col-span-2">{field("description", "Description", { maxLength: 500 })}</div>
          {field("validFrom", "Orderable from", { type: "date" })}
          {field("validTo", "Orderable until (optional)", { type: "date" })}
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <input type="checkbox" checked={v.isActive} onChange={(e) => set({ isActive: e.target.checked })} className="size-4" />
            Can be put on contracts and ordered
          </label>
        </CardBody>
      </Card>
      <Card>
        <CardHeader title="List prices" description="Before any negotiation: contracts set their own prices, and orders keep the price they were placed at." />
        <CardBody className="space-y-3">
          {/* A problem of the list as a whole; a field's own problem shows at the field. */}
          {errors.prices && !Object.keys(errors).some((k) => k.startsWith("prices.")) ? <p className="text-sm text-rose-700">{errors.prices[0]}</p> : null}
          {v.prices.map((p, i) => (
            <fieldset key={i} className="grid gap-3 sm:grid-cols-4">
              <legend className="sr-only">Price {i + 1}</legend>
              {(["currency", "oneOff", "monthly"] as const).map((k) => (
                <div key={k}>
                  <label htmlFor={`price-${i}-${k}`} className="block text-xs font-medium text-slate-700">
                    {k === "currency" ? "Currency" : k === "oneOff" ? "One-off" : "Monthly"}
                  </label>
                  <input
                    id={`price-${i}-${k}`}
                    value={p[k]}
                    maxLength={k === "currency" ? 3 : 20}
                    onChange={(e) => set({ prices: v.prices.map((x, j) => (j === i ? { ...x, [k]: e.target.value } : x)) })}
                    className={input}
                    aria-invalid={Boolean(errors[`prices.${i}.${k}`])}
                  />
                  {errors[`prices.${i}.${k}`] ? <p className="mt-1 text-xs text-rose-700">{errors[`prices.${i}.${k}`]![0]}</p> : null}
                </div>
              ))}
              <div className="flex items-end">
                {v.prices.length > 1 ? (
                  <Button type="button" variant="ghost" onClick={() => set({ prices: v.prices.filter((_, j) => j !== i) })}>
                    <Trash2 aria-hidden className="size-4" /> Remove {p.currency || `price ${i + 1}`}
                  </Button>
                ) : null}
              </div>
            </fieldset>
          ))}
          <Button type="button" variant="secondary" onClick={() => set({ prices: [...v.prices, { currency: "", oneOff: "0", monthly: "0" }] })}>
            <Plus aria-hidden className="size-4" /> Add a currency
          </Button>
        </CardBody>
      </Card>
      <div className="flex justify-end gap-2">
        <ButtonLink href="/catalog">Cancel</ButtonLink>
        <Button type="submit" disabled={pending} aria-busy={pending}>
          Save offering
        </Button>
      </div>
    </form>
  );
}
