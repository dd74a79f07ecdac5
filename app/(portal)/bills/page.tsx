import type { Metadata } from "next";
import Link from "next/link";
import { ListCard } from "@/components/list/list-card";
import { FilterSelect } from "@/components/list/filter-select";
import { SearchField } from "@/components/list/search-field";
import { SortHeader } from "@/components/list/sort-header";
import { Badge, statusTone } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { Td, Th } from "@/components/ui/table";
import { requireContext } from "@/lib/auth/principal";
import { billsList } from "@/lib/billing/list";
import { BILL_STATUS_LABELS, formatDate, formatMoney, formatPeriod } from "@/lib/format";

export const metadata: Metadata = { title: "Bills" };

export default async function BillsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { principal, ability } = await requireContext();
  const view = await billsList.view({ ability, timeZone: principal.timeZone }, await searchParams);
  const { filterValues: f } = view;
  const { locale } = principal;
  return (
    <>
      <PageHeader title="Bills" description="Monthly bills of the billing accounts in your scope, each in its account's currency." />
      <ListCard
        view={view}
        locale={locale}
        label="Filter bills"
        one="bill"
        many="bills"
        caption="Bills"
        empty={{ title: "No bills yet", description: "Bills of billing accounts in your scope will appear here." }}
        filters={
          <>
            <SearchField value={f.q} label="Search" placeholder="Bill number or billing account" />
            <FilterSelect name="status" label="Status" anyLabel="Any status" value={f.status} options={Object.entries(BILL_STATUS_LABELS).map(([value, label]) => ({ value, label }))} />
          </>
        }
        head={
          <>
            <Th>Bill</Th>
            <SortHeader view={view} keys={[{ key: "account", label: "Billing account" }]} />
            <SortHeader view={view} keys={[{ key: "period", label: "Period" }]} />
            <SortHeader view={view} keys={[{ key: "due", label: "Due" }]} />
            <Th>Status</Th>
            <Th numeric>Net</Th>
            <Th numeric>Tax</Th>
            <SortHeader view={view} keys={[{ key: "total", label: "Total" }]} numeric />
          </>
        }
      >
        {view.rows.map((b) => (
          <tr key={b.id} className="hover:bg-slate-50">
            <Td>
              <Link href={`/bills/${b.id}`} className="font-mono text-xs font-medium text-brand-700 hover:underline">
                {b.number}
              </Link>
            </Td>
            <Td>{b.accountName}</Td>
            <Td>{formatPeriod(b.periodStart, locale)}</Td>
            <Td>{formatDate(b.dueOn, locale)}</Td>
            <Td>
              <Badge tone={statusTone(b.status)}>{BILL_STATUS_LABELS[b.status]}</Badge>
            </Td>
            <Td numeric>{formatMoney(b.subtotalMinor, b.currency, locale)}</Td>
            <Td numeric>{formatMoney(b.taxMinor, b.currency, locale)}</Td>
            <Td numeric className="font-medium">
              {formatMoney(b.totalMinor, b.currency, locale)}
            </Td>
          </tr>
        ))}
      </ListCard>
    </>
  );
}
