import type { Metadata } from "next";
import Link from "next/link";
import { SupportAccessControls } from "@/components/impersonation/support-access-controls";
import { FilterSelect } from "@/components/list/filter-select";
import { ListCard } from "@/components/list/list-card";
import { SearchField } from "@/components/list/search-field";
import { SortHeader } from "@/components/list/sort-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Td, Th } from "@/components/ui/table";
import { requireContext } from "@/lib/auth/principal";
import { formatDateTime } from "@/lib/format";
import { supportSessionsList } from "@/lib/impersonation/list";
import { durationMinutes, END_REASON_LABELS, minutesLeft, writeAccessOn, type ImpersonationEndReason } from "@/lib/impersonation/rules";
import { supportSettingsFor } from "@/lib/impersonation/support-access";

export const metadata: Metadata = { title: "Support access" };

/**
 * Rule 4's consent and record: whether the CSP's account managers may look in (and act), and every
 * support session in the viewer's scope — who, as whom, why, when, how long, and what was done.
 */
export default async function SupportAccessPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { principal, ability } = await requireContext();
  const { locale, timeZone } = principal;
  const now = new Date();
  const view = await supportSessionsList.view({ ability, timeZone, now }, await searchParams, (db) => supportSettingsFor(db, ability, principal.enterpriseId));
  const { filterValues: f, extra: settings } = view;
  const canReadAudit = ability.can("read", "AuditEvent");
  const writeOn = settings ? writeAccessOn(settings.state, now) : false;

  return (
    <>
      <PageHeader title="Support access" description="When your service provider's account managers may see the portal as one of your people, and what they did while they did." />
      {settings ? (
        <Card className="mb-6" aria-labelledby="support-settings-title">
          <CardHeader title={<span id="support-settings-title">Settings for your enterprise</span>} />
          <CardBody>
            {settings.canChange ? (
              <SupportAccessControls supportEnabled={settings.state.supportEnabled} writeOn={writeOn} writeUntilLabel={writeOn ? formatDateTime(settings.state.writeUntil, locale, timeZone) : null} />
            ) : (
              <p className="text-sm text-slate-600" data-testid="support-state">
                Support access is {settings.state.supportEnabled ? (writeOn ? `on, with write access until ${formatDateTime(settings.state.writeUntil, locale, timeZone)}` : "on, read-only") : "off"}. An admin of the whole enterprise can change it.
              </p>
            )}
          </CardBody>
        </Card>
      ) : null}
      <ListCard
        view={view}
        locale={locale}
        label="Filter support sessions"
        one="support session"
        many="support sessions"
        caption="Support sessions"
        empty={{ title: "No support sessions", description: "When an account manager sees the portal as someone in your scope, it is listed here." }}
        filters={
          <>
            <SearchField value={f.q} label="Search" placeholder="Name, email or reason" />
            <FilterSelect
              name="state"
              label="State"
              anyLabel="Open or ended"
              className="w-40"
              value={f.state}
              options={[
                { value: "open", label: "Open now" },
                { value: "ended", label: "Ended" },
              ]}
            />
          </>
        }
        head={
          <>
            <SortHeader view={view} keys={[{ key: "started", label: "Started" }]} className="w-40" />
            <Th>Account manager</Th>
            <Th>Viewed as</Th>
            <Th>Reason</Th>
            <Th>How long</Th>
            <Th numeric>What was done</Th>
          </>
        }
      >
        {view.rows.map((s) => {
          const open = !s.endedAt && s.expiresAt > now;
          const minutes = durationMinutes(s.startedAt, s.endedAt, s.expiresAt, now);
          const ended = s.endReason ? END_REASON_LABELS[s.endReason as ImpersonationEndReason] ?? s.endReason : "Reached its time limit";
          return (
            <tr key={s.id} className="align-top" data-testid="support-session-row">
              <Td className="whitespace-nowrap text-slate-600">
                <time dateTime={s.startedAt.toISOString()}>{formatDateTime(s.startedAt, locale, timeZone)}</time>
              </Td>
              <Td>
                <span className="block font-medium text-slate-800">{s.managerName}</span>
                <span className="block text-xs text-slate-500">{s.managerEmail}</span>
              </Td>
              <Td>
                <span className="block font-medium text-slate-800">{s.targetName}</span>
                <span className="block text-xs text-slate-500">{s.targetEmail}</span>
              </Td>
              <Td className="max-w-sm text-slate-700">{s.reason}</Td>
              <Td className="whitespace-nowrap">
                {open ? <Badge tone="violet">Open · {minutesLeft(s.expiresAt, now)} min left</Badge> : <span className="text-slate-700">{minutes} min</span>}
                {open ? null : <span className="block text-xs text-slate-500">{ended}</span>}
              </Td>
              <Td className="text-right">
                {canReadAudit ? (
                  <Link href={`/audit?impersonation=${s.id}`} className="text-brand-700 hover:underline">
                    {s.actions === 1 ? "1 action" : `${s.actions} actions`}
                  </Link>
                ) : s.actions === 1 ? (
                  "1 action"
                ) : (
                  `${s.actions} actions`
                )}
              </Td>
            </tr>
          );
        })}
      </ListCard>
    </>
  );
}
