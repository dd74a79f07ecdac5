import type { Metadata } from "next";
import Link from "next/link";
import { ListCard } from "@/components/list/list-card";
import { DateFilter, FilterSelect } from "@/components/list/filter-select";
import { SearchField } from "@/components/list/search-field";
import { SortHeader } from "@/components/list/sort-header";
import { Badge, statusTone } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { Td, Th } from "@/components/ui/table";
import { requireContext } from "@/lib/auth/principal";
import { formatDate, formatMoney, ORDER_STATUS_LABELS } from "@/lib/format";
import { orderFilterOptions, ordersList } from "@/lib/orders/list";

export const metadata: Metadata = { title: "Orders" };

export default async function OrdersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { principal, ability } = await requireContext();
  const view = await ordersList.view({ ability, timeZone: principal.timeZone }, await searchParams, (db) => orderFilterOptions(db, ability));
  const { filterValues: f, extra: options } = view;
  const { locale, timeZone } = principal;
  return (
    <>
      <PageHeader
        title="Orders"
        description="Orders placed against your contracts, in your scope."
        actions={ability.can("create", "Order") ? <ButtonLink href="/orders/new">New order</ButtonLink> : null}
      />
      <ListCard
        view={view}
        locale={locale}
        label="Filter orders"
        one="order"
        many="orders"
        caption="Orders"
        empty={{ title: "No orders yet", description: "Orders in your scope will appear here." }}
        filters={
          <>
            <SearchField value={f.q} label="Search" placeholder="Order or PO number" />
            <FilterSelect name="status" label="Status" anyLabel="Any status" value={f.status} options={Object.entries(ORDER_STATUS_LABELS).map(([value, label]) => ({ value, label }))} />
            {options.moreSites ? (
              <SearchField name="siteName" value={f.siteName} label="Site" placeholder="Site name" />
            ) : options.sites.length > 0 ? (
              <FilterSelect name="site" label="Site" anyLabel="Any site" value={f.site} options={options.sites} />
            ) : null}
            {options.moreOrderers ? (
              <SearchField name="by" value={f.by} label="Placed by" placeholder="Name or e-mail" />
            ) : (
              <FilterSelect name="orderer" label="Placed by" anyLabel="Anyone" value={f.orderer} options={options.orderers} />
            )}
            <DateFilter name="from" label="Created from" value={f.from} />
            <DateFilter name="to" label="Created until" value={f.to} />
          </>
        }
        head={
          <>
            <SortHeader view={view} keys={[{ key: "number", label: "Order" }]} />
            <Th>For</Th>
            <Th>PO number</Th>
            <Th>Placed by</Th>
            <SortHeader view={view} keys={[{ key: "created", label: "Created" }]} />
            <Th>Status</Th>
            <SortHeader view={view} keys={[{ key: "total", label: "Total (first year)" }]} numeric />
          </>
        }
      >
        {view.rows.map((o) => (
          <tr key={o.id} className="hover:bg-slate-50">
            <Td>
              <Link href={`/orders/${o.id}`} className="font-medium text-brand-700 hover:underline">
                {o.number}
              </Link>
            </Td>
            <Td>{o.nodeName}</Td>
            <Td className="font-mono text-xs">{o.purchaseOrderNumber ?? "—"}</Td>
            <Td>{o.createdByName}</Td>
            <Td>{formatDate(o.createdAt, locale, timeZone)}</Td>
            <Td>
              <Badge tone={statusTone(o.status)}>{ORDER_STATUS_LABELS[o.status]}</Badge>
            </Td>
            <Td numeric>{formatMoney(o.totalMinor, o.currency, locale)}</Td>
          </tr>
        ))}
      </ListCard>
    </>
  );
}
