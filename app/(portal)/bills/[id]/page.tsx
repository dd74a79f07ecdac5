import type { Metadata } from "next";
import Link from "next/link";
import { Badge, statusTone } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { requireContext } from "@/lib/auth/principal";
import { getBill } from "@/lib/billing/queries";
import { BILL_STATUS_LABELS, formatDate, formatMoney, formatPeriod } from "@/lib/format";
import { readForPage } from "@/lib/read";

export const metadata: Metadata = { title: "Bill" };

export default async function BillPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { principal, ability } = await requireContext();
  const { locale } = principal;
  const data = await readForPage((db) => getBill(db, ability, id));
  const { bill } = data;
  const money = (minor: number) => formatMoney(minor, bill.currency, locale);
  return (
    <>
      <PageHeader
        title={`${data.accountName} · ${formatPeriod(bill.periodStart, locale)}`}
        description={`${bill.number} · issued ${formatDate(bill.issuedAt, locale)} · due ${formatDate(bill.dueOn, locale)}`}
        breadcrumbs={
          <Link href="/bills" className="hover:text-slate-700">
            Bills
          </Link>
        }
        actions={<Badge tone={statusTone(data.state)}>{BILL_STATUS_LABELS[data.state]}</Badge>}
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <CardHeader title="Charges" description="Recurring charges are prorated by days active; each line is rounded once." />
          <Table caption="Bill lines">
            <thead>
              <tr>
                <Th>Description</Th>
                <Th>Cost centre</Th>
                <Th>Site</Th>
                <Th numeric>Qty</Th>
                <Th numeric>Net</Th>
                <Th numeric>Tax</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {data.lines.map(({ line, subAccountName, siteName }) => (
                <tr key={line.id}>
                  <Td>{line.description}</Td>
                  <Td>{subAccountName}</Td>
                  <Td>{siteName ?? "—"}</Td>
                  <Td numeric>{line.quantity}</Td>
                  <Td numeric>{money(line.amountMinor)}</Td>
                  <Td numeric>{money(line.taxMinor)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </Card>
        <div className="space-y-6">
          <Card>
            <CardHeader title="Total" />
            <CardBody>
              <dl className="space-y-2 text-sm">
                <div className="flex justify-between">
                  <dt className="text-slate-500">Net</dt>
                  <dd className="tabular-nums">{money(bill.subtotalMinor)}</dd>
                </div>
                <div className="flex justify-between">
                  <dt className="text-slate-500">Tax</dt>
                  <dd className="tabular-nums">{money(bill.taxMinor)}</dd>
                </div>
                <div className="flex justify-between border-t border-slate-100 pt-2 text-base font-semibold">
                  <dt>Total</dt>
                  <dd className="tabular-nums">{money(bill.totalMinor)}</dd>
                </div>
              </dl>
            </CardBody>
          </Card>
          <Card>
            <CardHeader title="Split by cost centre" />
            <Table caption="Split by sub-account">
              <thead>
                <tr>
                  <Th>Sub-account</Th>
                  <Th numeric>Total</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {data.bySubAccount.map((s) => (
                  <tr key={s.subAccountId}>
                    <Td>{s.name}</Td>
                    <Td numeric>{money(s.amountMinor + s.taxMinor)}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </Card>
        </div>
      </div>
    </>
  );
}
