import type { Metadata } from "next";
import Link from "next/link";
import { Mail, MapPin, Pencil, Phone, User } from "lucide-react";
import { Badge, statusTone } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { requireContext } from "@/lib/auth/principal";
import { formatDate, formatMoney, ORDER_STATUS_LABELS } from "@/lib/format";
import { countryName } from "@/lib/sites/countries";
import { getSite } from "@/lib/sites/queries";
import { readForPage } from "@/lib/read";

export const metadata: Metadata = { title: "Site" };

const SERVICE_STATUS: Record<string, string> = { active: "Active", suspended: "Suspended", terminated: "Terminated" };

export default async function SitePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { principal, ability } = await requireContext();
  const { locale, timeZone } = principal;
  const data = await readForPage((db) => getSite(db, ability, id));
  const { site } = data;
  const address = [site.addressLine1, site.addressLine2, site.city, site.region, site.postcode].filter(Boolean) as string[];
  const activeServices = data.services?.filter((s) => s.status !== "terminated").length ?? 0;

  return (
    <>
      <PageHeader
        title={site.name}
        description={
          <span className="inline-flex items-center gap-1.5">
            <MapPin aria-hidden className="size-4 text-slate-400" />
            {site.city}, {countryName(site.countryCode)} · {data.subAccountName}
          </span>
        }
        breadcrumbs={
          <Link href="/sites" className="hover:text-slate-700">
            Sites
          </Link>
        }
        actions={
          data.canEdit ? (
            <ButtonLink href={`/sites/${site.id}/edit`} variant="primary">
              <Pencil aria-hidden className="size-4" />
              Edit site
            </ButtonLink>
          ) : (
            <Badge>Read only</Badge>
          )
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6">
          <Card>
            <CardHeader title="Address" />
            <CardBody>
              <address className="text-sm leading-6 text-slate-800 not-italic" aria-label="Postal address">
                {address.map((line, i) => (
                  <span key={i} className="block">
                    {line}
                  </span>
                ))}
                <span className="block font-medium">{countryName(site.countryCode)}</span>
              </address>
            </CardBody>
          </Card>
          <Card>
            <CardHeader title="Site contact" />
            <CardBody>
              {site.contactName || site.contactEmail || site.contactPhone ? (
                <dl className="space-y-2.5 text-sm" aria-label="Site contact">
                  <div className="flex items-center gap-2">
                    <dt>
                      <User aria-hidden className="size-4 text-slate-400" />
                      <span className="sr-only">Name</span>
                    </dt>
                    <dd className="font-medium text-slate-800" data-testid="contact-name">{site.contactName ?? "—"}</dd>
                  </div>
                  <div className="flex items-center gap-2">
                    <dt>
                      <Mail aria-hidden className="size-4 text-slate-400" />
                      <span className="sr-only">Email</span>
                    </dt>
                    <dd data-testid="contact-email">
                      {site.contactEmail ? (
                        <a href={`mailto:${site.contactEmail}`} className="text-brand-700 hover:underline">
                          {site.contactEmail}
                        </a>
                      ) : (
                        "—"
                      )}
                    </dd>
                  </div>
                  <div className="flex items-center gap-2">
                    <dt>
                      <Phone aria-hidden className="size-4 text-slate-400" />
                      <span className="sr-only">Phone</span>
                    </dt>
                    <dd data-testid="contact-phone">
                      {site.contactPhone ? (
                        <a href={`tel:${site.contactPhone.replace(/[^+0-9]/g, "")}`} className="text-brand-700 hover:underline">
                          {site.contactPhone}
                        </a>
                      ) : (
                        "—"
                      )}
                    </dd>
                  </div>
                </dl>
              ) : (
                <p className="text-sm text-slate-500">No contact recorded.</p>
              )}
            </CardBody>
          </Card>
          <Card>
            <CardHeader title="Belongs to" />
            <CardBody>
              <ol className="space-y-1 text-sm" aria-label="Account path">
                {data.ancestors.map((a) => (
                  <li key={a.id} className="text-slate-500">
                    <Link href={`/accounts/${a.id}`} className="hover:text-slate-800 hover:underline">
                      {a.name}
                    </Link>
                  </li>
                ))}
                <li>
                  <Link href={`/accounts/${site.subAccountId}`} className="font-medium text-brand-700 hover:underline">
                    {data.subAccountName}
                  </Link>
                  <span className="ml-2 text-xs text-slate-500">sub-account</span>
                </li>
              </ol>
              <p className="mt-4 text-xs text-slate-500">Last updated {formatDate(site.updatedAt, locale, timeZone)}</p>
            </CardBody>
          </Card>
        </div>
        <div className="space-y-6 lg:col-span-2">
          {data.services ? (
            <Card>
              <CardHeader title="Services at this site" description={`${activeServices} active service${activeServices === 1 ? "" : "s"} installed here.`} />
              {data.services.length === 0 ? (
                <EmptyState title="No services here yet" description="Services appear once an order for this site is completed." />
              ) : (
                <Table caption="Services at this site">
                  <thead>
                    <tr>
                      <Th>Service</Th>
                      <Th numeric>Quantity</Th>
                      <Th>Status</Th>
                      <Th>Since</Th>
                      <Th numeric>Monthly (each)</Th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {data.services.map((s) => (
                      <tr key={s.id}>
                        <Td className="font-medium text-slate-800">{s.offeringName}</Td>
                        <Td numeric>
                          {s.quantity} <span className="text-xs text-slate-500">{s.unit}</span>
                        </Td>
                        <Td>
                          <Badge tone={s.status === "active" ? "green" : s.status === "suspended" ? "amber" : "neutral"}>{SERVICE_STATUS[s.status] ?? s.status}</Badge>
                        </Td>
                        <Td className="whitespace-nowrap">
                          {formatDate(s.activatedAt, locale, timeZone)}
                          {s.terminatedAt ? <span className="block text-xs text-slate-500">until {formatDate(s.terminatedAt, locale, timeZone)}</span> : null}
                        </Td>
                        <Td numeric>{formatMoney(s.recurringMinor, s.currency, locale)}</Td>
                      </tr>
                    ))}
                  </tbody>
                </Table>
              )}
            </Card>
          ) : null}
          {data.orders ? (
            <Card>
              <CardHeader title="Orders for this site" description="Orders with at least one line delivered here." />
              {data.orders.length === 0 ? (
                <EmptyState title="No orders for this site" />
              ) : (
                <Table caption="Orders for this site">
                  <thead>
                    <tr>
                      <Th>Order</Th>
                      <Th>Status</Th>
                      <Th numeric>Lines here</Th>
                      <Th>Created</Th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {data.orders.map((o) => (
                      <tr key={o.id} className="hover:bg-slate-50">
                        <Td>
                          <Link href={`/orders/${o.id}`} className="font-medium text-brand-700 hover:underline">
                            {o.number}
                          </Link>
                        </Td>
                        <Td>
                          <Badge tone={statusTone(o.status)}>{ORDER_STATUS_LABELS[o.status] ?? o.status}</Badge>
                        </Td>
                        <Td numeric>{o.linesHere}</Td>
                        <Td className="whitespace-nowrap">{formatDate(o.createdAt, locale, timeZone)}</Td>
                      </tr>
                    ))}
                  </tbody>
                </Table>
              )}
            </Card>
          ) : null}
          {!data.services && !data.orders ? (
            <Card>
              <EmptyState title="Nothing else to show" description="Your roles do not include the services or orders at this site." />
            </Card>
          ) : null}
        </div>
      </div>
    </>
  );
}
