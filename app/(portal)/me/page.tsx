import type { Metadata } from "next";
import { ChangePasswordForm } from "@/components/account/change-password-form";
import { EndOtherSessionsButton, EndSessionButton } from "@/components/account/session-actions";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { DetailsCard } from "@/components/ui/details-card";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { currentSession, requireContext } from "@/lib/auth/principal";
import { asSubject } from "@/lib/authz/subjects";
import { ROLE_LABELS } from "@/lib/authz/vocabulary";
import { formatDateTime } from "@/lib/format";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password-policy";
import { openSessions } from "@/lib/sessions/queries";
import { ownMfaSettings } from "@/lib/mfa/queries";
import { read } from "@/lib/read";

export const metadata: Metadata = { title: "Your account" };

/** The signed-in person's own account: who they are, their password, and where they are signed in. */
export default async function AccountPage() {
  const { principal, ability } = await requireContext();
  const current = await currentSession();
  const { locale, timeZone } = principal;
  const sessions = await read((db) => openSessions(db, ability, principal.userId, current?.session.id ?? null));
  const mfa = await read((db) => ownMfaSettings(db, principal, false));
  const others = sessions.filter((s) => !s.current).length;
  const facts: [string, React.ReactNode][] = [
    ["Name", principal.name],
    ["Email", principal.email],
    ["Roles", principal.assignments.length ? principal.assignments.map((a) => `${ROLE_LABELS[a.role]} (${a.scopeName ?? "CSP"})`).join(", ") : "None"],
    ["Locale and time zone", `${locale} · ${timeZone.replace(/_/g, " ")}`],
  ];
  if (current) facts.push(["This session ends by", formatDateTime(current.session.expiresAt, locale, timeZone)]);

  return (
    <>
      <PageHeader title="Your account" description="Your password and the browsers where you are signed in." />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card aria-labelledby="sessions-title">
            <CardHeader
              title={<span id="sessions-title">Where you are signed in</span>}
              description="A session ends after 30 minutes without activity and 8 hours after sign-in at the latest."
              action={<EndOtherSessionsButton count={others} />}
            />
            <Table caption="Your open sessions">
              <thead>
                <tr>
                  <Th>Browser</Th>
                  <Th>Address</Th>
                  <Th>Signed in</Th>
                  <Th>Last active</Th>
                  <Th>
                    <span className="sr-only">Actions</span>
                  </Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {sessions.map((s) => (
                  <tr key={s.id}>
                    <Td>
                      <span className="flex items-center gap-2">
                        {s.device}
                        {s.current ? <Badge tone="blue">This browser</Badge> : null}
                      </span>
                    </Td>
                    <Td>{s.address ?? "Not recorded"}</Td>
                    <Td>{formatDateTime(s.createdAt, locale, timeZone)}</Td>
                    <Td>{formatDateTime(s.lastSeenAt, locale, timeZone)}</Td>
                    <Td className="text-right">{s.current ? null : <EndSessionButton sessionId={s.id} device={s.device} />}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </Card>
          {!ability.can("update", asSubject("Credential", { id: principal.userId, userId: principal.userId, enterpriseId: principal.enterpriseId })) ? null : (
            <Card aria-labelledby="password-title">
              <CardHeader title={<span id="password-title">Change password</span>} description="Your other sessions are signed out when you change it." />
              <CardBody>
                <ChangePasswordForm email={principal.email} minLength={MIN_PASSWORD_LENGTH} />
              </CardBody>
            </Card>
          )}
          <Card aria-labelledby="mfa-link-title">
            <CardHeader
              title={<span id="mfa-link-title">Two-step verification</span>}
              description={mfa.enabled ? "On: signing in asks for a code from your authenticator app." : "Off: signing in asks for your password only."}
              action={
                <ButtonLink href="/me/security" variant="secondary">
                  {mfa.enabled ? "Manage" : "Set up"}
                </ButtonLink>
              }
            />
          </Card>
        </div>
        <DetailsCard facts={facts} title="You" />
      </div>
    </>
  );
}
