import type { Metadata } from "next";
import Link from "next/link";
import { ContractActions } from "@/components/contracts/contract-actions";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { DetailsCard } from "@/components/ui/details-card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { requireContext } from "@/lib/auth/principal";
import { CONTRACT_STATUS_LABELS, CONTRACT_STATUS_TONES, PAYMENT_TERMS_LABELS } from "@/lib/contracts/labels";
import { getContract } from "@/lib/contracts/queries";
import { discountText } from "@/lib/contracts/rules";
import { formatDate, formatDateTime, formatMoney, NODE_KIND_LABELS } from "@/lib/format";
import { readForPage } from "@/lib/read";

export const metadata: Metadata = { title: "Contract" };

export default async function ContractPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { principal, ability } = await requireContext();
  const { locale, timeZone } = principal;
  const data = await readForPage((db) => getContract(db, ability, id));
  const { contract: c } = data;
  const money = (minor: number, currency: string) => formatMoney(minor, currency, locale);
  const label = `${c.reference} version ${c.version}`;

  return (
    <>
      <PageHeader
        title={c.name}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <span>
              {c.reference} · version {c.version} · {data.nodeName}
            </span>
            <Badge tone={CONTRACT_STATUS_TONES[c.status]}>{CONTRACT_STATUS_LABELS[c.status]}</Badge>
          </span>
        }
        breadcrumbs={
          <Link href="/contracts" className="hover:text-slate-700">
            Contracts
          </Link>
        }
        actions={<ContractActions id={c.id} rowVersion={c.rowVersion} label={label} can={data.can} />}
      />
      {data.ownDraft ? (
        <p role="note" className="mb-6 rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          You drafted this version, so you cannot activate it: another CSP administrator reviews and activates it.
        </p>
      ) : null}
      {data.openDraftId && c.status === "active" ? (
        <p role="note" className="mb-6 rounded-md border border-slate-200 bg-white px-4 py-3 text-sm text-slate-700">
          An amendment of this contract is in draft.{" "}
          <Link href={`/contracts/${data.openDraftId}`} className="font-medium text-brand-700 hover:underline">
            Open the draft
          </Link>
        </p>
      ) : null}
      {/* Terms and versions side by side, the price table under them at full width: it has five columns to show. */}
      <div className="space-y-6">
        <div className="grid items-start gap-6 md:grid-cols-2">
          <DetailsCard
            title="Terms"
            facts={[
              ["Customer", `${data.nodeName} (${NODE_KIND_LABELS[data.nodeKind] ?? data.nodeKind}${data.nodeName !== data.enterpriseName ? ` of ${data.enterpriseName}` : ""})`],
              ["Term", `${formatDate(c.startsOn, locale)} – ${formatDate(c.endsOn, locale)}`],
              ["SLA tier", c.slaTier],
              ["Payment terms", PAYMENT_TERMS_LABELS[c.paymentTerms]],
              ["Drafted by", `${data.draftedByName}, ${formatDateTime(c.createdAt, locale, timeZone)}`],
              ["Activated", c.activatedAt ? `${formatDateTime(c.activatedAt, locale, timeZone)} by ${data.activatedByName ?? "—"}` : "Not yet"],
              ...(c.supersededAt ? ([["Superseded", formatDateTime(c.supersededAt, locale, timeZone)]] as [string, string][]) : []),
              ...(c.note ? ([["Note", c.note]] as [string, string][]) : []),
            ]}
          />
          <Card>
            <CardHeader title="Versions" description="Every version of this contract you may read; orders use the active one." />
            <CardBody>
              <ol className="space-y-2 text-sm" aria-label="Version history">
                {data.history.map((h) => (
                  <li key={h.id} className="flex items-center justify-between gap-2">
                    {h.id === c.id ? (
                      <span className="font-medium text-slate-900" aria-current="page">
                        Version {h.version}
                      </span>
                    ) : (
                      <Link href={`/contracts/${h.id}`} className="font-medium text-brand-700 hover:underline">
                        Version {h.version}
                      </Link>
                    )}
                    <span className="flex items-center gap-2 text-xs text-slate-600">
                      {h.activatedAt ? formatDate(h.activatedAt, locale, timeZone) : formatDate(h.createdAt, locale, timeZone)}
                      <Badge tone={CONTRACT_STATUS_TONES[h.status]}>{CONTRACT_STATUS_LABELS[h.status]}</Badge>
                    </span>
                  </li>
                ))}
              </ol>
            </CardBody>
          </Card>
        </div>
        <Card>
          <CardHeader
            title="Prices and commitments"
            description="Negotiated prices against the catalog's list prices; volume bands lower the monthly price from a quantity on. Installed counts every active service under this contract, all versions."
          />
          {data.items.length === 0 ? (
            <EmptyState title="No price items yet" description="A draft needs at least one price item before it can be activated." />
          ) : (
            <Table caption="Prices">
              <thead>
                <tr>
                  <Th>Offering</Th>
                  <Th numeric>One-off</Th>
                  <Th numeric>Monthly</Th>
                  <Th>Volume bands</Th>
                  <Th>Installed against commitment</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {data.items.map((i) => (
                  <tr key={i.id}>
                    <Td>
                      <span className="block font-medium text-slate-800">{i.offeringName}</span>
                      <span className="text-xs text-slate-600">
                        {i.offeringCode} · {i.currency} · per {i.unit}
                      </span>
                    </Td>
                    <Td numeric>
                      <span className="block">{money(i.oneOffMinor, i.currency)}</span>
                      <span className="block whitespace-nowrap text-xs text-slate-600">list {i.listOneOffMinor == null ? "—" : money(i.listOneOffMinor, i.currency)}</span>
                    </Td>
                    <Td numeric>
                      <span className="block font-medium">{money(i.recurringMinor, i.currency)}</span>
                      <span className="block whitespace-nowrap text-xs text-slate-600">list {i.listRecurringMinor == null ? "—" : money(i.listRecurringMinor, i.currency)}</span>
                      {i.recurringVsList && i.recurringVsList.savingMinor !== 0 ? (
                        <span className={`block text-xs ${i.recurringVsList.savingMinor > 0 ? "text-emerald-700" : "text-rose-700"}`}>{discountText(i.recurringVsList.discountBp)}</span>
                      ) : null}
                    </Td>
                    <Td className="text-sm">
                      {i.bands.length === 0 ? (
                        <span className="text-slate-600">—</span>
                      ) : (
                        <ul className="space-y-0.5">
                          {i.bands.map((b) => (
                            <li key={b.minQuantity} className="whitespace-nowrap">
                              from {b.minQuantity}: {money(b.recurringMinor, i.currency)}
                              {i.priceAtVolume.bandMinQuantity === b.minQuantity ? <span className="ml-1 text-xs text-emerald-700">(reached)</span> : null}
                            </li>
                          ))}
                        </ul>
                      )}
                    </Td>
                    <Td className="min-w-44 text-sm">
                      {i.commitment ? (
                        <>
                          <span className="block">
                            {i.consumed} of {i.committedQuantity} committed ({i.commitment.percent} %)
                          </span>
                          <span className="mt-1 block h-1.5 w-full rounded-full bg-slate-100" aria-hidden>
                            <span className={`block h-1.5 rounded-full ${i.commitment.met ? "bg-emerald-500" : "bg-amber-500"}`} style={{ width: `${Math.min(100, i.commitment.percent)}%` }} />
                          </span>
                          <span className={`block text-xs ${i.commitment.met ? "text-emerald-700" : "text-amber-800"}`}>{i.commitment.met ? "Commitment met" : `${i.commitment.shortfall} to go`}</span>
                        </>
                      ) : (
                        <span className="text-slate-600">{i.consumed} installed · no commitment</span>
                      )}
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </Card>
      </div>
    </>
  );
}
