import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { MonthChart } from "@/components/bills/month-chart";
import { controlClass, labelClass } from "@/components/list/control";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { requireContext } from "@/lib/auth/principal";
import { accountsShown, ageingShown, consolidation, consolidationParams, type Spend } from "@/lib/billing/consolidation";
import { AGEING_BUCKETS } from "@/lib/billing/state";
import { AGEING_LABELS, formatMoney, formatPeriod } from "@/lib/format";
import { read } from "@/lib/read";
import { todayIn } from "@/lib/time";

export const metadata: Metadata = { title: "Billing overview" };

// Figures link with plain anchors: a large enterprise's overview has hundreds of them, and a client
// Link each (rendered, serialised and prefetched) costs more than the page's own queries.


export default async function BillingOverviewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { principal, ability } = await requireContext();
  if (!ability.can("read", "Bill")) notFound();
  const { locale, timeZone } = principal;
  const params = consolidationParams((await searchParams) ?? {});
  const data = await read((db) => consolidation(db, ability, params, todayIn(timeZone)));
  const scope: Record<string, string> = data.node ? { node: data.node.id } : {};
  const range: Record<string, string> = { from: data.from, to: data.to };
  /** A link to the bills behind a figure: the bills list with the same scope and period, and more. */
  const bills = (extra: Record<string, string>, period = true) => `/bills?${new URLSearchParams({ ...scope, ...(period ? range : {}), ...extra })}`;
  const minDepth = Math.min(...data.nodes.map((n) => n.depth), 0);
  const period = data.from === data.to ? formatPeriod(`${data.from}-01`, locale) : `${formatPeriod(`${data.from}-01`, locale)} – ${formatPeriod(`${data.to}-01`, locale)}`;

  return (
    <>
      <PageHeader
        title="Billing overview"
        description={`${data.node ? data.node.name : "Everything in your scope"} · ${period}. Each currency apart: amounts in different currencies are never added.`}
      />
      <form method="get" action="/billing" aria-label="Choose what to consolidate" className="mb-6 flex flex-wrap items-end gap-4 rounded-lg border border-slate-200 bg-white px-5 py-4 shadow-sm">
        <div className="w-72">
          <label htmlFor="consolidate-node" className={labelClass}>
            Account
          </label>
          <select id="consolidate-node" name="node" defaultValue={data.node?.id ?? ""} className={controlClass}>
            <option value="">Everything in your scope</option>
            {data.nodes.map((n) => (
              <option key={n.id} value={n.id}>
                {`${"\u00a0\u00a0".repeat(Math.max(0, n.depth - minDepth))}${n.name}`}
              </option>
            ))}
          </select>
        </div>
        <div className="w-40">
          <label htmlFor="consolidate-from" className={labelClass}>
            From
          </label>
          <input id="consolidate-from" type="month" name="from" defaultValue={data.from} className={controlClass} />
        </div>
        <div className="w-40">
          <label htmlFor="consolidate-to" className={labelClass}>
            To
          </label>
          <input id="consolidate-to" type="month" name="to" defaultValue={data.to} className={controlClass} />
        </div>
        <Button type="submit">Show</Button>
      </form>
      {data.notices.map((n) => (
        <p key={n} role="status" className="mb-4 rounded-md border border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900">
          {n}
        </p>
      ))}

      {data.currencies.length === 0 ? (
        <Card>
          <EmptyState title="No bills in this scope and period" description="Choose another account or a wider period." />
        </Card>
      ) : null}

      <div className="space-y-8">
        {data.currencies.map((c) => {
          const money = (minor: number) => formatMoney(minor, c.currency, locale);
          const accounts = accountsShown(c);
          const ageing = ageingShown(c);
          const spendTable = (title: string, rows: Spend[], others: { count: number; totalMinor: number }, key: "subAccount" | "site") => (
            <Card>
              <CardHeader title={title} description={`Net and tax, ${period}.`} />
              <Table caption={`${title} (${c.currency})`}>
                <thead>
                  <tr>
                    <Th>{key === "site" ? "Site" : "Cost centre"}</Th>
                    <Th numeric>Bills</Th>
                    <Th numeric>Total</Th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {rows.map((r) => (
                    <tr key={r.id ?? "none"}>
                      <Td>{r.id ? <a href={bills({ [key]: r.id, currency: c.currency })} className="text-brand-700 hover:underline">{r.name}</a> : <span className="text-slate-600">{r.name}</span>}</Td>
                      <Td numeric>{r.bills}</Td>
                      <Td numeric>{money(r.totalMinor)}</Td>
                    </tr>
                  ))}
                  {others.count > 0 ? (
                    <tr>
                      <Td className="text-slate-600">{`${others.count} other${others.count === 1 ? "" : "s"}`}</Td>
                      <Td numeric />
                      <Td numeric>{money(others.totalMinor)}</Td>
                    </tr>
                  ) : null}
                </tbody>
              </Table>
            </Card>
          );
          return (
            <section key={c.currency} aria-labelledby={`currency-${c.currency}`} data-testid={`currency-${c.currency}`}>
              <h2 id={`currency-${c.currency}`} className="mb-3 text-lg font-semibold text-slate-900">
                {c.currency}
              </h2>
              <dl className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
                {[
                  { label: "Billed", value: c.totalMinor, href: bills({ currency: c.currency }), note: `${c.bills} bill${c.bills === 1 ? "" : "s"}` },
                  { label: "Net", value: c.netMinor, href: bills({ currency: c.currency }), note: "before tax" },
                  { label: "Tax", value: c.taxMinor, href: bills({ currency: c.currency }), note: "by each legal entity's country" },
                  { label: "Unpaid", value: c.openMinor, href: bills({ currency: c.currency, open: "1" }), note: "of these bills" },
                ].map((t) => (
                  <div key={t.label} className="rounded-lg border border-slate-200 bg-white px-5 py-4 shadow-sm">
                    <dt className="text-sm text-slate-600">{t.label}</dt>
                    <dd className="mt-1">
                      <a href={t.href} className="text-xl font-semibold tabular-nums text-slate-900 hover:underline" data-testid={`total-${c.currency}-${t.label.toLowerCase()}`}>
                        {money(t.value)}
                      </a>
                      <span className="block text-xs text-slate-600">{t.note}</span>
                    </dd>
                  </div>
                ))}
              </dl>

              <Card className="mt-4">
                <MonthChart id={`chart-${c.currency}`} currency={c.currency} months={c.months} locale={locale} hrefFor={(m) => bills({ currency: c.currency, from: m, to: m }, false)} />
              </Card>

              <div className="mt-4 grid gap-4 2xl:grid-cols-2">
                <Card>
                  <CardHeader title="By billing account" description={period} />
                  <Table caption={`Totals per billing account (${c.currency})`}>
                    <thead>
                      <tr>
                        <Th>Billing account</Th>
                        <Th>Legal entity</Th>
                        <Th numeric>Bills</Th>
                        <Th numeric>Net</Th>
                        <Th numeric>Total</Th>
                        <Th numeric>Unpaid</Th>
                      </tr>
                    </thead>
                    <tbody className="divide-y divide-slate-100">
                      {accounts.shown.map((a) => (
                        <tr key={a.id}>
                          <Td>
                            <a href={bills({ account: a.id })} className="text-brand-700 hover:underline">
                              {a.name}
                            </a>
                          </Td>
                          <Td>{a.legalEntity ?? "—"}</Td>
                          <Td numeric>{a.bills}</Td>
                          <Td numeric>{money(a.netMinor)}</Td>
                          <Td numeric className="font-medium">
                            {money(a.totalMinor)}
                          </Td>
                          <Td numeric>{money(a.openMinor)}</Td>
                        </tr>
                      ))}
                      {accounts.others.count > 0 ? (
                        <tr>
                          <Td colSpan={2}>
                            <a href={bills({ currency: c.currency, sort: "account" })} className="text-brand-700 hover:underline">
                              {`${accounts.others.count} other billing account${accounts.others.count === 1 ? "" : "s"}`}
                            </a>
                          </Td>
                          <Td numeric>{accounts.others.bills}</Td>
                          <Td numeric>{money(accounts.others.netMinor)}</Td>
                          <Td numeric>{money(accounts.others.totalMinor)}</Td>
                          <Td numeric>{money(accounts.others.openMinor)}</Td>
                        </tr>
                      ) : null}
                    </tbody>
                    <tfoot className="border-t border-slate-200 bg-slate-50">
                      <tr>
                        <th scope="row" colSpan={2} className="px-4 py-2.5 text-left text-sm font-semibold text-slate-900">
                          Total {c.currency}
                        </th>
                        <Td numeric>{c.bills}</Td>
                        <Td numeric>{money(c.netMinor)}</Td>
                        <Td numeric className="font-semibold text-slate-900">
                          {money(c.totalMinor)}
                        </Td>
                        <Td numeric>{money(c.openMinor)}</Td>
                      </tr>
                    </tfoot>
                  </Table>
                </Card>
                <Card>
                  <CardHeader title="Ageing of unpaid bills" description="Every unpaid bill in scope, whatever its month, by days past its due date." />
                  <Table caption={`Ageing (${c.currency})`}>
                    <thead>
                      <tr>
                        <Th>Billing account</Th>
                        {AGEING_BUCKETS.map((b) => (
                          <Th key={b} numeric>
                            {AGEING_LABELS[b]}
                          </Th>
                        ))}
                      </tr>
                    </thead>
                    <tbody className="divide-y divide-slate-100">
                      {ageing.shown.map((a) => (
                        <tr key={a.id}>
                          <Td>{a.name}</Td>
                          {AGEING_BUCKETS.map((b) => (
                            <Td key={b} numeric>
                              {a.buckets[b] ? (
                                <a href={bills({ account: a.id, age: b }, false)} className="text-brand-700 hover:underline">
                                  {money(a.buckets[b])}
                                </a>
                              ) : (
                                "—"
                              )}
                            </Td>
                          ))}
                        </tr>
                      ))}
                      {ageing.others.count > 0 ? (
                        <tr>
                          <Td>{`${ageing.others.count} other billing account${ageing.others.count === 1 ? "" : "s"}`}</Td>
                          {AGEING_BUCKETS.map((b) => (
                            <Td key={b} numeric>
                              {ageing.others.buckets[b] ? money(ageing.others.buckets[b]) : "—"}
                            </Td>
                          ))}
                        </tr>
                      ) : null}
                      {c.ageing.accounts.length === 0 ? (
                        <tr>
                          <Td className="text-slate-600">Nothing unpaid</Td>
                        </tr>
                      ) : null}
                    </tbody>
                    <tfoot className="border-t border-slate-200 bg-slate-50">
                      <tr>
                        <th scope="row" className="px-4 py-2.5 text-left text-sm font-semibold text-slate-900">
                          All
                        </th>
                        {AGEING_BUCKETS.map((b) => (
                          <Td key={b} numeric className="font-semibold text-slate-900">
                            {c.ageing.total[b] ? (
                              <a href={bills({ currency: c.currency, age: b }, false)} className="hover:underline">
                                {money(c.ageing.total[b])}
                              </a>
                            ) : (
                              "—"
                            )}
                          </Td>
                        ))}
                      </tr>
                    </tfoot>
                  </Table>
                </Card>
              </div>
              <div className="mt-4 grid gap-4 xl:grid-cols-2">
                {spendTable("Spend by cost centre", c.costCentres.top, c.costCentres.others, "subAccount")}
                {spendTable("Spend by site", c.sites.top, c.sites.others, "site")}
              </div>
            </section>
          );
        })}
      </div>
    </>
  );
}
