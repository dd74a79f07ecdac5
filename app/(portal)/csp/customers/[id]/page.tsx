import type { Metadata } from "next";
import Link from "next/link";
import { Eye } from "lucide-react";
import { AttentionBadges, SupportBadge } from "@/components/csp/attention-badges";
import { FilterSelect } from "@/components/list/filter-select";
import { ListCard } from "@/components/list/list-card";
import { SearchField } from "@/components/list/search-field";
import { SortHeader } from "@/components/list/sort-header";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { DetailsCard } from "@/components/ui/details-card";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { RoleBadges } from "@/components/users/role-badges";
import { USER_STATUS_LABELS, UserStatusBadge } from "@/components/users/user-status-badge";
import { requireContext } from "@/lib/auth/principal";
import { RENEWAL_WINDOW_DAYS, STALE_APPROVAL_HOURS } from "@/lib/csp/attention";
import { customerOverview, customerPeople } from "@/lib/csp/customer";
import { formatDate, formatDateTime, formatMoney } from "@/lib/format";
import { readForPage } from "@/lib/read";

export const metadata: Metadata = { title: "Customer" };

type Item = { key: string; href: string | null; label: string; detail: string };

function ItemList({ title, items, total, empty }: { title: string; items: Item[]; total: number; empty: string }) {
  return (
    <section aria-label={title}>
      <h3 className="text-sm font-semibold text-slate-900">
        {title} <span className="font-normal text-slate-500">({total})</span>
      </h3>
      {total === 0 ? (
        <p className="mt-1 text-sm text-slate-500">{empty}</p>
      ) : (
        <ul className="mt-1 space-y-1 text-sm">
          {items.map((i) => (
            <li key={i.key} className="flex flex-wrap justify-between gap-x-3">
              {i.href ? (
                <Link href={i.href} className="font-medium text-brand-700 hover:underline">
                  {i.label}
                </Link>
              ) : (
                <span className="font-medium text-slate-800">{i.label}</span>
              )}
              <span className="text-right text-slate-600 tabular-nums">{i.detail}</span>
            </li>
          ))}
          {/* The rest are counted; a viewer who may not open such items (a CSP administrator and orders) sees the count alone. */}
          {total > items.length ? <li className="text-slate-500">{items.length ? `and ${total - items.length} more` : `${total} in all`}</li> : null}
        </ul>
      )}
    </section>
  );
}

/** One enterprise in the CSP console: figures, account managers, support access, what needs attention, its people. */
export default async function CustomerPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { id } = await params;
  const { principal, ability } = await requireContext();
  const { locale, timeZone } = principal;
  const data = await readForPage((db) => customerOverview(db, ability, id));
  const { customer, figures, entities, attention, managers, support, items, can } = data;
  const people = can.seePeople ? await customerPeople(ability, id, timeZone, await searchParams) : null;
  const date = (d: Date | string | null) => formatDate(d, locale, timeZone);
  // Due dates and contract ends are calendar days, not instants: shown as they are, in no time zone.
  const day = (d: string | null) => formatDate(d, locale);

  return (
    <>
      <PageHeader
        title={customer.name}
        description={`${customer.code ? `${customer.code} · ` : ""}onboarded ${date(customer.createdAt)}`}
        breadcrumbs={
          <Link href="/csp" className="hover:text-slate-700">
            Customers
          </Link>
        }
        actions={can.manageAccountManagers ? <ButtonLink href={`/csp/customers/${id}/account-managers`}>Manage account managers</ButtonLink> : null}
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <DetailsCard
          title="At a glance"
          facts={[
            ["Legal entities", String(figures.legalEntities)],
            ["Billing accounts", `${figures.billingAccounts}${figures.currencies.length ? ` (${figures.currencies.join(", ")})` : ""}`],
            ["Sub-accounts", String(figures.subAccounts)],
            ["Sites", String(figures.sites)],
            ["Active users", String(figures.activeUsers)],
            ["Account managers", managers.length ? managers.map((m) => m.name).join(", ") : "None assigned"],
            ["Support access", <SupportBadge key="support" state={support.state} until={support.writeUntil ? formatDateTime(support.writeUntil, locale, timeZone) : null} />],
          ]}
        />
        <Card className="lg:col-span-2" aria-labelledby="attention-title">
          <CardHeader title={<span id="attention-title">Needs attention</span>} action={<AttentionBadges attention={attention} locale={locale} />} />
          <CardBody className="grid gap-5 sm:grid-cols-2">
            <ItemList
              title={`Approvals waiting over ${STALE_APPROVAL_HOURS} hours`}
              total={attention.staleApprovals}
              empty="None."
              items={items.staleOrders.map((o) => ({ key: o.id, href: `/orders/${o.id}`, label: o.number, detail: `${formatMoney(o.totalMinor, o.currency, locale)} · since ${date(o.since)}` }))}
            />
            <ItemList
              title="Overdue bills"
              total={attention.overdueBills}
              empty="None."
              items={items.overdueBills.map((b) => ({ key: b.id, href: `/bills/${b.id}`, label: b.number, detail: `${formatMoney(b.balanceMinor, b.currency, locale)} · due ${day(b.dueOn)}` }))}
            />
            <ItemList
              title="Open disputes"
              total={attention.openDisputes}
              empty="None."
              items={items.openDisputes.map((d) => ({
                key: d.id,
                // The disputes list, narrowed to this bill, is where a dispute is resolved.
                href: `/disputes?${new URLSearchParams({ status: "open", q: d.billNumber })}`,
                label: d.billNumber,
                detail: `${formatMoney(d.amountMinor, d.currency, locale)} · since ${date(d.since)}`,
              }))}
            />
            <ItemList
              title="Pending invitations"
              total={attention.pendingInvitations}
              empty="None."
              items={items.invited.map((u) => ({ key: u.id, href: `/users/${u.id}`, label: u.name, detail: `${u.email} · invited ${date(u.since)}` }))}
            />
            <ItemList
              title={`Contracts ending within ${RENEWAL_WINDOW_DAYS} days`}
              total={attention.renewals}
              empty="None."
              items={items.renewals.map((c) => ({ key: c.id, href: `/contracts/${c.id}`, label: c.name, detail: `${c.reference} · ends ${day(c.endsOn)}` }))}
            />
          </CardBody>
        </Card>
      </div>
      {entities.length ? (
        <Card className="mt-6" aria-label="Legal entities">
          <CardHeader
            title="Legal entities"
            description={figures.legalEntities > entities.length ? `The first ${entities.length} of ${figures.legalEntities}, by name.` : "Each with its billing accounts and their currencies."}
          />
          <Table caption="Legal entities">
            <thead>
              <tr>
                <Th>Legal entity</Th>
                <Th>Country</Th>
                <Th numeric>Billing accounts</Th>
                <Th>Currencies</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {entities.map((e) => (
                <tr key={e.id} className="hover:bg-slate-50">
                  <Td>
                    <Link href={`/accounts/${e.id}`} className="font-medium text-brand-700 hover:underline">
                      {e.name}
                    </Link>
                  </Td>
                  <Td>{e.countryCode ?? "—"}</Td>
                  <Td numeric>{e.billingAccounts}</Td>
                  <Td>{e.currencies.length ? e.currencies.join(", ") : "—"}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </Card>
      ) : null}
      {people ? (
        <div className="mt-6">
          <ListCard
            view={people}
            locale={locale}
            label="Filter people"
            one="person"
            many="people"
            caption={`People of ${customer.name}`}
            empty={{ title: "No people yet", description: "The enterprise's first admin appears here once invited." }}
            filters={
              <>
                <SearchField value={people.filterValues.q} label="Search people" placeholder="Name or email" />
                <FilterSelect name="status" label="Status" anyLabel="Any status" className="w-40" value={people.filterValues.status} options={Object.entries(USER_STATUS_LABELS).map(([value, label]) => ({ value, label }))} />
              </>
            }
            head={
              <>
                <SortHeader view={people} keys={[{ key: "name", label: "Name" }]} />
                <Th>Unit</Th>
                <Th>Roles</Th>
                <SortHeader view={people} keys={[{ key: "status", label: "Status" }]} />
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </>
            }
          >
            {people.rows.map((u) => (
              <tr key={u.id} className="hover:bg-slate-50">
                <Td>
                  <span className="block font-medium text-slate-900">{u.name}</span>
                  <span className="block text-xs text-slate-600">{u.email}</span>
                </Td>
                <Td className="whitespace-nowrap">{u.unitName ?? "—"}</Td>
                <Td>
                  <RoleBadges roles={u.roles} />
                </Td>
                <Td>
                  <UserStatusBadge status={u.status} />
                </Td>
                <Td className="text-right">
                  {people.viewAs.has(u.id) ? (
                    <Link href={`/csp/impersonate/${u.id}`} className="inline-flex items-center gap-1 text-sm font-medium text-brand-700 hover:underline" aria-label={`View as ${u.name}`}>
                      <Eye aria-hidden className="size-4" />
                      View as
                    </Link>
                  ) : null}
                </Td>
              </tr>
            ))}
          </ListCard>
        </div>
      ) : null}
    </>
  );
}
