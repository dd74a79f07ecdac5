import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Plus, Search } from "lucide-react";
import { z } from "zod";
import { getDb } from "@/db/client";
import { SortHeader } from "@/components/sites/sort-header";
import { Badge } from "@/components/ui/badge";
import { Button, ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { Table, Td, Th } from "@/components/ui/table";
import { requireContext } from "@/lib/auth/principal";
import { formatDate } from "@/lib/format";
import { countryName } from "@/lib/sites/countries";
import { searchText } from "@/lib/text";
import { listSites, SITE_PAGE_SIZE, SITE_SORTS, siteFilterOptions } from "@/lib/sites/queries";

export const metadata: Metadata = { title: "Sites" };

const paramsSchema = z.object({
  q: searchText.optional().catch(undefined),
  country: z.string().regex(/^[A-Z]{2}$/).optional().catch(undefined),
  subAccount: z.string().uuid().optional().catch(undefined),
  sort: z.enum(SITE_SORTS).catch("name").default("name"),
  dir: z.enum(["asc", "desc"]).catch("asc").default("asc"),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});

const selectClass = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-1 focus:ring-brand-500";

export default async function SitesPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { principal, ability } = await requireContext();
  if (!ability.can("read", "Site")) notFound();
  const params = paramsSchema.parse(await searchParams);
  const db = await getDb();
  const [{ rows, total }, options] = await Promise.all([
    listSites(db, ability, { q: params.q || undefined, country: params.country, subAccountId: params.subAccount, sort: params.sort, dir: params.dir, page: params.page }),
    siteFilterOptions(db, ability),
  ]);
  const filtered = Boolean(params.q || params.country || params.subAccount);
  const keep = { q: params.q, country: params.country, subAccount: params.subAccount };
  const sortProps = { basePath: "/sites", params: keep, current: params.sort, dir: params.dir };

  return (
    <>
      <PageHeader
        title="Sites"
        description="Addresses and on-site contacts of the places your services are installed."
        actions={
          ability.can("create", "Site") ? (
            <ButtonLink href="/sites/new" variant="primary">
              <Plus aria-hidden className="size-4" />
              New site
            </ButtonLink>
          ) : null
        }
      />
      <form method="get" action="/sites" role="search" aria-label="Filter sites" className="mb-4 flex flex-wrap items-end gap-2">
        <div className="relative min-w-60 flex-1">
          <label htmlFor="sites-q" className="sr-only">
            Search sites
          </label>
          <Search aria-hidden className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-slate-400" />
          <input
            id="sites-q"
            name="q"
            type="search"
            defaultValue={params.q ?? ""}
            placeholder="Search by name, city or postcode"
            className="w-full rounded-md border border-slate-300 bg-white py-1.5 pr-3 pl-8 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-1 focus:ring-brand-500"
          />
        </div>
        <label className="sr-only" htmlFor="sites-country">
          Country
        </label>
        <select id="sites-country" name="country" defaultValue={params.country ?? ""} className={selectClass}>
          <option value="">All countries</option>
          {options.countries.map((c) => (
            <option key={c} value={c}>
              {countryName(c)}
            </option>
          ))}
        </select>
        <label className="sr-only" htmlFor="sites-sub-account">
          Sub-account
        </label>
        <select id="sites-sub-account" name="subAccount" defaultValue={params.subAccount ?? ""} className={selectClass}>
          <option value="">All sub-accounts</option>
          {options.subAccounts.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
        {params.sort !== "name" ? <input type="hidden" name="sort" value={params.sort} /> : null}
        {params.dir !== "asc" ? <input type="hidden" name="dir" value={params.dir} /> : null}
        <Button type="submit" variant="secondary">
          Apply
        </Button>
        {filtered ? (
          <Link href="/sites" className="px-2 py-1.5 text-sm text-slate-500 hover:text-slate-800">
            Clear
          </Link>
        ) : null}
      </form>
      <Card>
        {rows.length === 0 ? (
          <EmptyState
            title={filtered ? "No sites match" : "No sites yet"}
            description={filtered ? "Try another search or clear the filters." : "Sites in your scope will appear here."}
            action={
              !filtered && ability.can("create", "Site") ? (
                <ButtonLink href="/sites/new" variant="primary">
                  New site
                </ButtonLink>
              ) : undefined
            }
          />
        ) : (
          <>
            <Table caption="Sites">
              <thead>
                <tr>
                  <SortHeader {...sortProps} column="name">
                    Site
                  </SortHeader>
                  <Th>Address</Th>
                  <SortHeader {...sortProps} column="city">
                    City
                  </SortHeader>
                  <SortHeader {...sortProps} column="country">
                    Country
                  </SortHeader>
                  <SortHeader {...sortProps} column="subaccount">
                    Sub-account
                  </SortHeader>
                  <Th>Contact</Th>
                  <SortHeader {...sortProps} column="updated">
                    Updated
                  </SortHeader>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {rows.map((s) => (
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
                          {s.contactEmail ? <span className="block text-xs text-slate-500">{s.contactEmail}</span> : null}
                        </>
                      ) : (
                        <span className="text-slate-500">—</span>
                      )}
                    </Td>
                    <Td className="whitespace-nowrap text-slate-600">{formatDate(s.updatedAt, principal.locale, principal.timeZone)}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
            <Pagination page={params.page} pageSize={SITE_PAGE_SIZE} total={total} basePath="/sites" params={{ ...keep, sort: params.sort, dir: params.dir }} />
          </>
        )}
      </Card>
    </>
  );
}
