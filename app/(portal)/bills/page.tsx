import type { Metadata } from "next";
import Link from "next/link";
import { FilterChips } from "@/components/list/filter-chips";
import { ListCard } from "@/components/list/list-card";
import { DateFilter, FilterSelect } from "@/components/list/filter-select";
import { SearchField } from "@/components/list/search-field";
import { SortHeader } from "@/components/list/sort-header";
import { Badge, statusTone } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { Td, Th } from "@/components/ui/table";
import { requireContext } from "@/lib/auth/principal";
import { billFilterChoices, billsList } from "@/lib/billing/list";
import { AGEING_LABELS, BILL_STATUS_LABELS, formatDate, formatMoney, formatPeriod } from "@/lib/format";

export const metadata: Metadata = { title: "Bills" };

export default async function BillsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { principal, ability } = await requireContext();
  const view = await billsList.view({ ability, timeZone: principal.timeZone }, await searchParams, (db, params) => billFilterChoices(db, ability, params));
  const { filterValues: f, extra: choices } = view;
  const { locale } = principal;
  // The billing overview's drill-downs have no control of their own: each shows as a chip that
  // says what the list is narrowed to, is kept when other filters change, and can be removed.
  const chips = [
    f.node ? { key: "node", label: `Under ${choices.node}` } : null,
    f.account ? { key: "account", label: `Billing account ${choices.account}` } : null,
    f.subAccount ? { key: "subAccount", label: `Cost centre ${choices.subAccount}` } : null,
    f.site ? { key: "site", label: `Site ${choices.site}` } : null,
    f.age ? { key: "age", label: `Unpaid, ${AGEING_LABELS[f.age]?.toLowerCase()}` } : null,
    f.open ? { key: "open", label: "Not paid in full" } : null,
  ];
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
        aside={
          ability.can("export", "Bill") && view.total > 0 ? (
            <a href={view.withFilters("/api/bills/lines")} download className="pt-3 text-xs font-medium text-brand-700 hover:underline">
              Export these bills&apos; lines (CSV)
            </a>
          ) : null
        }
        filters={
          <>
            <SearchField value={f.q} label="Search" placeholder="Bill number or billing account" />
            <FilterSelect name="status" label="Status" anyLabel="Any status" value={f.status} options={Object.entries(BILL_STATUS_LABELS).map(([value, label]) => ({ value, label }))} />
            {choices.currencies.length > 1 || f.currency ? (
              <FilterSelect name="currency" label="Currency" anyLabel="Any currency" className="w-36" value={f.currency} options={choices.currencies.map((c) => ({ value: c, label: c }))} />
            ) : null}
            <DateFilter name="from" label="From month" type="month" value={f.from} />
            <DateFilter name="to" label="To month" type="month" value={f.to} />
            <FilterChips view={view} chips={chips} />
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
