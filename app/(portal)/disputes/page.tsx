import type { Metadata } from "next";
import Link from "next/link";
import { ResolveDispute } from "@/components/bills/resolve-dispute";
import { FilterSelect } from "@/components/list/filter-select";
import { ListCard } from "@/components/list/list-card";
import { SearchField } from "@/components/list/search-field";
import { SortHeader } from "@/components/list/sort-header";
import { Badge, statusTone } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { Td, Th } from "@/components/ui/table";
import { requireContext } from "@/lib/auth/principal";
import { DISPUTE_STATUSES, disputesList } from "@/lib/billing/disputes-list";
import { DISPUTE_STATUS_LABELS, formatDate, formatMoney } from "@/lib/format";

export const metadata: Metadata = { title: "Disputes" };

export default async function DisputesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { principal, ability } = await requireContext();
  const view = await disputesList.view({ ability, timeZone: principal.timeZone }, await searchParams);
  const { filterValues: f } = view;
  const { locale, timeZone } = principal;
  return (
    <>
      <PageHeader title="Disputes" description="Charges disputed on bills, open ones first. An accepted dispute is credited on the account's next bill." />
      <ListCard
        view={view}
        locale={locale}
        label="Filter disputes"
        one="dispute"
        many="disputes"
        caption="Disputes"
        empty={{ title: "No disputes", description: "Charges disputed on bills in your scope will appear here." }}
        filters={
          <>
            <SearchField value={f.q} label="Search" placeholder="Bill, account, charge or reason" />
            <FilterSelect name="status" label="Status" anyLabel="Any status" value={f.status} options={DISPUTE_STATUSES.map((value) => ({ value, label: DISPUTE_STATUS_LABELS[value]! }))} />
          </>
        }
        head={
          <>
            <Th>Bill</Th>
            <Th>Charge</Th>
            <Th>Reason</Th>
            <SortHeader view={view} keys={[{ key: "raised", label: "Raised" }]} />
            <SortHeader view={view} keys={[{ key: "status", label: "Status" }]} />
            <SortHeader view={view} keys={[{ key: "amount", label: "Amount" }]} numeric />
            <Th>
              <span className="sr-only">Resolve</span>
            </Th>
          </>
        }
      >
        {view.rows.map((d) => (
          <tr key={d.id} className="align-top hover:bg-slate-50">
            <Td>
              <Link href={`/bills/${d.billId}`} className="font-mono text-xs font-medium text-brand-700 hover:underline">
                {d.billNumber}
              </Link>
              <span className="block text-xs text-slate-600">{d.accountName}</span>
            </Td>
            <Td>{d.description}</Td>
            <Td className="max-w-sm whitespace-pre-line">
              {d.reason}
              {d.resolution ? (
                <span className="mt-1 block text-slate-600">
                  {d.resolvedBy ? `${d.resolvedBy}: ` : ""}
                  {d.resolution}
                </span>
              ) : null}
            </Td>
            <Td>
              {formatDate(d.createdAt, locale, timeZone)}
              <span className="block text-xs text-slate-600">{d.raisedBy ?? "—"}</span>
            </Td>
            <Td>
              <Badge tone={statusTone(d.status)}>{DISPUTE_STATUS_LABELS[d.status]}</Badge>
            </Td>
            <Td numeric>{formatMoney(d.amountMinor + d.taxMinor, d.currency, locale)}</Td>
            <Td className="text-right">{d.canResolve ? <ResolveDispute disputeId={d.id} summary={`${d.description} on ${d.billNumber} (${formatMoney(d.amountMinor + d.taxMinor, d.currency, locale)})`} /> : null}</Td>
          </tr>
        ))}
      </ListCard>
    </>
  );
}
