import { EndUserSessionsButton } from "@/components/account/session-actions";
import { DetailsCard } from "@/components/ui/details-card";
import { InvitationPanel } from "@/components/users/invite-status";
import type { Metadata } from "next";
import Link from "next/link";
import { GrantRoleForm } from "@/components/users/grant-role-form";
import { RevokeAssignmentButton } from "@/components/users/revoke-assignment-button";
import { UserStatusActions } from "@/components/users/user-status-actions";
import { UserStatusBadge } from "@/components/users/user-status-badge";
import { ResetMfaButton } from "@/components/mfa/reset-mfa-button";
import { mfaResetOptionFor } from "@/lib/mfa/queries";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { requireContext } from "@/lib/auth/principal";
import { ROLE_LABELS } from "@/lib/authz/vocabulary";
import { formatDate, formatDateTime, formatMoney } from "@/lib/format";
import { firstExpiryDate } from "@/lib/users/schemas";
import { getUserDetail } from "@/lib/users/queries";
import { openInvitationForUser } from "@/lib/invitations/queries";
import { readForPage } from "@/lib/read";

export const metadata: Metadata = { title: "User" };

export default async function UserPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { principal, ability } = await requireContext();
  const { locale, timeZone } = principal;
  const { detail, invitation, mfa } = await readForPage(async (db) => {
    const detail = await getUserDetail(db, ability, principal.userId, id);
    const [invitation, mfa] = await Promise.all([openInvitationForUser(db, ability, detail.user.id), mfaResetOptionFor(db, ability, principal.userId, detail.user.id)]);
    return { detail, invitation, mfa };
  });
  const { user, assignments, events, can, isSelf } = detail;
  const active = assignments.filter((a) => !a.expired);
  const minExpiry = firstExpiryDate(timeZone);

  const facts: [string, React.ReactNode][] = [
    ["Email", <a key="email" href={`mailto:${user.email}`} className="text-brand-700 hover:underline">{user.email}</a>],
    ["Unit", user.unitName ?? "CSP"],
    ["Status", <UserStatusBadge key="status" status={user.status} />],
    ["Last sign-in", user.lastSignInAt ? formatDateTime(user.lastSignInAt, locale, timeZone) : "Never"],
    ["Two-step verification", mfa.enabled ? "On" : "Off"],
    ["Created", formatDateTime(user.createdAt, locale, timeZone)],
  ];
  if (user.deactivatedAt) facts.push(["Deactivated", formatDateTime(user.deactivatedAt, locale, timeZone)]);
  facts.push(["Locale and time zone", `${user.locale} · ${user.timeZone.replace(/_/g, " ")}`]);

  return (
    <>
      <PageHeader
        title={
          <span className="flex items-center gap-3">
            {user.name}
            {isSelf ? <Badge tone="blue">You</Badge> : null}
          </span>
        }
        description={`${user.email}${user.unitName ? ` · ${user.unitName}` : ""}`}
        breadcrumbs={
          <Link href="/users" className="hover:text-slate-700">
            Users
          </Link>
        }
        actions={
          <>
            {can.endSessions && user.status === "active" ? <EndUserSessionsButton userId={user.id} name={user.name} count={detail.openSessions} /> : null}
            {mfa.canReset ? <ResetMfaButton userId={user.id} name={user.name} /> : null}
            <UserStatusActions userId={user.id} name={user.name} canDeactivate={can.deactivate} canReactivate={can.reactivate} />
          </>
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="min-w-0 space-y-6 lg:col-span-2">
          <InvitationPanel invitation={invitation} userId={user.id} name={user.name} locale={locale} timeZone={timeZone} />
          <Card>
            <CardHeader
              title="Role assignments"
              description={
                isSelf
                  ? "You cannot change your own role assignments; another admin can."
                  : `${active.length} in force. Each role holds on its node and everything under it.`
              }
            />
            {assignments.length === 0 ? (
              <EmptyState title="No role assignments" description={can.grant ? "Grant a role below to give this person access." : "This person has no roles you can see."} />
            ) : (
              <Table caption="Role assignments">
                <thead>
                  <tr>
                    <Th>Role</Th>
                    <Th>Scope</Th>
                    <Th numeric>Limit</Th>
                    <Th>Granted</Th>
                    <Th>Expires</Th>
                    {isSelf ? null : <Th className="relative w-0"><span className="sr-only">Actions</span></Th>}
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {assignments.map((a) => (
                    <tr key={a.id} className={a.expired ? "bg-slate-50/60 text-slate-500" : undefined}>
                      <Td className="whitespace-nowrap font-medium text-slate-900">
                        <span className={a.expired ? "text-slate-500 line-through" : undefined}>{ROLE_LABELS[a.role]}</span>
                      </Td>
                      <Td>{a.scopeName ?? "CSP"}</Td>
                      <Td numeric className="whitespace-nowrap">
                        {a.approvalLimitMinor != null && a.limitCurrency ? (
                          <span title="Approval limit">{formatMoney(a.approvalLimitMinor, a.limitCurrency, locale)}</span>
                        ) : a.spendLimitMinor != null && a.limitCurrency ? (
                          <span title="Monthly spend limit">
                            {formatMoney(a.spendLimitMinor, a.limitCurrency, locale)}
                            <span className="ml-1 text-xs text-slate-500">/ month</span>
                          </span>
                        ) : (
                          <span className="text-slate-500">—</span>
                        )}
                      </Td>
                      <Td className="whitespace-nowrap">
                        <span className="block">{formatDate(a.grantedAt, locale, timeZone)}</span>
                        <span className="block text-xs text-slate-500">by {a.grantedByName ?? "the system"}</span>
                      </Td>
                      <Td className="whitespace-nowrap">
                        {a.expired ? (
                          <Badge tone="red">Expired {formatDate(a.expiresAt, locale, timeZone)}</Badge>
                        ) : a.expiresAt ? (
                          formatDateTime(a.expiresAt, locale, timeZone)
                        ) : (
                          <span className="text-slate-500">Never</span>
                        )}
                      </Td>
                      {isSelf ? null : (
                        <Td className="text-right">
                          {a.canRevoke ? (
                            <RevokeAssignmentButton userId={user.id} assignmentId={a.id} userName={user.name} roleLabel={ROLE_LABELS[a.role]} scopeName={a.scopeName ?? "CSP"} />
                          ) : null}
                        </Td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </Table>
            )}
          </Card>

          {can.grant ? (
            <Card>
              <CardHeader title="Grant a role" description="Only nodes inside your own scope are offered." />
              <CardBody>
                <GrantRoleForm userId={user.id} userName={user.name} roles={detail.grant.roles} nodes={detail.grant.nodes} currencies={detail.grant.currencies} minExpiry={minExpiry} />
              </CardBody>
            </Card>
          ) : null}

          <Card aria-label="Recent activity">
            <CardHeader title="Recent activity" description="The latest audit events about this person that you may read." />
            {events.length === 0 ? (
              <EmptyState title="No activity yet" description="Changes to this person and their roles will be listed here." />
            ) : (
              <ol className="divide-y divide-slate-100">
                {events.map((e) => (
                  <li key={e.id} className="flex items-start justify-between gap-4 px-5 py-3 text-sm">
                    <div className="min-w-0">
                      <p className="font-medium text-slate-800">{e.summary || e.action}</p>
                      <p className="text-xs text-slate-500">
                        {e.actorName ?? "System"}
                        {e.onBehalfOfName ? ` on behalf of ${e.onBehalfOfName}` : ""} · <span className="font-mono">{e.action}</span>
                      </p>
                    </div>
                    <div className="shrink-0 text-right">
                      {e.outcome !== "success" ? <Badge tone="red">{e.outcome}</Badge> : null}
                      <p className="text-xs text-slate-500 tabular-nums">{formatDateTime(e.createdAt, locale, timeZone)}</p>
                    </div>
                  </li>
                ))}
              </ol>
            )}
          </Card>
        </div>

        <DetailsCard facts={facts} className="self-start" />
      </div>
    </>
  );
}
