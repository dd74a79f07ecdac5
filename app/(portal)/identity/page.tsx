import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ConnectionForm } from "@/components/identity/connection-form";
import { Domains } from "@/components/identity/domains";
import { MfaPolicyCard } from "@/components/mfa/mfa-policy-card";
import { SsoSwitches } from "@/components/identity/sso-switches";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireContext } from "@/lib/auth/principal";
import { ROLE_LABELS } from "@/lib/authz/vocabulary";
import { formatDateTime } from "@/lib/format";
import { identitySettingsFor } from "@/lib/identity/connection";
import { verificationRecordName, verificationRecordValue } from "@/lib/identity/domains";
import { SSO_TEST_PREFIX } from "@/lib/identity/oidc";
import { DEFAULT_ROLES } from "@/lib/identity/schemas";
import { SSO_PROVIDER_PREFIX } from "@/lib/identity/sso-route";
import { mailOrigin } from "@/lib/notifications/notify";
import { read } from "@/lib/read";
import { nodeFilterOptions } from "@/lib/users/queries";

export const metadata: Metadata = { title: "Sign-in" };

/**
 * How an enterprise's people sign in, set by its admins: two-step verification required or not, and
 * the organisation's own identity provider (OpenID Connect): the provider, its verified e-mail
 * domains, a test sign-in, then SSO on and, if they wish, passwords off.
 */
export default async function IdentityPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { principal, ability } = await requireContext();
  const settings = await read((db) => identitySettingsFor(db, ability, principal.enterpriseId));
  if (!settings) notFound();
  const { connection, domains, canChange } = settings;
  const params = await searchParams;
  // Newcomers land on the enterprise, a legal entity or a billing account: thousands of sites would make an unusable list.
  const nodes = canChange ? (await read((db) => nodeFilterOptions(db, ability))).filter((n) => n.enterpriseId === settings.enterpriseId && n.kind !== "sub_account") : [];
  const origin = mailOrigin();
  const verified = domains.filter((d) => d.verifiedAt).length;

  return (
    <>
      <PageHeader title="Sign-in" description="How your people sign in: two-step verification for everyone, or your organisation's own identity provider (OpenID Connect)." />
      {params.test === "passed" ? (
        <p role="status" className="mb-4 rounded-md border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-800">
          The test sign-in worked: Trellis reached your provider, checked its issuer and signed you in there.
        </p>
      ) : null}
      <div className="mb-6">
        <MfaPolicyCard enterpriseId={settings.enterpriseId} />
      </div>
      <Card className="mb-6" aria-labelledby="sso-provider-title">
        <CardHeader
          title={<span id="sso-provider-title">Single sign-on: identity provider</span>}
          description="Register Trellis at your provider as a web application with the authorization code flow, then enter what it gives you."
          action={connection ? <Badge tone={connection.enabled ? "green" : "neutral"}>{connection.enabled ? "On" : "Off"}</Badge> : null}
        />
        <CardBody className="space-y-4">
          {connection ? (
            <dl className="grid max-w-3xl gap-2 text-sm">
              <div>
                <dt className="font-medium text-slate-700">Redirect URIs to register at your provider</dt>
                <dd className="font-mono text-xs break-all text-slate-600">{`${origin}/api/auth/callback/${SSO_PROVIDER_PREFIX}${connection.id}`}</dd>
                <dd className="font-mono text-xs break-all text-slate-600">{`${origin}/api/auth/callback/${SSO_TEST_PREFIX}${connection.id}`}</dd>
              </div>
              {connection.testedAt ? (
                <div>
                  <dt className="font-medium text-slate-700">Last passed test</dt>
                  <dd className="text-slate-600">{formatDateTime(connection.testedAt, principal.locale, principal.timeZone)}</dd>
                </div>
              ) : null}
            </dl>
          ) : (
            <p className="text-sm text-slate-600">Save the provider first: the redirect URIs to register are shown once it has an id.</p>
          )}
          {canChange ? (
            <ConnectionForm
              initial={{ issuer: connection?.issuer ?? "", clientId: connection?.clientId ?? "", defaultRole: connection?.defaultRole ?? "", defaultNodeId: connection?.defaultNodeId ?? "" }}
              hasSecret={Boolean(connection?.hasSecret)}
              roles={DEFAULT_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
              nodes={nodes.map((n) => ({ id: n.id, name: n.name, depth: n.depth }))}
            />
          ) : connection ? (
            <p className="text-sm text-slate-600">
              Issuer {connection.issuer}, client {connection.clientId}.
            </p>
          ) : null}
        </CardBody>
      </Card>
      <Card className="mb-6" aria-labelledby="sso-domains-title">
        <CardHeader title={<span id="sso-domains-title">E-mail domains</span>} description="Sign-in for addresses at a verified domain goes to your provider. A domain belongs to one organisation only." />
        <CardBody>
          <Domains
            canChange={canChange}
            rows={domains.map((d) => ({ domain: d.domain, verified: Boolean(d.verifiedAt), recordName: verificationRecordName(d.domain), recordValue: verificationRecordValue(d.verificationToken) }))}
          />
        </CardBody>
      </Card>
      {connection && canChange ? (
        <Card className="mb-6" aria-labelledby="sso-switches-title">
          <CardHeader title={<span id="sso-switches-title">Switch it on</span>} />
          <CardBody>
            <SsoSwitches enabled={connection.enabled} passwordSignIn={connection.passwordSignIn} tested={Boolean(connection.testedAt)} canEnable={Boolean(connection.testedAt) && verified > 0} />
          </CardBody>
        </Card>
      ) : null}
    </>
  );
}
