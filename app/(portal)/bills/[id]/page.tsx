import type { Metadata } from "next";
import Link from "next/link";
import { DisputeButton } from "@/components/bills/dispute-button";
import { PaymentForm } from "@/components/bills/payment-form";
import { SplitTable } from "@/components/bills/split-table";
import { Badge, statusTone } from "@/components/ui/badge";
import { DownloadLink } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { requireContext } from "@/lib/auth/principal";
import { billPageParams, lineFilterHref } from "@/lib/billing/page-params";
import { getBill } from "@/lib/billing/queries";
import { PAYMENT_TERMS_LABELS } from "@/lib/contracts/labels";
import { BILL_STATUS_LABELS, DISPUTE_STATUS_LABELS, formatDate, formatMoney, formatPeriod } from "@/lib/format";
import { formatMajorAmount } from "@/lib/money";
import { readForPage } from "@/lib/read";
import { todayIn } from "@/lib/time";

export const metadata: Metadata = { title: "Bill" };

export default async function BillPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { id } = await params;
  const { principal, ability } = await requireContext();
  const { locale, timeZone } = principal;
  // A page rendered without a query (the fuzz calls it so) reads as the first page of all lines.
  const query = billPageParams((await searchParams) ?? {});
  const today = todayIn(timeZone);
  const data = await readForPage((db) => getBill(db, ability, principal, id, { linesPage: query.page, lineFilter: query.filter, today }));
  const { bill, account, legalEntity, lines, change } = data;
  const money = (minor: number) => formatMoney(minor, bill.currency, locale);
  const base = `/bills/${bill.id}`;
  const href = (filter: typeof query.filter, page = 1) => lineFilterHref(base, filter, page);
  const filterName =
    (query.filter.subAccount && data.bySubAccount.find((r) => r.keyId === query.filter.subAccount)?.name) ||
    (query.filter.site && data.bySite.find((r) => r.keyId === query.filter.site)?.name) ||
    (query.filter.offering && data.byOffering.find((r) => r.keyId === query.filter.offering)?.name) ||
    null;
  const previous = change.previousPeriod ? formatPeriod(change.previousPeriod, locale) : null;
  const changeCell = (now: number, before: number | null) => {
    if (before === null) return <span className="text-slate-600">new</span>;
    const delta = now - before;
    if (delta === 0) return <span className="whitespace-nowrap text-slate-600">no change</span>;
    return <span className={delta > 0 ? "whitespace-nowrap text-rose-700" : "whitespace-nowrap text-emerald-700"}>{`${delta > 0 ? "+" : "−"}${money(Math.abs(delta))}`}</span>;
  };

  return (
    <>
      <PageHeader
        title={`${account.name} · ${formatPeriod(bill.periodStart, locale)}`}
        description={`${bill.number} · issued ${formatDate(bill.issuedAt, locale, timeZone)} · due ${formatDate(bill.dueOn, locale)} (${PAYMENT_TERMS_LABELS[bill.paymentTerms]})`}
        breadcrumbs={
          <Link href="/bills" className="hover:text-slate-700">
            Bills
          </Link>
        }
        actions={
          <div className="flex flex-wrap items-center gap-2">
            <span data-testid="bill-state">
              <Badge tone={statusTone(data.state)}>{BILL_STATUS_LABELS[data.state]}</Badge>
            </span>
            {data.can.export ? (
              <>
                <DownloadLink href={`/api/bills/${bill.id}/lines`}>Lines (CSV)</DownloadLink>
                <DownloadLink href={`/api/bills/${bill.id}/pdf`}>Bill (PDF)</DownloadLink>
              </>
            ) : null}
          </div>
        }
      />

      <div className="grid gap-6 md:grid-cols-2 xl:grid-cols-3">
        <Card>
          <CardHeader title="Amount" />
          <CardBody>
            <dl className="space-y-2 text-sm">
              <div className="flex justify-between">
                <dt className="text-slate-600">Net</dt>
                <dd className="tabular-nums">{money(bill.subtotalMinor)}</dd>
              </div>
              <div className="flex justify-between">
                <dt className="text-slate-600">Tax</dt>
                <dd className="tabular-nums">{money(bill.taxMinor)}</dd>
              </div>
              <div className="flex justify-between border-t border-slate-100 pt-2 text-base font-semibold">
                <dt>Total</dt>
                <dd className="tabular-nums" data-testid="bill-total" data-minor={bill.totalMinor}>
                  {money(bill.totalMinor)}
                </dd>
              </div>
              <div className="flex justify-between">
                <dt className="text-slate-600">Paid</dt>
                <dd className="tabular-nums">{money(bill.paidMinor)}</dd>
              </div>
              <div className="flex justify-between font-medium">
                <dt>Still to pay</dt>
                <dd className="tabular-nums">{money(data.balanceMinor)}</dd>
              </div>
              {data.disputedMinor > 0 ? (
                <div className="flex justify-between text-amber-800">
                  <dt>Disputed</dt>
                  <dd className="tabular-nums" data-testid="bill-disputed">
                    {money(data.disputedMinor)}
                  </dd>
                </div>
              ) : null}
            </dl>
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Billed to" />
          <CardBody>
            <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1.5 text-sm [&_dd]:[overflow-wrap:anywhere]">
              <dt className="text-slate-600">Legal entity</dt>
              <dd>{legalEntity?.name ?? "—"}</dd>
              <dt className="text-slate-600">Registration</dt>
              <dd>{legalEntity?.registrationNumber ?? "—"}</dd>
              <dt className="text-slate-600">Tax id</dt>
              <dd>{legalEntity?.taxId ?? "—"}</dd>
              <dt className="text-slate-600">Billing account</dt>
              <dd>
                {account.name}
                {account.code ? <span className="text-slate-600"> ({account.code})</span> : null}
              </dd>
              {account.billToContact ? (
                <>
                  <dt className="text-slate-600">Bill-to contact</dt>
                  <dd>
                    {account.billToContact.name} · {account.billToContact.email}
                  </dd>
                </>
              ) : null}
            </dl>
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Payments" description={data.payments.length === 0 ? "None recorded yet." : undefined} />
          {data.payments.length > 0 ? (
            <ul className="divide-y divide-slate-100 text-sm">
              {data.payments.map((p) => (
                <li key={p.id} className="flex justify-between gap-3 px-5 py-2.5">
                  <span>
                    {formatDate(p.receivedOn, locale)}
                    {p.reference ? <span className="text-slate-600"> · {p.reference}</span> : null}
                  </span>
                  <span className="tabular-nums">{money(p.amountMinor)}</span>
                </li>
              ))}
            </ul>
          ) : null}
          {data.can.recordPayment && data.balanceMinor > 0 ? <PaymentForm key={bill.paidMinor} billId={bill.id} currency={bill.currency} balance={formatMajorAmount(data.balanceMinor, bill.currency)} today={today} /> : null}
        </Card>
      </div>

      <div className="mt-6 grid gap-6 2xl:grid-cols-2">
        <div className="2xl:col-span-2">
          <SplitTable
            title="Split by cost centre"
            keyLabel="Sub-account"
            rows={data.bySubAccount}
            money={money}
            totalMinor={bill.totalMinor}
            lineHref={(key) => `${href({ subAccount: key })}#lines`}
            extra={{
              headers: [previous ? `${previous}` : "Last month", "Change"],
              cells: (r) => {
                const c = change.rows.find((x) => x.keyId === r.keyId);
                return [c?.previousMinor == null ? "—" : money(c.previousMinor), changeCell(r.totalMinor, c?.previousMinor ?? null)];
              },
              footer: (() => {
                const before = change.previousBillId ? change.rows.reduce((s, r) => s + (r.previousMinor ?? 0), 0) : null;
                return [before === null ? "—" : money(before), before === null ? "—" : changeCell(bill.totalMinor, before)];
              })(),
            }}
          />
          {change.rows.some((r) => r.totalMinor === 0) ? (
            <p className="mt-2 text-xs text-slate-600">
              Not on this bill but on {previous}: {change.rows.filter((r) => r.totalMinor === 0).map((r) => `${r.name} (${money(r.previousMinor ?? 0)})`).join(", ")}.
            </p>
          ) : null}
        </div>
        <SplitTable title="Split by site" keyLabel="Site" rows={data.bySite} money={money} totalMinor={bill.totalMinor} lineHref={(key) => `${href({ site: key })}#lines`} />
        <SplitTable title="Split by product" keyLabel="Product" rows={data.byOffering} money={money} totalMinor={bill.totalMinor} lineHref={(key) => `${href({ offering: key })}#lines`} />
      </div>

      <Card className="mt-6" id="lines">
        <CardHeader
          title={filterName ? `Lines for ${filterName}` : "Lines"}
          description={`${lines.total} line${lines.total === 1 ? "" : "s"}. Recurring charges are prorated by days active; each line is rounded once.`}
          action={
            filterName ? (
              <Link href={`${href({})}#lines`} className="text-sm text-brand-700 hover:underline">
                All lines
              </Link>
            ) : undefined
          }
        />
        <Table caption="Bill lines">
          <thead>
            <tr>
              <Th>Description</Th>
              <Th>Cost centre</Th>
              <Th>Site</Th>
              <Th numeric>Qty</Th>
              <Th numeric>Net</Th>
              <Th numeric>Tax</Th>
              <Th>
                <span className="sr-only">Dispute</span>
              </Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {lines.rows.map((line) => (
              <tr key={line.id}>
                <Td>{line.description}</Td>
                <Td>{line.subAccountName}</Td>
                <Td>{line.siteName ?? "—"}</Td>
                <Td numeric>{line.quantity}</Td>
                <Td numeric>{money(line.amountMinor)}</Td>
                <Td numeric>{money(line.taxMinor)}</Td>
                <Td className="text-right">
                  {line.disputeStatus === "open" || line.disputeStatus === "credited" ? (
                    <Badge tone={statusTone(line.disputeStatus)}>{line.disputeStatus === "open" ? "Disputed" : "Credited"}</Badge>
                  ) : data.can.dispute && line.kind !== "adjustment" ? (
                    <DisputeButton lineId={line.id} description={line.description} amount={money(line.amountMinor + line.taxMinor)} />
                  ) : null}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
        {lines.pages > 1 ? (
          <nav aria-label="Pages of lines" className="flex items-center justify-between border-t border-slate-100 px-5 py-3 text-sm">
            <span className="text-slate-600">
              Page {lines.page} of {lines.pages}
            </span>
            <span className="flex gap-3">
              {lines.page > 1 ? (
                <Link href={`${href(query.filter, lines.page - 1)}#lines`} className="text-brand-700 hover:underline">
                  Previous
                </Link>
              ) : null}
              {lines.page < lines.pages ? (
                <Link href={`${href(query.filter, lines.page + 1)}#lines`} className="text-brand-700 hover:underline">
                  Next
                </Link>
              ) : null}
            </span>
          </nav>
        ) : null}
      </Card>

      {data.disputes.length > 0 ? (
        <Card className="mt-6">
          <CardHeader title="Disputes" description="Charges disputed on this bill; a credited dispute is credited on the next bill." />
          <Table caption="Disputes on this bill">
            <thead>
              <tr>
                <Th>Charge</Th>
                <Th>Reason</Th>
                <Th>Raised</Th>
                <Th>Status</Th>
                <Th numeric>Amount</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {data.disputes.map((d) => (
                <tr key={d.id}>
                  <Td>{d.lineDescription}</Td>
                  <Td className="max-w-md whitespace-pre-line">
                    {d.reason}
                    {d.resolution ? <span className="mt-1 block text-slate-600">Resolution: {d.resolution}</span> : null}
                  </Td>
                  <Td>
                    {d.raisedBy ?? "—"} · {formatDate(d.createdAt, locale, timeZone)}
                  </Td>
                  <Td>
                    <Badge tone={statusTone(d.status)}>{DISPUTE_STATUS_LABELS[d.status]}</Badge>
                  </Td>
                  <Td numeric>{money(d.amountMinor + d.taxMinor)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </Card>
      ) : null}
    </>
  );
}
