import type { Metadata } from "next";
import Link from "next/link";
import { ListCard } from "@/components/list/list-card";
import { FilterSelect } from "@/components/list/filter-select";
import { SearchField } from "@/components/list/search-field";
import { DownloadLink } from "@/components/ui/button";
import { FlagBadges } from "@/components/access-review/flag-badges";
import { PermissionList } from "@/components/access-review/permission-list";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { PageHeader } from "@/components/ui/page-header";
import { Td, Th } from "@/components/ui/table";
import { DORMANT_DAYS, EXPIRING_DAYS, FLAG_LABELS, REVIEW_FLAGS } from "@/lib/access-review/flags";
import { accessReviewList } from "@/lib/access-review/list";
import { reviewCounts } from "@/lib/access-review/queries";
import { requireContext } from "@/lib/auth/principal";
import { formatDate, formatDateTime } from "@/lib/format";

export const metadata: Metadata = { title: "Access review" };

const STATUS: Record<string, { label: string; tone: "green" | "blue" | "red" }> = {
  active: { label: "Active", tone: "green" },
  invited: { label: "Invited", tone: "blue" },
  deactivated: { label: "Deactivated", tone: "red" },
};

export default async function AccessReviewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { principal, ability } = await requireContext();
  const { locale, timeZone } = principal;
  const now = new Date();
  const view = await accessReviewList.view({ ability, timeZone, now }, await searchParams, (db) => reviewCounts(db, ability, now));
  const { filterValues: f, extra: counts } = view;
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
            <DownloadLink href={view.withFilters("/api/access-review/export")}>Export CSV</DownloadLink>
          ) : null
        }
      />
      <div className="mb-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        {stats.map((s) => {
          const active = f.flag === s.key || (!s.key && !f.flag);
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
      <ListCard
        view={view}
        locale={locale}
        label="Filter the access review" sortInForm
        one="person"
        many="people"
        caption="People in scope and their access"
        empty={{ title: "Nobody in your scope" }}
        filters={
          <>
            <SearchField value={f.q} label="Search" placeholder="Name or email" />
            <FilterSelect
              name="flag"
              label="Show"
              anyLabel="Everyone"
              className="w-40"
              value={f.flag}
              options={[{ value: "any", label: "Flagged only" }, ...REVIEW_FLAGS.map((flag) => ({ value: flag, label: FLAG_LABELS[flag] }))]}
            />
            <FilterSelect name="status" label="Status" anyLabel="Any status" className="w-36" value={f.status} options={Object.entries(STATUS).map(([value, { label }]) => ({ value, label }))} />
            <FilterSelect
              name="sort"
              label="Sort by"
              className="w-60"
              value={view.sort}
              options={[
                { value: "name", label: "Name" },
                { value: "signin", label: "Longest without sign-in first" },
              ]}
            />
          </>
        }
        head={
          <>
            <Th>Person</Th>
            <Th className="w-[45%]">Can do</Th>
            <Th>Status</Th>
            <Th>Last sign-in</Th>
            <Th>Flags</Th>
          </>
        }
      >
        {view.rows.map((r) => {
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
      </ListCard>
    </>
  );
}
