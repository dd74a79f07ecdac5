import { DownloadLink } from "@/components/ui/button";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { AuditDiff } from "@/components/audit/audit-diff";
import { subjectHref, subjectLabel } from "@/components/audit/labels";
import { OUTCOME_LABELS, OutcomeBadge } from "@/components/audit/outcome-badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { Table, Td, Th } from "@/components/ui/table";
import { AUDIT_OUTCOMES, AUDIT_PAGE_SIZE, auditFilterOptions, listAuditEvents, parseAuditFilters } from "@/lib/audit/queries";
import { requireContext } from "@/lib/auth/principal";
import { formatDateTime } from "@/lib/format";

export const metadata: Metadata = { title: "Audit log" };

const control =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-1 focus:ring-brand-500";

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { principal, ability } = await requireContext();
  if (!ability.can("read", "AuditEvent")) notFound();
  const { locale, timeZone } = principal;
  const filters = parseAuditFilters(await searchParams);
  const db = await getDb();
  const [{ rows, total }, options] = await Promise.all([listAuditEvents(db, ability, filters, timeZone), auditFilterOptions(db, ability)]);
  const { page, ...rest } = filters;
  void page;
  const keep = Object.fromEntries(Object.entries(rest).filter(([, v]) => v)) as Record<string, string>;
  const filtered = Object.keys(keep).length > 0;
  const canExport = ability.can("export", "AuditEvent");
  const exportHref = `/api/audit/export${filtered ? `?${new URLSearchParams(keep).toString()}` : ""}`;

  return (
    <>
      <PageHeader
        title="Audit log"
        description={`Every change and every refused attempt in your scope, newest first. Times are in ${timeZone.replace(/_/g, " ")}.`}
        actions={
          canExport ? (
            <DownloadLink href={exportHref}>Export CSV</DownloadLink>
          ) : null
        }
      />
      <Card className="mb-4">
        <form method="get" action="/audit" aria-label="Filter the audit log" className="grid gap-3 px-5 py-4 sm:grid-cols-2 lg:grid-cols-6">
          <div className="sm:col-span-2">
            <label htmlFor="audit-q" className="text-xs font-medium text-slate-600">
              Search
            </label>
            <input id="audit-q" name="q" type="search" defaultValue={filters.q ?? ""} placeholder="Name, email or summary" className={control} />
          </div>
          <div>
            <label htmlFor="audit-actor" className="text-xs font-medium text-slate-600">
              Actor
            </label>
            <select id="audit-actor" name="actor" defaultValue={filters.actor ?? ""} className={control}>
              <option value="">Anyone</option>
              {options.people.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="audit-action" className="text-xs font-medium text-slate-600">
              Action
            </label>
            <select id="audit-action" name="action" defaultValue={filters.action ?? ""} className={control}>
              <option value="">Any action</option>
              {options.actions.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="audit-subject" className="text-xs font-medium text-slate-600">
              Subject
            </label>
            <select id="audit-subject" name="subject" defaultValue={filters.subject ?? ""} className={control}>
              <option value="">Any subject</option>
              {options.subjects.map((s) => (
                <option key={s} value={s}>
                  {subjectLabel(s)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="audit-outcome" className="text-xs font-medium text-slate-600">
              Outcome
            </label>
            <select id="audit-outcome" name="outcome" defaultValue={filters.outcome ?? ""} className={control}>
              <option value="">Any outcome</option>
              {AUDIT_OUTCOMES.map((o) => (
                <option key={o} value={o}>
                  {OUTCOME_LABELS[o]}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="audit-from" className="text-xs font-medium text-slate-600">
              From
            </label>
            <input id="audit-from" name="from" type="date" defaultValue={filters.from ?? ""} className={control} />
          </div>
          <div>
            <label htmlFor="audit-to" className="text-xs font-medium text-slate-600">
              To
            </label>
            <input id="audit-to" name="to" type="date" defaultValue={filters.to ?? ""} className={control} />
          </div>
          <div className="flex items-end justify-end gap-2 sm:col-span-2 lg:col-span-4">
            {filtered ? (
              <Link href="/audit" className="px-2 py-1.5 text-sm text-slate-500 hover:text-slate-800">
                Clear filters
              </Link>
            ) : null}
            <button type="submit" className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-brand-700">
              Apply filters
            </button>
          </div>
        </form>
      </Card>
      <Card>
        {rows.length === 0 ? (
          <EmptyState
            title={filtered ? "No events match these filters" : "No events yet"}
            description={filtered ? "Widen the time range or clear a filter." : "Changes made in your scope, and refused attempts, will be recorded here."}
          />
        ) : (
          <>
            <p className="border-b border-slate-100 px-5 py-2.5 text-xs text-slate-500" aria-live="polite">
              {total.toLocaleString(locale)} event{total === 1 ? "" : "s"}
              {filtered ? " match these filters" : " in your scope"}
            </p>
            <Table caption="Audit events">
              <thead>
                <tr>
                  <Th className="w-40">When</Th>
                  <Th>Who</Th>
                  <Th>Action</Th>
                  <Th>What happened</Th>
                  <Th>Subject</Th>
                  <Th>Outcome</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {rows.map((e) => {
                  const href = e.outcome === "success" ? subjectHref(e.subjectType, e.subjectId) : null;
                  return (
                    <tr key={e.id} className="align-top" data-testid="audit-row">
                      <Td className="whitespace-nowrap text-slate-600">
                        <time dateTime={e.createdAt.toISOString()}>{formatDateTime(e.createdAt, locale, timeZone)}</time>
                      </Td>
                      <Td>
                        <span className="block font-medium text-slate-800">{e.actorName ?? "System"}</span>
                        {e.onBehalfOfName ? <span className="block text-xs text-violet-700">on behalf of {e.onBehalfOfName}</span> : null}
                        {e.actorEmail ? <span className="block text-xs text-slate-500">{e.actorEmail}</span> : null}
                      </Td>
                      <Td>
                        <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">{e.action}</code>
                      </Td>
                      <Td className="max-w-md">
                        <span className="text-slate-800">{e.summary || "—"}</span>
                        <AuditDiff before={e.before} after={e.after} locale={locale} timeZone={timeZone} />
                      </Td>
                      <Td>
                        <span className="block text-slate-700">
                          {href ? (
                            <Link href={href} className="text-brand-700 hover:underline">
                              {subjectLabel(e.subjectType)}
                            </Link>
                          ) : (
                            subjectLabel(e.subjectType)
                          )}
                        </span>
                        {e.nodeName ? <span className="block text-xs text-slate-500">{e.nodeName}</span> : null}
                      </Td>
                      <Td>
                        <OutcomeBadge outcome={e.outcome} />
                      </Td>
                    </tr>
                  );
                })}
              </tbody>
            </Table>
            <Pagination page={filters.page} pageSize={AUDIT_PAGE_SIZE} total={total} basePath="/audit" params={keep} />
          </>
        )}
      </Card>
    </>
  );
}
