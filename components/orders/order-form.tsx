"use client";

import { Plus, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useMemo, useState, useTransition } from "react";
import { Button, ButtonLink } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { toast } from "@/components/ui/toast";
import { formatMoney } from "@/lib/format";
import { createOrderAction, updateOrderAction } from "@/lib/orders/actions";
import type { FormContract, FormSite, FormSubAccount } from "@/lib/orders/queries";
import { unitPrice } from "@/lib/orders/pricing";

type Line = { key: string; offeringId: string; siteId: string; subAccountId: string; quantity: string };
export type OrderFormValues = { contractId: string; purchaseOrderNumber: string; requestedOn: string; note: string; lines: Omit<Line, "key">[] };
type Errors = Record<string, string[] | undefined>;

const input =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-1 focus:ring-brand-500 aria-[invalid=true]:border-rose-400";
const newKey = () => crypto.randomUUID();

function FieldError({ id, messages }: { id: string; messages?: string[] }) {
  return messages?.[0] ? (
    <p id={id} className="mt-1 text-xs text-rose-700">
      {messages[0]}
    </p>
  ) : null;
}

/**
 * The order form (new and edit): a contract in force, then lines of product, site, who bears the
 * cost and quantity. The prices shown are the contract's (with the volume band the quantity would
 * reach) as a preview; the server prices the order itself when it is saved.
 */
export function OrderForm({
  contracts,
  sites,
  subAccounts,
  locale,
  initial,
  edit,
}: {
  contracts: FormContract[];
  sites: FormSite[];
  subAccounts: FormSubAccount[];
  locale: string;
  initial?: OrderFormValues;
  edit?: { orderId: string; rowVersion: number; number: string };
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [requestKey] = useState(newKey);
  const [errors, setErrors] = useState<Errors>({});
  const [contractId, setContractId] = useState(initial?.contractId ?? contracts[0]?.id ?? "");
  const [po, setPo] = useState(initial?.purchaseOrderNumber ?? "");
  const [requestedOn, setRequestedOn] = useState(initial?.requestedOn ?? "");
  const [note, setNote] = useState(initial?.note ?? "");
  const [lines, setLines] = useState<Line[]>(() =>
    initial?.lines.length ? initial.lines.map((l) => ({ ...l, key: newKey() })) : [{ key: newKey(), offeringId: "", siteId: sites[0]?.id ?? "", subAccountId: sites[0]?.subAccountId ?? "", quantity: "1" }],
  );
  const contract = contracts.find((c) => c.id === contractId);
  const money = (minor: number, currency: string) => formatMoney(minor, currency, locale);

  const coveredSites = useMemo(() => sites.filter((s) => contract && s.nodePath.startsWith(contract.nodePath)), [sites, contract]);
  const update = (key: string, patch: Partial<Line>) => setLines((ls) => ls.map((l) => (l.key === key ? { ...l, ...patch } : l)));

  // Preview: the quantity of each offering on this order decides its band, as on the server.
  const onOrder = new Map<string, number>();
  for (const l of lines) onOrder.set(l.offeringId, (onOrder.get(l.offeringId) ?? 0) + (Number.parseInt(l.quantity, 10) || 0));
  const priced = lines.map((l) => {
    const site = sites.find((s) => s.id === l.siteId);
    const item = contract?.items.find((i) => i.offeringId === l.offeringId && i.currency === site?.currency);
    const qty = Number.parseInt(l.quantity, 10) || 0;
    return item && site ? { ...unitPrice(item, item.installed, onOrder.get(l.offeringId) ?? 0), qty, currency: site.currency } : null;
  });
  const currencies = [...new Set(priced.filter(Boolean).map((p) => p!.currency))];

  const save = () =>
    start(async () => {
      setErrors({});
      const fields = {
        contractId,
        purchaseOrderNumber: po,
        requestedOn,
        note,
        lines: lines.map(({ key: _, ...l }) => l),
      };
      const result = edit ? await updateOrderAction({ ...fields, orderId: edit.orderId, rowVersion: edit.rowVersion }) : await createOrderAction({ ...fields, requestKey });
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        toast.error(edit ? "The changes were not saved" : "The order was not saved", { description: result.error });
        return;
      }
      toast.success(edit ? `${edit.number} saved` : `Draft ${"number" in result.data ? result.data.number : ""} saved: check it, then submit it`);
      router.push(`/orders/${result.data.id}`);
      router.refresh();
    });

  if (contracts.length === 0 || sites.length === 0) {
    return (
      <Card>
        <CardBody>
          <p className="text-sm text-slate-700">There is no contract in force for the sites where you may order. Ask your account manager.</p>
        </CardBody>
      </Card>
    );
  }

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
      className="space-y-6"
      aria-label={edit ? `Edit ${edit.number}` : "New order"}
    >
      <Card>
        <CardHeader title="Contract and references" />
        <CardBody className="grid gap-4 sm:grid-cols-2">
          <div className="sm:col-span-2">
            <label htmlFor="order-contract" className="block text-sm font-medium text-slate-700">
              Contract
            </label>
            <select id="order-contract" value={contractId} onChange={(e) => setContractId(e.target.value)} className={input} aria-invalid={Boolean(errors.contractId)} aria-describedby="order-contract-error">
              {contracts.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} ({c.reference}, version {c.version})
                </option>
              ))}
            </select>
            <FieldError id="order-contract-error" messages={errors.contractId} />
          </div>
          <div>
            <label htmlFor="order-po" className="block text-sm font-medium text-slate-700">
              Purchase order number <span className="font-normal text-slate-600">(optional)</span>
            </label>
            <input id="order-po" value={po} onChange={(e) => setPo(e.target.value)} maxLength={40} className={input} aria-invalid={Boolean(errors.purchaseOrderNumber)} aria-describedby="order-po-error" />
            <FieldError id="order-po-error" messages={errors.purchaseOrderNumber} />
          </div>
          <div>
            <label htmlFor="order-date" className="block text-sm font-medium text-slate-700">
              Requested date <span className="font-normal text-slate-600">(optional)</span>
            </label>
            <input id="order-date" type="date" value={requestedOn} onChange={(e) => setRequestedOn(e.target.value)} className={input} aria-invalid={Boolean(errors.requestedOn)} aria-describedby="order-date-error" />
            <FieldError id="order-date-error" messages={errors.requestedOn} />
          </div>
          <div className="sm:col-span-2">
            <label htmlFor="order-note" className="block text-sm font-medium text-slate-700">
              Note for the approvers <span className="font-normal text-slate-600">(optional)</span>
            </label>
            <textarea id="order-note" value={note} onChange={(e) => setNote(e.target.value)} maxLength={1000} rows={2} className={input} />
          </div>
        </CardBody>
      </Card>

      <Card>
        <CardHeader title="Lines" description="One order may cover several sites and cost centres of one billing account." />
        <CardBody className="space-y-4">
          {errors.lines?.[0] ? <p className="text-sm text-rose-700">{errors.lines[0]}</p> : null}
          {lines.map((l, i) => {
            const site = sites.find((s) => s.id === l.siteId);
            const items = contract?.items.filter((it) => it.currency === site?.currency) ?? [];
            const costs = subAccounts.filter((s) => s.billingAccountId === site?.billingAccountId);
            const p = priced[i];
            const err = (f: string) => errors[`lines.${i}.${f}`];
            return (
              <fieldset key={l.key} className="grid gap-3 rounded-md border border-slate-200 p-3 sm:grid-cols-12">
                <legend className="px-1 text-xs font-medium text-slate-600">Line {i + 1}</legend>
                <div className="sm:col-span-3">
                  <label htmlFor={`line-${i}-site`} className="block text-xs font-medium text-slate-700">
                    Site
                  </label>
                  <select
                    id={`line-${i}-site`}
                    value={l.siteId}
                    onChange={(e) => {
                      const s = sites.find((x) => x.id === e.target.value);
                      update(l.key, { siteId: e.target.value, subAccountId: s?.subAccountId ?? "" });
                    }}
                    className={input}
                    aria-invalid={Boolean(err("siteId"))}
                  >
                    {coveredSites.map((s) => (
                      <option key={s.id} value={s.id}>
                        {s.name}
                      </option>
                    ))}
                  </select>
                  <FieldError id={`line-${i}-site-error`} messages={err("siteId")} />
                </div>
                <div className="sm:col-span-4">
                  <label htmlFor={`line-${i}-offering`} className="block text-xs font-medium text-slate-700">
                    Product
                  </label>
                  <select id={`line-${i}-offering`} value={l.offeringId} onChange={(e) => update(l.key, { offeringId: e.target.value })} className={input} aria-invalid={Boolean(err("offeringId"))}>
                    <option value="">Choose a product…</option>
                    {items.map((it) => (
                      <option key={it.offeringId} value={it.offeringId}>
                        {it.name}
                      </option>
                    ))}
                  </select>
                  <FieldError id={`line-${i}-offering-error`} messages={err("offeringId")} />
                </div>
                <div className="sm:col-span-3">
                  <label htmlFor={`line-${i}-cost`} className="block text-xs font-medium text-slate-700">
                    Charged to
                  </label>
                  <select id={`line-${i}-cost`} value={l.subAccountId} onChange={(e) => update(l.key, { subAccountId: e.target.value })} className={input} aria-invalid={Boolean(err("subAccountId"))}>
                    {costs.map((s) => (
                      <option key={s.id} value={s.id}>
                        {s.name}
                      </option>
                    ))}
                  </select>
                  <FieldError id={`line-${i}-cost-error`} messages={err("subAccountId")} />
                </div>
                <div className="sm:col-span-2">
                  <label htmlFor={`line-${i}-qty`} className="block text-xs font-medium text-slate-700">
                    Quantity
                  </label>
                  <input id={`line-${i}-qty`} inputMode="numeric" value={l.quantity} onChange={(e) => update(l.key, { quantity: e.target.value })} className={input} aria-invalid={Boolean(err("quantity"))} aria-describedby={`line-${i}-qty-error`} />
                  <FieldError id={`line-${i}-qty-error`} messages={err("quantity")} />
                </div>
                <div className="flex items-center justify-between gap-2 sm:col-span-12">
                  <p className="text-xs text-slate-600" aria-live="polite">
                    {p ? `${money(p.oneOffMinor, p.currency)} once and ${money(p.recurringMinor, p.currency)} a month each${p.bandMinQuantity ? ` (volume band ${p.bandMinQuantity}+)` : ""}` : "Choose a product to see its contract price."}
                  </p>
                  {lines.length > 1 ? (
                    <Button type="button" variant="ghost" onClick={() => setLines((ls) => ls.filter((x) => x.key !== l.key))}>
                      <Trash2 aria-hidden className="size-4" /> Remove line {i + 1}
                    </Button>
                  ) : null}
                </div>
              </fieldset>
            );
          })}
          <Button type="button" variant="secondary" onClick={() => setLines((ls) => [...ls, { key: newKey(), offeringId: "", siteId: coveredSites[0]?.id ?? "", subAccountId: coveredSites[0]?.subAccountId ?? "", quantity: "1" }])}>
            <Plus aria-hidden className="size-4" /> Add a line
          </Button>
        </CardBody>
      </Card>

      <div className="flex flex-wrap items-center justify-between gap-4">
        <p className="text-sm text-slate-700" aria-live="polite">
          {currencies.map((c) => {
            const ps = priced.filter((p) => p?.currency === c);
            const once = ps.reduce((s, p) => s + p!.oneOffMinor * p!.qty, 0);
            const monthly = ps.reduce((s, p) => s + p!.recurringMinor * p!.qty, 0);
            return (
              <span key={c} className="block">
                Estimate: {money(once, c)} once, {money(monthly, c)} a month; first-year value {money(once + 12 * monthly, c)}
              </span>
            );
          })}
        </p>
        <div className="flex gap-2">
          <ButtonLink href={edit ? `/orders/${edit.orderId}` : "/orders"}>Cancel</ButtonLink>
          <Button type="submit" disabled={pending} aria-busy={pending}>
            {edit ? "Save changes" : "Save draft"}
          </Button>
        </div>
      </div>
    </form>
  );
}
