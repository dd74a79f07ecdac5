import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { orderStatus } from "@/db/schema";
import { Badge, statusTone } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { Table, Td, Th } from "@/components/ui/table";
import { requireContext } from "@/lib/auth/principal";
import { formatDate, formatMoney, ORDER_STATUS_LABELS } from "@/lib/format";
import { listOrders, ORDER_PAGE_SIZE } from "@/lib/orders/queries";

export const metadata: Metadata = { title: "Orders" };

const paramsSchema = z.object({
  status: z.enum(orderStatus.enumValues).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});

export default async function OrdersPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { principal, ability } = await requireContext();
  if (!ability.can("read", "Order")) notFound();
  const params = paramsSchema.parse(await searchParams);
  const { rows, total } = await listOrders(await getDb(), ability, params);
  const tabs = [undefined, ...orderStatus.enumValues];
  return (
    <>
      <PageHeader title="Orders" description="Orders placed against your contracts, in your scope." />
      <div className="mb-4 flex flex-wrap gap-1" role="navigation" aria-label="Filter by status">
        {tabs.map((s) => (
          <Link
            key={s ?? "all"}
            href={s ? `/orders?status=${s}` : "/orders"}
            aria-current={params.status === s ? "page" : undefined}
            className={cn("rounded-md px-3 py-1 text-sm", params.status === s ? "bg-brand-600 text-white" : "bg-white text-slate-600 ring-1 ring-slate-200 hover:bg-slate-50")}
          >
            {s ? ORDER_STATUS_LABELS[s] : "All"}
          </Link>
        ))}
      </div>
      <Card>
        {rows.length === 0 ? (
          <EmptyState title="No orders" description={params.status ? "No orders with this status in your scope." : "Orders in your scope will appear here."} />
        ) : (
          <>
            <Table caption="Orders">
              <thead>
                <tr>
                  <Th>Order</Th>
                  <Th>For</Th>
                  <Th>PO number</Th>
                  <Th>Placed by</Th>
                  <Th>Created</Th>
                  <Th>Status</Th>
                  <Th numeric>Total (first year)</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {rows.map((o) => (
                  <tr key={o.id} className="hover:bg-slate-50">
                    <Td>
                      <Link href={`/orders/${o.id}`} className="font-medium text-brand-700 hover:underline">
                        {o.number}
                      </Link>
                    </Td>
                    <Td>{o.nodeName}</Td>
                    <Td className="font-mono text-xs">{o.purchaseOrderNumber ?? "—"}</Td>
                    <Td>{o.createdByName}</Td>
                    <Td>{formatDate(o.createdAt, principal.locale, principal.timeZone)}</Td>
                    <Td>
                      <Badge tone={statusTone(o.status)}>{ORDER_STATUS_LABELS[o.status]}</Badge>
                    </Td>
                    <Td numeric>{formatMoney(o.totalMinor, o.currency, principal.locale)}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
            <Pagination page={params.page} pageSize={ORDER_PAGE_SIZE} total={total} basePath="/orders" params={{ status: params.status }} />
          </>
        )}
      </Card>
    </>
  );
}
