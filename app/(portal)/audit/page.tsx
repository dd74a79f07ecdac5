import type { Metadata } from "next";
import Link from "next/link";
import { AuditDiff } from "@/components/audit/audit-diff";
import { subjectHref, subjectLabel } from "@/components/audit/labels";
import { OUTCOME_LABELS, OutcomeBadge } from "@/components/audit/outcome-badge";
import { DateFilter, FilterSelect } from "@/components/list/filter-select";
import { FilterChips } from "@/components/list/filter-chips";
import { ListCard } from "@/components/list/list-card";
import { SearchField } from "@/components/list/search-field";
import { SortHeader } from "@/components/list/sort-header";
import { DownloadLink } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { Td, Th } from "@/components/ui/table";
import { AUDIT_OUTCOMES, auditList } from "@/lib/audit/list";
import { auditFilterOptions } from "@/lib/audit/queries";
import { supportSession } from "@/lib/impersonation/queries";
import { requireContext } from "@/lib/auth/principal";
import { formatDateTime } from "@/lib/format";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { principal, ability } = await requireContext();
  const { locale, timeZone } = principal;
  const view = await auditList.view({ ability, timeZone }, await searchParams, async (db, params) => {
    const [options, session] = await Promise.all([auditFilterOptions(db, ability), params.impersonation ? supportSession(db, ability, params.impersonation) : null]);
    return { ...options, session };
  });
  const { filterValues: f, extra: options } = view;

  return (
    <>
      <PageHeader
        title="Audit log"
        description={`Every change and every refused attempt in your scope, newest first. Times are in ${timeZone.replace(/_/g, " ")}.`}
        actions={ability.can("export", "AuditEvent") ? <DownloadLink href={view.withFilters("/api/audit/export")}>Export CSV</DownloadLink> : null}
      />
      <ListCard
        view={view}
        locale={locale}
        label="Filter the audit log"
        one="event"
        many="events"
        caption="Audit events"
        empty={{ title: "No events yet", description: "Changes made in your scope, and refused attempts, will be recorded here." }}
        filters={
          <>
            <SearchField value={f.q} label="Search" placeholder="Name, email or summary" />
            <FilterSelect name="actor" label="Actor" anyLabel="Anyone" value={f.actor} options={options.people.map((p) => ({ value: p.id, label: p.name }))} />
            <FilterSelect name="action" label="Action" anyLabel="Any action" value={f.action} options={options.actions.map((a) => ({ value: a, label: a }))} />
            <FilterSelect name="subject" label="Subject" anyLabel="Any subject" className="w-40" value={f.subject} options={options.subjects.map((s) => ({ value: s, label: subjectLabel(s) }))} />
            <FilterSelect name="outcome" label="Outcome" anyLabel="Any outcome" className="w-36" value={f.outcome} options={AUDIT_OUTCOMES.map((o) => ({ value: o, label: OUTCOME_LABELS[o] }))} />
            <DateFilter name="from" label="From" value={f.from} />
            <DateFilter name="to" label="To" value={f.to} />
            <FilterChips
              view={view}
              chips={[f.impersonation ? { key: "impersonation", label: options.session ? `Support session: ${options.session.managerName} as ${options.session.targetName}, ${formatDateTime(options.session.startedAt, locale, timeZone)}` : "A support session" } : null]}
            />
          </>
        }
        head={
          <>
            <SortHeader view={view} keys={[{ key: "time", label: "When" }]} className="w-40" />
            <Th>Who</Th>
            <Th>Action</Th>
            <Th>What happened</Th>
            <Th>Subject</Th>
            <Th>Outcome</Th>
          </>
        }
      >
        {view.rows.map((e) => {
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
      </ListCard>
    </>
  );
}
