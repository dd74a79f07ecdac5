import type { Metadata } from "next";
import Link from "next/link";
import { Badge, statusTone } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { AGEING_BUCKETS } from "@/lib/billing/state";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireContext } from "@/lib/auth/principal";
import { dashboardFor } from "@/lib/dashboard/queries";
import { AGEING_LABELS, BILL_STATUS_LABELS, formatDate, formatMoney, formatPeriod, ORDER_STATUS_LABELS } from "@/lib/format";
import { read } from "@/lib/read";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const { principal, ability } = await requireContext();
  const { locale, timeZone } = principal;
  const data = await read((db) => dashboardFor(db, ability));
  const firstName = principal.name.split(" ")[0];

  const stats = [
    data.awaitingApproval && data.counts && { label: "Awaiting your approval", value: data.counts.awaiting, href: "/orders?status=pending_approval" },
    data.counts && { label: "Open orders", value: data.counts.open, href: "/orders", hint: "Submitted, pending, approved or in progress" },
    data.latestBills?.[0] && {
      label: "Latest bill",
      value: formatMoney(data.latestBills[0].totalMinor, data.latestBills[0].currency, locale),
      href: `/bills/${data.latestBills[0].id}`,
      hint: `${data.latestBills[0].accountName} · ${formatPeriod(data.latestBills[0].periodStart, locale)}`,
    },
    data.userCount && { label: "Active users", value: data.userCount.active, href: "/users", hint: `${data.userCount.total} in total` },
  ].filter(Boolean) as { label: string; value: number | string; href: string; hint?: string }[];

  return (
    <>
      <PageHeader title={`Good to see you, ${firstName}`} description="What needs your attention in your part of the organisation." />
      {stats.length > 0 ? (
        <div className="mb-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          {stats.map((s) => (
            <Link key={s.label} href={s.href} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm hover:border-brand-500">
              <p className="text-sm text-slate-500">{s.label}</p>
              <p className="mt-1 text-2xl font-semibold tabular-nums text-slate-900">{s.value}</p>
              {s.hint ? <p className="mt-0.5 text-xs text-slate-500">{s.hint}</p> : null}
            </Link>
          ))}
        </div>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-2">
        {data.awaitingApproval ? (
          <Card aria-label="Orders awaiting approval">
            <CardHeader title="Orders awaiting your approval" description="Within your approval limit and scope." />
            {data.awaitingApproval.length === 0 ? (
              <EmptyState title="Nothing to approve" description="Orders that need your decision will appear here." />
            ) : (
              <OrderList orders={data.awaitingApproval} locale={locale} timeZone={timeZone} />
            )}
          </Card>
        ) : null}
        {data.recentOrders ? (
          <Card aria-label="Recent orders">
            <CardHeader title="Recent orders" action={<Link href="/orders" className="text-sm font-medium text-brand-600 hover:text-brand-700">View all</Link>} />
            {data.recentOrders.length === 0 ? (
              <EmptyState title="No orders yet" />
            ) : (
              <OrderList orders={data.recentOrders} locale={locale} timeZone={timeZone} />
            )}
          </Card>
        ) : null}
        {data.latestBills ? (
          <Card aria-label="Latest bills">
            <CardHeader title="Latest bills" action={<Link href="/bills" className="text-sm font-medium text-brand-600 hover:text-brand-700">View all</Link>} />
            {data.latestBills.length === 0 ? (
              <EmptyState title="No bills yet" />
            ) : (
              <ul className="divide-y divide-slate-100">
                {data.latestBills.map((b) => (
                  <li key={b.id}>
                    <Link href={`/bills/${b.id}`} className="flex items-center justify-between gap-4 px-5 py-3 hover:bg-slate-50">
                      <div className="min-w-0">
                        <p className="truncate text-sm font-medium text-slate-900">{b.accountName} · {formatPeriod(b.periodStart, locale)}</p>
                        <p className="text-xs text-slate-500">{b.number} · due {formatDate(b.dueOn, locale)}</p>
                      </div>
                      <div className="flex items-center gap-3">
                        <Badge tone={statusTone(b.status)}>{BILL_STATUS_LABELS[b.status]}</Badge>
                        <span className="text-sm font-medium tabular-nums">{formatMoney(b.totalMinor, b.currency, locale)}</span>
                      </div>
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        ) : null}
        {data.ageing ? (
          <Card aria-label="Unpaid bills">
            <CardHeader title="Unpaid bills" description="By days past the due date, per currency." action={<Link href="/billing" className="text-sm font-medium text-brand-600 hover:text-brand-700">Billing overview</Link>} />
            {data.ageing.length === 0 ? (
              <EmptyState title="Nothing unpaid" />
            ) : (
              <ul className="divide-y divide-slate-100">
                {[...new Set(data.ageing.map((a) => a.currency))].sort().map((currency) => (
                  <li key={currency} className="px-5 py-3">
                    <p className="text-sm font-medium text-slate-900">{currency}</p>
                    <dl className="mt-1 flex flex-wrap gap-x-5 gap-y-1 text-sm">
                      {AGEING_BUCKETS.map((bucket) => {
                        const row = data.ageing!.find((a) => a.currency === currency && a.bucket === bucket);
                        return row ? (
                          <div key={bucket}>
                            <dt className="text-xs text-slate-600">{AGEING_LABELS[bucket] ?? bucket}</dt>
                            <dd>
                              <Link href={`/bills?currency=${currency}&age=${bucket}`} className="tabular-nums text-brand-700 hover:underline">
                                {formatMoney(row.openMinor, currency, locale)}
                              </Link>
                            </dd>
                          </div>
                        ) : null;
                      })}
                    </dl>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        ) : null}
        {data.userCount ? (
          <Card aria-label="Users">
            <CardHeader title="People" description="Users whose unit is inside your scope." action={<Link href="/users" className="text-sm font-medium text-brand-600 hover:text-brand-700">Manage users</Link>} />
            <div className="px-5 py-4 text-sm text-slate-600">
              <span className="text-2xl font-semibold tabular-nums text-slate-900">{data.userCount.active}</span> active of {data.userCount.total} users.
            </div>
          </Card>
        ) : null}
        {!data.awaitingApproval && !data.recentOrders && !data.latestBills && !data.userCount ? (
          <Card className="lg:col-span-2">
            <EmptyState title="Nothing needs your attention" description="Use the navigation to explore what your roles let you see." />
          </Card>
        ) : null}
      </div>
    </>
  );
}

type OrderRow = { id: string; number: string; status: string; currency: string; totalMinor: number; createdAt: Date; nodeName: string; createdByName: string };

function OrderList({ orders, locale, timeZone }: { orders: OrderRow[]; locale: string; timeZone: string }) {
  return (
    <ul className="divide-y divide-slate-100">
      {orders.map((o) => (
        <li key={o.id}>
          <Link href={`/orders/${o.id}`} className="flex items-center justify-between gap-4 px-5 py-3 hover:bg-slate-50">
            <div className="min-w-0">
              <p className="truncate text-sm font-medium text-slate-900">
                {o.number} · {o.nodeName}
              </p>
              <p className="text-xs text-slate-500">
                {o.createdByName} · {formatDate(o.createdAt, locale, timeZone)}
              </p>
            </div>
            <div className="flex items-center gap-3">
              <Badge tone={statusTone(o.status)}>{ORDER_STATUS_LABELS[o.status] ?? o.status}</Badge>
              <span className="text-sm font-medium tabular-nums">{formatMoney(o.totalMinor, o.currency, locale)}</span>
            </div>
          </Link>
        </li>
      ))}
    </ul>
  );
}
