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
import { formatDate } from "@/lib/format";
import { countryName } from "@/lib/sites/countries";
import { sitesList } from "@/lib/sites/list";
import { siteFilterOptions } from "@/lib/sites/queries";

export const metadata: Metadata = { title: "Sites" };

export default async function SitesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { principal, ability } = await requireContext();
  const view = await sitesList.view({ ability, timeZone: principal.timeZone }, await searchParams, (db) => siteFilterOptions(db, ability));
  const { filterValues: f, extra: options } = view;
  const { locale, timeZone } = principal;
  const canCreate = ability.can("create", "Site");

  return (
    <>
      <PageHeader
        title="Sites"
        description="Addresses and on-site contacts of the places your services are installed."
        actions={
          canCreate ? (
            <ButtonLink href="/sites/new" variant="primary">
              <Plus aria-hidden className="size-4" />
              New site
            </ButtonLink>
          ) : null
        }
      />
      <ListCard
        view={view}
        locale={locale}
        label="Filter sites"
        one="site"
        many="sites"
        caption="Sites"
        empty={{
              title: "No sites yet",
              description: "Sites in your scope will appear here.",
              action: canCreate ? (
                <ButtonLink href="/sites/new" variant="primary">
                  New site
                </ButtonLink>
              ) : undefined,
            }}
        filters={
          <>
            <SearchField value={f.q} label="Search" placeholder="Name, city or postcode" />
            <FilterSelect name="country" label="Country" anyLabel="All countries" value={f.country} options={options.countries.map((c) => ({ value: c, label: countryName(c) }))} />
            <FilterSelect name="subAccount" label="Sub-account" anyLabel="All sub-accounts" className="w-56" value={f.subAccount} options={options.subAccounts.map((s) => ({ value: s.id, label: s.name }))} />
          </>
        }
        head={
          <>
            <SortHeader view={view} keys={[{ key: "name", label: "Site" }]} />
            <Th>Address</Th>
            <SortHeader view={view} keys={[{ key: "city", label: "City" }]} />
            <SortHeader view={view} keys={[{ key: "country", label: "Country" }]} />
            <SortHeader view={view} keys={[{ key: "subaccount", label: "Sub-account" }]} />
            <Th>Contact</Th>
            <SortHeader view={view} keys={[{ key: "updated", label: "Updated" }]} />
          </>
        }
      >
        {view.rows.map((s) => (
          <tr key={s.id} className="hover:bg-slate-50">
            <Td>
              <Link href={`/sites/${s.id}`} className="font-medium text-brand-700 hover:underline">
                {s.name}
              </Link>
            </Td>
            <Td className="text-slate-600">
              {s.addressLine1}, {s.postcode}
            </Td>
            <Td>{s.city}</Td>
            <Td>
              <span className="inline-flex items-center gap-1.5 whitespace-nowrap">
                <Badge>{s.countryCode}</Badge>
                <span className="text-slate-600">{countryName(s.countryCode)}</span>
              </span>
            </Td>
            <Td>{s.subAccountName}</Td>
            <Td>
              {s.contactName ? (
                <>
                  <span className="block">{s.contactName}</span>
                  {s.contactEmail ? <span className="block text-xs text-slate-600">{s.contactEmail}</span> : null}
                </>
              ) : (
                <span className="text-slate-600">—</span>
              )}
            </Td>
            <Td className="whitespace-nowrap text-slate-600">{formatDate(s.updatedAt, locale, timeZone)}</Td>
          </tr>
        ))}
      </ListCard>
    </>
  );
}
