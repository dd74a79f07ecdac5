import type { Metadata } from "next";
import Link from "next/link";
import { Badge, statusTone } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { requireContext } from "@/lib/auth/principal";
import { formatDateTime, formatMoney, ORDER_STATUS_LABELS } from "@/lib/format";
import { getOrder } from "@/lib/orders/queries";
import { readForPage } from "@/lib/read";

export const metadata: Metadata = { title: "Order" };

export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { principal, ability } = await requireContext();
  const { locale, timeZone } = principal;
  const data = await readForPage((db) => getOrder(db, ability, id));
  const { order } = data;
  const money = (minor: number) => formatMoney(minor, order.currency, locale);
  const timeline: [string, Date | null][] = [
    ["Created", order.createdAt],
    ["Submitted", order.submittedAt],
    ["Decided", order.decidedAt],
    ["Completed", order.completedAt],
    ["Cancelled", order.cancelledAt],
  ];
  return (
    <>
      <PageHeader
        title={`Order ${order.number}`}
        description={`${data.nodeName} · placed by ${data.createdByName}`}
        breadcrumbs={
          <Link href="/orders" className="hover:text-slate-700">
            Orders
          </Link>
        }
        actions={<Badge tone={statusTone(order.status)}>{ORDER_STATUS_LABELS[order.status]}</Badge>}
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card>
            <CardHeader title="Lines" description={`Priced from ${data.contractName} (${data.contractReference}); prices are a snapshot taken when the line was added.`} />
            <Table caption="Order lines">
              <thead>
                <tr>
                  <Th>Product</Th>
                  <Th>Site</Th>
                  <Th>Cost centre</Th>
                  <Th numeric>Qty</Th>
                  <Th numeric>One-off (each)</Th>
                  <Th numeric>Monthly (each)</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {data.lines.map(({ line, offeringName, siteName, subAccountName }) => (
                  <tr key={line.id}>
                    <Td>
                      {offeringName}
                      {line.bandMinQuantity ? <span className="ml-2 text-xs text-slate-500">volume band {line.bandMinQuantity}+</span> : null}
                    </Td>
                    <Td>{siteName}</Td>
                    <Td>{subAccountName}</Td>
                    <Td numeric>{line.quantity}</Td>
                    <Td numeric>{money(line.unitOneOffMinor)}</Td>
                    <Td numeric>{money(line.unitRecurringMinor)}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </Card>
          <Card>
            <CardHeader title="Approvals" description={order.requiredLevels ? `${order.requiredLevels} approval level${order.requiredLevels > 1 ? "s" : ""} required.` : "No approval required."} />
            {data.decisions.length === 0 ? (
              <EmptyState title="No decisions yet" />
            ) : (
              <ul className="divide-y divide-slate-100">
                {data.decisions.map(({ decision, deciderName }) => (
                  <li key={decision.id} className="flex items-start justify-between gap-4 px-5 py-3 text-sm">
                    <div>
                      <p className="font-medium text-slate-800">
                        Level {decision.level}: {deciderName}
                      </p>
                      {decision.comment ? <p className="text-slate-500">“{decision.comment}”</p> : null}
                    </div>
                    <div className="text-right">
                      <Badge tone={statusTone(decision.decision)}>{decision.decision}</Badge>
                      <p className="mt-1 text-xs text-slate-500">{formatDateTime(decision.decidedAt, locale, timeZone)}</p>
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>
        <Card>
          <CardHeader title="Summary" />
          <CardBody>
            <dl className="space-y-3 text-sm">
              <div className="flex justify-between">
                <dt className="text-slate-500">One-off charges</dt>
                <dd className="tabular-nums">{money(order.oneOffTotalMinor)}</dd>
              </div>
              <div className="flex justify-between">
                <dt className="text-slate-500">Monthly charges</dt>
                <dd className="tabular-nums">{money(order.recurringTotalMinor)}</dd>
              </div>
              <div className="flex justify-between border-t border-slate-100 pt-3 font-medium">
                <dt>First-year total</dt>
                <dd className="tabular-nums">{money(order.totalMinor)}</dd>
              </div>
              <div className="flex justify-between">
                <dt className="text-slate-500">Billing account</dt>
                <dd>{data.billingAccountName}</dd>
              </div>
              <div className="flex justify-between">
                <dt className="text-slate-500">PO number</dt>
                <dd className="font-mono text-xs">{order.purchaseOrderNumber ?? "—"}</dd>
              </div>
              {timeline
                .filter(([, at]) => at)
                .map(([label, at]) => (
                  <div key={label} className="flex justify-between">
                    <dt className="text-slate-500">{label}</dt>
                    <dd>{formatDateTime(at, locale, timeZone)}</dd>
                  </div>
                ))}
            </dl>
          </CardBody>
        </Card>
      </div>
    </>
  );
}
