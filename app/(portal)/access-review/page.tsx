import { Button, DownloadLink } from "@/components/ui/button";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Search } from "lucide-react";
import { getDb } from "@/db/client";
import { FlagBadges } from "@/components/access-review/flag-badges";
import { PermissionList } from "@/components/access-review/permission-list";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { Table, Td, Th } from "@/components/ui/table";
import { DORMANT_DAYS, EXPIRING_DAYS } from "@/lib/access-review/flags";
import { canReview, listAccessReview, parseReviewParams, REVIEW_PAGE_SIZE, reviewCounts } from "@/lib/access-review/queries";
import { requireContext } from "@/lib/auth/principal";
import { formatDate, formatDateTime } from "@/lib/format";

export const metadata: Metadata = { title: "Access review" };

const STATUS: Record<string, { label: string; tone: "green" | "blue" | "red" }> = {
  active: { label: "Active", tone: "green" },
  invited: { label: "Invited", tone: "blue" },
  deactivated: { label: "Deactivated", tone: "red" },
};

const control = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-1 focus:ring-brand-500";

export default async function AccessReviewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { principal, ability } = await requireContext();
  if (!canReview(ability)) notFound();
  const { locale, timeZone } = principal;
  const params = parseReviewParams(await searchParams);
  const now = new Date();
  const db = await getDb();
  const [{ rows, total }, counts] = await Promise.all([listAccessReview(db, ability, params, now), reviewCounts(db, ability, now)]);
  const keep = { q: params.q, flag: params.flag, status: params.status, sort: params.sort === "name" ? undefined : params.sort };
  const filtered = Boolean(params.q || params.flag || params.status);
  const exportQuery = new URLSearchParams(Object.entries({ q: params.q, flag: params.flag, status: params.status }).filter(([, v]) => v) as [string, string][]).toString();
  const canExport = ability.can("export", "User");

  const stats = [
    { key: undefined, label: "People in scope", value: counts.people, hint: "Everyone whose unit is in your scope" },
    { key: "dormant", label: "Dormant", value: counts.dormant, hint: `No sign-in for ${DORMANT_DAYS} days` },
    { key: "expiring", label: "Expiring", value: counts.expiring, hint: `A role ends within ${EXPIRING_DAYS} days` },
    { key: "expired", label: "Expired", value: counts.expired, hint: "A role has ended" },
  ] as const;

  return (
    <>
      <PageHeader
        title="Access review"
        description="Everyone in your scope, what each person can do in plain words, and the accounts that need a look."
        actions={
          canExport ? (
            <DownloadLink href={`/api/access-review/export${exportQuery ? `?${exportQuery}` : ""}`}>Export CSV</DownloadLink>
          ) : null
        }
      />
      <div className="mb-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        {stats.map((s) => {
          const active = params.flag === s.key || (!s.key && !params.flag);
          return (
            <Link
              key={s.label}
              href={s.key ? `/access-review?flag=${s.key}` : "/access-review"}
              aria-current={active ? "true" : undefined}
              className={cn("rounded-lg border bg-white px-4 py-3 shadow-sm transition-colors hover:border-brand-500", active ? "border-brand-500 ring-1 ring-brand-500" : "border-slate-200")}
            >
              <p className="text-xs font-medium text-slate-500">{s.label}</p>
              <p className={cn("mt-1 text-2xl font-semibold tabular-nums", s.key && s.value > 0 ? (s.key === "expired" ? "text-rose-700" : "text-amber-700") : "text-slate-900")}>{s.value.toLocaleString(locale)}</p>
              <p className="mt-0.5 text-xs text-slate-500">{s.hint}</p>
            </Link>
          );
        })}
      </div>
      <form method="get" action="/access-review" role="search" aria-label="Filter the access review" className="mb-4 flex flex-wrap items-end gap-2">
        <div className="relative min-w-60 flex-1">
          <label htmlFor="review-q" className="sr-only">
            Search people
          </label>
          <Search aria-hidden className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-slate-400" />
          <input id="review-q" name="q" type="search" defaultValue={params.q ?? ""} placeholder="Search by name or email" className={cn(control, "w-full pl-8")} />
        </div>
        <label htmlFor="review-flag" className="sr-only">
          Show
        </label>
        <select id="review-flag" name="flag" defaultValue={params.flag ?? ""} className={control}>
          <option value="">Everyone</option>
          <option value="any">Flagged only</option>
          <option value="dormant">Dormant</option>
          <option value="expiring">Expiring</option>
          <option value="expired">Expired</option>
        </select>
        <label htmlFor="review-status" className="sr-only">
          Status
        </label>
        <select id="review-status" name="status" defaultValue={params.status ?? ""} className={control}>
          <option value="">Any status</option>
          <option value="active">Active</option>
          <option value="invited">Invited</option>
          <option value="deactivated">Deactivated</option>
        </select>
        <label htmlFor="review-sort" className="sr-only">
          Sort by
        </label>
        <select id="review-sort" name="sort" defaultValue={params.sort} className={control}>
          <option value="name">Sort by name</option>
          <option value="signin">Longest without sign-in first</option>
        </select>
        <Button type="submit" variant="secondary">
          Apply
        </Button>
        {filtered ? (
          <Link href="/access-review" className="px-2 py-1.5 text-sm text-slate-500 hover:text-slate-800">
            Clear
          </Link>
        ) : null}
      </form>
      <Card>
        {rows.length === 0 ? (
          <EmptyState title={filtered ? "Nobody matches" : "Nobody in your scope"} description={filtered ? "Nobody in your scope matches these filters." : undefined} />
        ) : (
          <>
            <Table caption="People in scope and their access">
              <thead>
                <tr>
                  <Th>Person</Th>
                  <Th className="w-[45%]">Can do</Th>
                  <Th>Status</Th>
                  <Th>Last sign-in</Th>
                  <Th>Flags</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {rows.map((r) => {
                  const status = STATUS[r.status] ?? { label: r.status, tone: "blue" as const };
                  return (
                    <tr key={r.id} className="align-top" data-testid="review-row">
                      <Td>
                        <Link href={`/users/${r.id}`} className="font-medium text-brand-700 hover:underline">
                          {r.name}
                        </Link>
                        <span className="block text-xs text-slate-500">{r.email}</span>
                        {r.unitName ? <span className="block text-xs text-slate-500">{r.unitName}</span> : null}
                      </Td>
                      <Td>
                        <PermissionList assignments={r.assignments} now={now} locale={locale} timeZone={timeZone} />
                      </Td>
                      <Td>
                        <Badge tone={status.tone}>{status.label}</Badge>
                      </Td>
                      <Td className="whitespace-nowrap">
                        {r.lastSignInAt ? (
                          <time dateTime={r.lastSignInAt.toISOString()} title={formatDateTime(r.lastSignInAt, locale, timeZone)}>
                            {formatDate(r.lastSignInAt, locale, timeZone)}
                          </time>
                        ) : (
                          <span className="text-slate-500">Never</span>
                        )}
                      </Td>
                      <Td>
                        <FlagBadges flags={r.flags} />
                      </Td>
                    </tr>
                  );
                })}
              </tbody>
            </Table>
            <Pagination page={params.page} pageSize={REVIEW_PAGE_SIZE} total={total} basePath="/access-review" params={keep} />
          </>
        )}
      </Card>
    </>
  );
}
