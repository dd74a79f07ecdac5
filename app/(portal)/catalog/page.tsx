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
import { catalogList, keepsCatalog } from "@/lib/catalog/list";
import { catalogCategories } from "@/lib/catalog/queries";
import { isOfferingAvailable } from "@/lib/contracts/rules";
import { formatDate, formatMoney } from "@/lib/format";
import { todayIn } from "@/lib/time";

export const metadata: Metadata = { title: "Catalog" };

export default async function CatalogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { principal, ability } = await requireContext();
  const view = await catalogList.view({ ability, timeZone: principal.timeZone }, await searchParams, (db) => catalogCategories(db));
  const { filterValues: f, extra: categories } = view;
  const { locale, timeZone } = principal;
  const keeper = keepsCatalog(ability);
  const canCreate = ability.can("create", "Offering");
  const today = todayIn(timeZone);
  const money = (minor: number, currency: string) => formatMoney(minor, currency, locale);
  return (
    <>
      <PageHeader
        title="Catalog"
        description={keeper ? "The CSP's product offerings with their list prices and the period they can be contracted and ordered." : "The offerings your contracts cover, with the prices you negotiated beside the list prices."}
        actions={
          canCreate ? (
            <ButtonLink href="/catalog/new" variant="primary">
              <Plus aria-hidden className="size-4" />
              New offering
            </ButtonLink>
          ) : null
        }
      />
      <ListCard
        view={view}
        locale={locale}
        label="Filter the catalog"
        one="offering"
        many="offerings"
        caption="Catalog"
        empty={{ title: "No offerings", description: keeper ? "Offerings you add appear here." : "Offerings appear here once a contract in force covers them." }}
        filters={
          <>
            <SearchField value={f.q} label="Search" placeholder="Name, code or description" />
            <FilterSelect name="category" label="Category" anyLabel="All categories" value={f.category} options={categories.map((c) => ({ value: c, label: c }))} />
            <FilterSelect name="availability" label="Availability" anyLabel="Any" value={f.availability} options={[{ value: "available", label: "Available today" }, { value: "withdrawn", label: "Not available today" }]} />
          </>
        }
        head={
          <>
            <SortHeader view={view} keys={[{ key: "name", label: "Offering" }, { key: "code", label: "Code" }]} />
            <SortHeader view={view} keys={[{ key: "category", label: "Category" }]} />
            <SortHeader view={view} keys={[{ key: "validTo", label: "Validity" }]} />
            <Th numeric>List price</Th>
            {keeper ? (
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            ) : (
              <Th numeric>Your contract</Th>
            )}
          </>
        }
      >
        {view.rows.map((o) => {
          const available = isOfferingAvailable(o, today);
          return (
            <tr key={o.id} className="align-top hover:bg-slate-50">
              <Td>
                <span className="block font-medium text-slate-800">{o.name}</span>
                <span className="block text-xs text-slate-600">
                  {o.code} · per {o.unit}
                </span>
                {o.description ? <span className="block max-w-md text-xs text-slate-600">{o.description}</span> : null}
              </Td>
              <Td>{o.category}</Td>
              <Td className="text-sm">
                {/* The two ends wrap onto two lines where the table is narrow (a tablet), never mid-date. */}
                <span className="block">
                  <span className="whitespace-nowrap">{formatDate(o.validFrom, locale)} –</span> <span className="whitespace-nowrap">{o.validTo ? formatDate(o.validTo, locale) : "open-ended"}</span>
                </span>
                <Badge tone={available ? "green" : "neutral"}>{available ? "Available" : o.isActive ? "Outside validity" : "Withdrawn"}</Badge>
              </Td>
              <Td numeric className="text-sm">
                <Prices prices={o.prices} money={money} />
              </Td>
              {keeper ? (
                <Td className="text-right">
                  <Link href={`/catalog/${o.id}/edit`} className="font-medium text-brand-700 hover:underline">
                    Edit<span className="sr-only"> {o.name}</span>
                  </Link>
                </Td>
              ) : (
                <Td numeric className="text-sm">
                  {/* Per contract: its reference over its prices, so the cell is as narrow as a price. */}
                  {byContract(o.negotiated).map(({ contractId, reference, prices }) => (
                    <span key={contractId} className="block">
                      <Link href={`/contracts/${contractId}`} className="block text-xs text-brand-700 hover:underline">
                        {reference}
                      </Link>
                      <Prices prices={prices} money={money} negotiated />
                    </span>
                  ))}
                </Td>
              )}
            </tr>
          );
        })}
      </ListCard>
    </>
  );
}

/**
 * Prices in each currency, the monthly one over the one-off one (stacked, not side by side, so
 * the price columns stay narrow enough for a tablet).
 */
function Prices({ prices, money, negotiated = false }: { prices: { currency: string; oneOffMinor: number; recurringMinor: number }[]; money: (minor: number, currency: string) => string; negotiated?: boolean }) {
  return prices.map((p) => (
    <span key={p.currency} className="block whitespace-nowrap py-0.5">
      <span className={negotiated ? "block font-medium text-emerald-800" : "block"}>
        {money(p.recurringMinor, p.currency)}
        <span className="text-xs font-normal text-slate-600"> /month</span>
      </span>
      <span className="block text-xs text-slate-600">{money(p.oneOffMinor, p.currency)} one-off</span>
    </span>
  ));
}

/** Negotiated prices grouped by their contract, in the order they come (by reference, then currency). */
function byContract<T extends { contractId: string; reference: string }>(prices: T[]): { contractId: string; reference: string; prices: T[] }[] {
  const groups = new Map<string, { contractId: string; reference: string; prices: T[] }>();
  for (const p of prices) {
    const group = groups.get(p.contractId) ?? { contractId: p.contractId, reference: p.reference, prices: [] };
    group.prices.push(p);
    groups.set(p.contractId, group);
  }
  return [...groups.values()];
}
