"use client";

import { Plus, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button, ButtonLink } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { FormField, inputClass } from "@/components/ui/form-field";
import { toast } from "@/components/ui/toast";
import { createContractAction, updateContractAction } from "@/lib/contracts/actions";
import { MAX_BANDS_PER_ITEM, MAX_PRICE_ITEMS, PAYMENT_TERMS, PAYMENT_TERMS_LABELS, PRICE_CURRENCIES, SLA_TIERS } from "@/lib/contracts/labels";
import type { ContractFormItem, OfferingChoice } from "@/lib/contracts/queries";
import { formatMoney } from "@/lib/format";

export type ContractFormValues = { name: string; slaTier: string; paymentTerms: string; startsOn: string; endsOn: string; note: string; items: ContractFormItem[] };
type Band = ContractFormItem["bands"][number] & { key: string };
type Item = Omit<ContractFormItem, "bands"> & { key: string; bands: Band[] };
type Errors = Record<string, string[] | undefined>;

const newKey = () => crypto.randomUUID();

/**
 * Draft a contract or edit a draft: terms, then price items (offering, currency, one-off and monthly
 * price, committed quantity) with their volume bands. The list price of each offering is shown
 * beside it; the server checks everything again and prices nothing from this form but the draft.
 */
export function ContractForm({
  nodes,
  offerings,
  locale,
  initial,
  edit,
}: {
  nodes?: { id: string; name: string; kind: string }[];
  offerings: OfferingChoice[];
  locale: string;
  initial: ContractFormValues;
  edit?: { id: string; rowVersion: number; label: string };
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [errors, setErrors] = useState<Errors>({});
  const [nodeId, setNodeId] = useState(nodes?.[0]?.id ?? "");
  const [terms, setTerms] = useState({ name: initial.name, slaTier: initial.slaTier, paymentTerms: initial.paymentTerms, startsOn: initial.startsOn, endsOn: initial.endsOn, note: initial.note });
  const [items, setItems] = useState<Item[]>(() => initial.items.map((i) => ({ ...i, key: newKey(), bands: i.bands.map((b) => ({ ...b, key: newKey() })) })));
  const setTerm = (k: keyof typeof terms) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) => setTerms((t) => ({ ...t, [k]: e.target.value }));
  const updateItem = (key: string, patch: Partial<Item>) => setItems((xs) => xs.map((x) => (x.key === key ? { ...x, ...patch } : x)));
  const err = (path: string) => errors[path];

  const save = () =>
    start(async () => {
      setErrors({});
      const fields = { ...terms, items: items.map(({ key: _, bands, ...i }) => ({ ...i, bands: bands.map(({ key: __, ...b }) => b) })) };
      const result = edit ? await updateContractAction({ ...fields, id: edit.id, rowVersion: edit.rowVersion }) : await createContractAction({ ...fields, nodeId });
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        toast.error(edit ? "The draft was not saved" : "The contract was not drafted", { description: result.error });
        return;
      }
      const data = result.data as { id: string; reference?: string; changed?: boolean };
      if (edit && data.changed === false) toast.info("Nothing to save: nothing was changed.");
      else toast.success(edit ? `${edit.label} saved` : `Contract ${data.reference} drafted: a CSP administrator activates it`);
      router.push(`/contracts/${data.id}`);
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
      aria-label={edit ? `Edit ${edit.label}` : "New contract"}
    >
      <Card>
        <CardHeader title="Terms" description="The term, service level and payment terms of the framework agreement." />
        <CardBody className="grid gap-4 sm:grid-cols-2">
          {nodes ? (
            <FormField id="contract-node" label="Customer" errors={err("nodeId")} className="sm:col-span-2">
              {(p) => (
                <select {...p} value={nodeId} onChange={(e) => setNodeId(e.target.value)} className={inputClass}>
                  {nodes.map((n) => (
                    <option key={n.id} value={n.id}>
                      {n.name} ({n.kind === "enterprise" ? "enterprise" : "legal entity"})
                    </option>
                  ))}
                </select>
              )}
            </FormField>
          ) : null}
          <FormField id="contract-name" label="Contract name" errors={err("name")} className="sm:col-span-2">
            {(p) => <input {...p} type="text" value={terms.name} onChange={setTerm("name")} maxLength={200} className={inputClass} />}
          </FormField>
          <FormField id="contract-sla" label="SLA tier" errors={err("slaTier")}>
            {(p) => (
              <select {...p} value={terms.slaTier} onChange={setTerm("slaTier")} className={inputClass}>
                {SLA_TIERS.map((t) => (
                  <option key={t}>{t}</option>
                ))}
              </select>
            )}
          </FormField>
          <FormField id="contract-payment" label="Payment terms" errors={err("paymentTerms")}>
            {(p) => (
              <select {...p} value={terms.paymentTerms} onChange={setTerm("paymentTerms")} className={inputClass}>
                {PAYMENT_TERMS.map((t) => (
                  <option key={t} value={t}>
                    {PAYMENT_TERMS_LABELS[t]}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          <FormField id="contract-starts" label="Starts on" errors={err("startsOn")}>
            {(p) => <input {...p} type="date" value={terms.startsOn} onChange={setTerm("startsOn")} className={inputClass} />}
          </FormField>
          <FormField id="contract-ends" label="Ends on" errors={err("endsOn")}>
            {(p) => <input {...p} type="date" value={terms.endsOn} onChange={setTerm("endsOn")} className={inputClass} />}
          </FormField>
          <FormField id="contract-note" label="Note (optional)" errors={err("note")} className="sm:col-span-2">
            {(p) => <textarea {...p} value={terms.note} onChange={setTerm("note")} rows={2} maxLength={2000} className={inputClass} />}
          </FormField>
        </CardBody>
      </Card>

      <Card>
        <CardHeader title="Price items" description="Negotiated prices override the list prices; a volume band lowers the monthly unit price from a quantity on (counted over everything installed under the contract)." />
        <CardBody className="space-y-5">
          {err("items")?.[0] ? <p className="text-sm text-rose-700">{err("items")![0]}</p> : null}
          {items.length === 0 ? <p className="text-sm text-slate-600">No price items yet: add the offerings this contract prices.</p> : null}
          {items.map((item, i) => {
            const n = i + 1;
            const where = `price item ${n}`;
            const offering = offerings.find((o) => o.id === item.offeringId);
            const list = offering?.listPrices.find((p) => p.currency === item.currency);
            return (
              <fieldset key={item.key} className="rounded-md border border-slate-200 p-4">
                <legend className="px-1 text-sm font-semibold text-slate-800">Price item {n}</legend>
                <div className="grid gap-3 sm:grid-cols-6">
                  <FormField id={`item-${i}-offering`} label="Offering" labelDetail={where} errors={err(`items.${i}.offeringId`)} className="sm:col-span-3">
                    {(p) => (
                      <select {...p} value={item.offeringId} onChange={(e) => updateItem(item.key, { offeringId: e.target.value })} className={inputClass}>
                        <option value="" disabled>
                          Choose an offering…
                        </option>
                        {offerings.map((o) => (
                          <option key={o.id} value={o.id}>
                            {o.name} ({o.code})
                          </option>
                        ))}
                      </select>
                    )}
                  </FormField>
                  <FormField id={`item-${i}-currency`} label="Currency" labelDetail={where} errors={err(`items.${i}.currency`)}>
                    {(p) => (
                      <select {...p} value={item.currency} onChange={(e) => updateItem(item.key, { currency: e.target.value })} className={inputClass}>
                        {PRICE_CURRENCIES.map((c) => (
                          <option key={c}>{c}</option>
                        ))}
                      </select>
                    )}
                  </FormField>
                  <FormField id={`item-${i}-committed`} label="Committed qty" labelDetail={where} errors={err(`items.${i}.committedQuantity`)} className="sm:col-span-2">
                    {(p) => <input {...p} inputMode="numeric" value={item.committedQuantity} onChange={(e) => updateItem(item.key, { committedQuantity: e.target.value })} className={inputClass} />}
                  </FormField>
                  <FormField id={`item-${i}-oneoff`} label="One-off price" labelDetail={where} errors={err(`items.${i}.oneOff`)} className="sm:col-span-2">
                    {(p) => <input {...p} inputMode="decimal" value={item.oneOff} onChange={(e) => updateItem(item.key, { oneOff: e.target.value })} className={inputClass} />}
                  </FormField>
                  <FormField id={`item-${i}-recurring`} label="Monthly price" labelDetail={where} errors={err(`items.${i}.recurring`)} className="sm:col-span-2">
                    {(p) => <input {...p} inputMode="decimal" value={item.recurring} onChange={(e) => updateItem(item.key, { recurring: e.target.value })} className={inputClass} />}
                  </FormField>
                  <p className="self-end pb-2 text-xs text-slate-600 sm:col-span-2">
                    {list ? `List: ${formatMoney(list.oneOffMinor, item.currency, locale)} one-off, ${formatMoney(list.recurringMinor, item.currency, locale)} monthly` : offering ? `No list price in ${item.currency}` : ""}
                  </p>
                </div>
                <div className="mt-3 space-y-2">
                  {item.bands.map((band, j) => (
                    <div key={band.key} className="grid items-end gap-3 sm:grid-cols-6">
                      <FormField id={`item-${i}-band-${j}-min`} label="Band from quantity" labelDetail={`${where}, band ${j + 1}`} errors={err(`items.${i}.bands.${j}.minQuantity`)} className="sm:col-span-2">
                        {(p) => <input {...p} inputMode="numeric" value={band.minQuantity} onChange={(e) => updateItem(item.key, { bands: item.bands.map((b) => (b.key === band.key ? { ...b, minQuantity: e.target.value } : b)) })} className={inputClass} />}
                      </FormField>
                      <FormField id={`item-${i}-band-${j}-recurring`} label="Band monthly price" labelDetail={`${where}, band ${j + 1}`} errors={err(`items.${i}.bands.${j}.recurring`)} className="sm:col-span-2">
                        {(p) => <input {...p} inputMode="decimal" value={band.recurring} onChange={(e) => updateItem(item.key, { bands: item.bands.map((b) => (b.key === band.key ? { ...b, recurring: e.target.value } : b)) })} className={inputClass} />}
                      </FormField>
                      <Button type="button" variant="secondary" className="mb-0.5 w-fit" onClick={() => updateItem(item.key, { bands: item.bands.filter((b) => b.key !== band.key) })}>
                        <Trash2 aria-hidden className="size-4" />
                        Remove band<span className="sr-only"> {j + 1} of {where}</span>
                      </Button>
                    </div>
                  ))}
                </div>
                <div className="mt-3 flex flex-wrap gap-2">
                  <Button type="button" variant="secondary" disabled={item.bands.length >= MAX_BANDS_PER_ITEM} onClick={() => updateItem(item.key, { bands: [...item.bands, { key: newKey(), minQuantity: "", recurring: "" }] })}>
                    <Plus aria-hidden className="size-4" />
                    Add volume band<span className="sr-only"> to {where}</span>
                  </Button>
                  <Button type="button" variant="secondary" onClick={() => setItems((xs) => xs.filter((x) => x.key !== item.key))}>
                    <Trash2 aria-hidden className="size-4" />
                    Remove<span className="sr-only"> {where}</span>
                  </Button>
                </div>
              </fieldset>
            );
          })}
          <Button
            type="button"
            variant="secondary"
            disabled={items.length >= MAX_PRICE_ITEMS}
            onClick={() => setItems((xs) => [...xs, { key: newKey(), offeringId: "", currency: PRICE_CURRENCIES[0], oneOff: "0", recurring: "", committedQuantity: "0", bands: [] }])}
          >
            <Plus aria-hidden className="size-4" />
            Add price item
          </Button>
        </CardBody>
      </Card>

      <div className={cn("flex items-center justify-end gap-2")}>
        <ButtonLink href={edit ? `/contracts/${edit.id}` : "/contracts"} variant="secondary">
          Cancel
        </ButtonLink>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : edit ? "Save draft" : "Draft contract"}
        </Button>
      </div>
    </form>
  );
}
