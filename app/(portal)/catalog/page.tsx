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
            <Th numeric>List price (one-off · monthly)</Th>
            {keeper ? <Th><span className="sr-only">Actions</span></Th> : <Th numeric>Your contract (one-off · monthly)</Th>}
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
              <Td className="whitespace-nowrap text-sm">
                <span className="block">
                  {formatDate(o.validFrom, locale)} – {o.validTo ? formatDate(o.validTo, locale) : "open-ended"}
                </span>
                <Badge tone={available ? "green" : "neutral"}>{available ? "Available" : o.isActive ? "Outside validity" : "Withdrawn"}</Badge>
              </Td>
              <Td numeric className="whitespace-nowrap text-sm">
                {o.prices.map((p) => (
                  <span key={p.currency} className="block">
                    {money(p.oneOffMinor, p.currency)} · {money(p.recurringMinor, p.currency)}
                  </span>
                ))}
              </Td>
              {keeper ? (
                <Td className="text-right">
                  <Link href={`/catalog/${o.id}/edit`} className="font-medium text-brand-700 hover:underline">
                    Edit<span className="sr-only"> {o.name}</span>
                  </Link>
                </Td>
              ) : (
                <Td numeric className="whitespace-nowrap text-sm">
                  {o.negotiated.map((n) => (
                    <span key={`${n.contractId}:${n.currency}`} className="block">
                      <span className="font-medium text-emerald-800">
                        {money(n.oneOffMinor, n.currency)} · {money(n.recurringMinor, n.currency)}
                      </span>{" "}
                      <Link href={`/contracts/${n.contractId}`} className="text-xs text-brand-700 hover:underline">
                        {n.reference}
                      </Link>
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
