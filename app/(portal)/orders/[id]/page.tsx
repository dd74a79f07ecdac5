import type { Metadata } from "next";
import Link from "next/link";
import { DecisionForm } from "@/components/orders/decision-form";
import { OrderActions } from "@/components/orders/order-actions";
import { OrderTimeline } from "@/components/orders/order-timeline";
import { Badge, statusTone } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { requireContext } from "@/lib/auth/principal";
import { formatDate, formatDateTime, formatMoney, ORDER_STATUS_LABELS } from "@/lib/format";
import { getOrder } from "@/lib/orders/queries";
import { readForPage } from "@/lib/read";

export const metadata: Metadata = { title: "Order" };

export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { principal, ability } = await requireContext();
  const { locale, timeZone } = principal;
  const data = await readForPage((db) => getOrder(db, ability, principal.userId, id));
  const { order, route } = data;
  const money = (minor: number) => formatMoney(minor, order.currency, locale);
  const thresholds = route?.policy?.thresholdsMinor.map(money).join(" and ");

  return (
    <>
      <PageHeader
        title={
          <span className="flex items-center gap-3">
            Order {order.number} <Badge tone={statusTone(order.status)}>{ORDER_STATUS_LABELS[order.status]}</Badge>
          </span>
        }
        description={`${data.nodeName} · placed by ${data.createdByName} · ${data.contractName} (${data.contractReference}, version ${data.contractVersion})`}
        breadcrumbs={
          <Link href="/orders" className="hover:text-slate-700">
            Orders
          </Link>
        }
        actions={<OrderActions orderId={order.id} number={order.number} rowVersion={order.rowVersion} can={data.can} />}
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card>
            <CardHeader title="Lines" description="Every price is the contract's, taken when the order was saved and again when it was submitted." />
            <Table caption="Order lines">
              <thead>
                <tr>
                  <Th>Product</Th>
                  <Th>Site</Th>
                  <Th>Charged to</Th>
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
                      {line.bandMinQuantity ? <span className="ml-2 text-xs text-slate-600">volume band {line.bandMinQuantity}+</span> : null}
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

          <Card aria-labelledby="approval-route">
            <CardHeader
              title={<span id="approval-route">Approval route</span>}
              description={
                route?.policy
                  ? `${route.policy.nodeName}'s ${order.currency} policy: a level for each of ${thresholds} the first-year value exceeds; a level waiting ${route.policy.escalationHours} hours goes up the tree.`
                  : `No approval policy applies in ${order.currency}; only the orderer's spend limit can ask for a level.`
              }
            />
            <CardBody>
              {order.status === "draft" ? (
                <p className="text-sm text-slate-600">The levels are set when the order is submitted.</p>
              ) : order.requiredLevels === 0 ? (
                <p className="text-sm text-slate-600">No approval was needed.</p>
              ) : (
                <ol className="space-y-3 text-sm">
                  {Array.from({ length: order.requiredLevels }, (_, i) => i + 1).map((level) => {
                    const decided = data.decisions.find((d) => d.decision.level === level);
                    return (
                      <li key={level} className="flex flex-wrap items-start justify-between gap-2">
                        <div>
                          <p className="font-medium text-slate-800">Level {level}</p>
                          {decided ? (
                            <p className="text-slate-700">
                              {decided.decision.decision === "approved" ? "Approved" : "Rejected"} by {decided.deciderName}
                              {decided.onBehalfOfName ? ` for ${decided.onBehalfOfName}` : ""} on {formatDateTime(decided.decision.decidedAt, locale, timeZone)}
                              {decided.decision.comment ? <span className="block text-slate-600">“{decided.decision.comment}”</span> : null}
                            </p>
                          ) : level === data.waitingLevel && route ? (
                            <div className="text-slate-700">
                              <p>
                                Waiting{route.escalatesAt ? `; goes up the tree at ${formatDateTime(route.escalatesAt, locale, timeZone)} if undecided` : ""}. Who may decide it:
                              </p>
                              {route.eligible.length === 0 ? (
                                <p className="text-amber-800">No approver in scope has a high enough {order.currency} limit yet.</p>
                              ) : (
                                <ul className="mt-1 list-disc pl-5">
                                  {route.eligible.map((e) => (
                                    <li key={e.name}>
                                      {e.name} <span className="text-slate-600">({e.scopeName})</span>
                                      {e.routed ? <Badge tone="blue" className="ml-2">asked</Badge> : null}
                                      {e.away ? <span className="ml-2 text-slate-600">{e.away}</span> : null}
                                    </li>
                                  ))}
                                </ul>
                              )}
                            </div>
                          ) : (
                            <p className="text-slate-600">{order.status === "pending_approval" ? "After the level before it." : "Not decided."}</p>
                          )}
                        </div>
                        {decided ? <Badge tone={statusTone(decided.decision.decision)}>{decided.decision.decision}</Badge> : null}
                      </li>
                    );
                  })}
                </ol>
              )}
            </CardBody>
            {data.can.decide && data.waitingLevel ? <DecisionForm orderId={order.id} level={data.waitingLevel} levels={order.requiredLevels} forName={data.standsInFor} /> : null}
          </Card>

          <Card>
            <CardHeader title="Timeline" description="Every step of this order: who did it, and when." />
            <OrderTimeline events={data.events.map((e) => ({ ...e.event, actorName: e.actorName, onBehalfOfName: e.onBehalfOfName }))} locale={locale} timeZone={timeZone} money={money} />
          </Card>
        </div>

        <Card>
          <CardHeader title="Summary" />
          <CardBody>
            <dl className="space-y-3 text-sm">
              <div className="flex justify-between gap-4">
                <dt className="text-slate-600">One-off charges</dt>
                <dd className="tabular-nums">{money(order.oneOffTotalMinor)}</dd>
              </div>
              <div className="flex justify-between gap-4">
                <dt className="text-slate-600">Monthly charges</dt>
                <dd className="tabular-nums">{money(order.recurringTotalMinor)}</dd>
              </div>
              <div className="flex justify-between gap-4 border-t border-slate-100 pt-3 font-medium">
                <dt>First-year value ({order.currency})</dt>
                <dd className="tabular-nums">{money(order.totalMinor)}</dd>
              </div>
              <div className="flex justify-between gap-4">
                <dt className="text-slate-600">Billing account</dt>
                <dd className="text-right">{data.billingAccountName}</dd>
              </div>
              <div className="flex justify-between gap-4">
                <dt className="text-slate-600">PO number</dt>
                <dd className="font-mono text-xs">{order.purchaseOrderNumber ?? "—"}</dd>
              </div>
              <div className="flex justify-between gap-4">
                <dt className="text-slate-600">Requested for</dt>
                <dd>{order.requestedOn ? formatDate(order.requestedOn, locale, "UTC") : "As soon as possible"}</dd>
              </div>
              {order.note ? (
                <div>
                  <dt className="text-slate-600">Note</dt>
                  <dd className="mt-1 whitespace-pre-line">{order.note}</dd>
                </div>
              ) : null}
            </dl>
          </CardBody>
        </Card>
      </div>
    </>
  );
}
