import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { requireContext } from "@/lib/auth/principal";
import { catalogFor } from "@/lib/catalog/queries";
import { formatDate, formatMoney } from "@/lib/format";
import { read } from "@/lib/read";

export const metadata: Metadata = { title: "Catalog" };

export default async function CatalogPage() {
  const { principal, ability } = await requireContext();
  const { locale } = principal;
  const catalog = await read((db) => catalogFor(db, ability));
  const money = (minor: number, currency: string) => formatMoney(minor, currency, locale);

  if (catalog.manage) {
    return (
      <>
        <PageHeader title="Catalog" description="The products the CSP offers, with their list prices. Contracts price them for each customer." actions={<ButtonLink href="/catalog/new">New offering</ButtonLink>} />
        <Card>
          <Table caption="Offerings">
            <thead>
              <tr>
                <Th>Offering</Th>
                <Th>Category</Th>
                <Th>Orderable</Th>
                <Th>List prices (one-off / monthly)</Th>
                <Th>
                  <span className="sr-only">Edit</span>
                </Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {catalog.offerings.map((o) => (
                <tr key={o.id}>
                  <Td>
                    <p className="font-medium text-slate-900">{o.name}</p>
                    <p className="font-mono text-xs text-slate-600">{o.code}</p>
                  </Td>
                  <Td>{o.category}</Td>
                  <Td>
                    {o.isActive ? (
                      <span>
                        from {formatDate(o.validFrom, locale, "UTC")}
                        {o.validTo ? ` until ${formatDate(o.validTo, locale, "UTC")}` : ""}
                      </span>
                    ) : (
                      <Badge>Withdrawn</Badge>
                    )}
                  </Td>
                  <Td>
                    {o.prices.map((p) => (
                      <p key={p.currency} className="tabular-nums">
                        {money(p.oneOffMinor, p.currency)} / {money(p.recurringMinor, p.currency)}
                      </p>
                    ))}
                  </Td>
                  <Td>
                    <Link href={`/catalog/${o.id}/edit`} className="text-brand-700 hover:underline">
                      Edit<span className="sr-only"> {o.name}</span>
                    </Link>
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </Card>
      </>
    );
  }

  return (
    <>
      <PageHeader title="Catalog" description="What your contracts in force let you order, at the prices negotiated for you." />
      <Card>
        <CardHeader title="Your negotiated prices" />
        {catalog.covered.length === 0 ? (
          <EmptyState title="No contract in force covers you" description="Ask your account manager about a framework contract." />
        ) : (
          <Table caption="Offerings your contracts cover">
            <thead>
              <tr>
                <Th>Offering</Th>
                <Th>Contract</Th>
                <Th numeric>One-off</Th>
                <Th numeric>Monthly</Th>
                <Th numeric>List monthly</Th>
                <Th>Volume bands</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {catalog.covered.map((c) => (
                <tr key={`${c.contract.id}-${c.offering.id}-${c.currency}`}>
                  <Td>
                    <p className="font-medium text-slate-900">{c.offering.name}</p>
                    <p className="text-xs text-slate-600">
                      {c.offering.category} · per {c.offering.unit}
                    </p>
                  </Td>
                  <Td>
                    {c.contract.name} <span className="text-xs text-slate-600">({c.contract.reference})</span>
                  </Td>
                  <Td numeric>{money(c.oneOffMinor, c.currency)}</Td>
                  <Td numeric>{money(c.recurringMinor, c.currency)}</Td>
                  <Td numeric>
                    {c.list ? (
                      <span>
                        <s className="text-slate-600">{money(c.list.recurringMinor, c.currency)}</s>
                        {c.list.recurringMinor > c.recurringMinor ? <span className="ml-1 text-xs text-emerald-700">−{Math.round((100 * (c.list.recurringMinor - c.recurringMinor)) / c.list.recurringMinor)}%</span> : null}
                      </span>
                    ) : (
                      "—"
                    )}
                  </Td>
                  <Td>{c.bands.length ? c.bands.map((b) => `${b.minQuantity}+: ${money(b.recurringMinor, c.currency)}`).join(", ") : "—"}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}
