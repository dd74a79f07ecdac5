import type { Metadata } from "next";
import Link from "next/link";
import { Plus } from "lucide-react";
import { ListCard } from "@/components/list/list-card";
import { FilterSelect } from "@/components/list/filter-select";
import { SearchField } from "@/components/list/search-field";
import { SortHeader } from "@/components/list/sort-header";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { Td, Th } from "@/components/ui/table";
import { requireContext } from "@/lib/auth/principal";
import { CONTRACT_STATUS_LABELS, CONTRACT_STATUS_TONES, PAYMENT_TERMS_LABELS } from "@/lib/contracts/labels";
import { contractsList } from "@/lib/contracts/list";
import { formatDate } from "@/lib/format";

export const metadata: Metadata = { title: "Contracts" };

export default async function ContractsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { principal, ability } = await requireContext();
  const view = await contractsList.view({ ability, timeZone: principal.timeZone }, await searchParams);
  const { filterValues: f } = view;
  const { locale } = principal;
  const canDraft = ability.can("create", "Contract");
  return (
    <>
      <PageHeader
        title="Contracts"
        description="Framework agreements: their terms, negotiated prices and every version, the one in force marked active."
        actions={
          canDraft ? (
            <ButtonLink href="/contracts/new" variant="primary">
              <Plus aria-hidden className="size-4" />
              New contract
            </ButtonLink>
          ) : null
        }
      />
      <ListCard
        view={view}
        locale={locale}
        label="Filter contracts"
        one="contract version"
        many="contract versions"
        caption="Contracts"
        empty={{ title: "No contracts yet", description: "Framework agreements covering your organisation will appear here." }}
        filters={
          <>
            <SearchField value={f.q} label="Search" placeholder="Reference, name or customer" />
            <FilterSelect name="status" label="Status" anyLabel="Any status" value={f.status} options={Object.entries(CONTRACT_STATUS_LABELS).map(([value, label]) => ({ value, label }))} />
          </>
        }
        head={
          <>
            <SortHeader view={view} keys={[{ key: "reference", label: "Reference" }, { key: "name", label: "Name" }]} />
            <SortHeader view={view} keys={[{ key: "customer", label: "Customer" }]} />
            <SortHeader view={view} keys={[{ key: "status", label: "Status" }]} />
            <Th>SLA · payment</Th>
            <SortHeader view={view} keys={[{ key: "ends", label: "Term" }]} />
          </>
        }
      >
        {view.rows.map((c) => (
          <tr key={c.id} className="hover:bg-slate-50">
            {/* The reference over the name, and the SLA over the payment terms: a table that fits a tablet. */}
            <Td>
              <Link href={`/contracts/${c.id}`} className="whitespace-nowrap font-medium text-brand-700 hover:underline">
                {c.reference} <span className="text-slate-600">v{c.version}</span>
              </Link>
              <span className="block text-sm text-slate-700">{c.name}</span>
            </Td>
            <Td>
              {c.nodeName}
              {c.nodeName !== c.enterpriseName ? <span className="block text-xs text-slate-600">{c.enterpriseName}</span> : null}
            </Td>
            <Td>
              <Badge tone={CONTRACT_STATUS_TONES[c.status]}>{CONTRACT_STATUS_LABELS[c.status]}</Badge>
            </Td>
            <Td>
              {c.slaTier}
              <span className="block whitespace-nowrap text-xs text-slate-600">{PAYMENT_TERMS_LABELS[c.paymentTerms]}</span>
            </Td>
            <Td className="text-slate-600">
              {/* The two ends wrap onto two lines where the table is narrow (a tablet), never mid-date. */}
              <span className="whitespace-nowrap">{formatDate(c.startsOn, locale)} –</span> <span className="whitespace-nowrap">{formatDate(c.endsOn, locale)}</span>
            </Td>
          </tr>
        ))}
      </ListCard>
    </>
  );
}
