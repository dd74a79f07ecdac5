import type { Metadata } from "next";
import { MfaSettings } from "@/components/mfa/mfa-settings";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireContext } from "@/lib/auth/principal";
import { asSubject } from "@/lib/authz/subjects";
import { ownMfaSettings } from "@/lib/mfa/queries";
import { read } from "@/lib/read";

export const metadata: Metadata = { title: "Security" };

/** The signed-in person's own sign-in security: two-step verification (TOTP) and recovery codes. */
export default async function SecurityPage() {
  const { principal, ability } = await requireContext();
  // In a support session the person's screen is shown, but never their secrets, and nothing changes.
  const canChange = !principal.impersonation && ability.can("update", asSubject("Credential", { id: principal.userId, userId: principal.userId, enterpriseId: principal.enterpriseId }));
  const settings = await read((db) => ownMfaSettings(db, principal, canChange));
  return (
    <>
      <PageHeader
        title="Security"
        description="How you prove it is you when you sign in."
        breadcrumbs={<Breadcrumbs items={[{ href: "/me", label: "Your account" }, { label: "Security" }]} />}
      />
      <div className="max-w-3xl space-y-6">
        <Card aria-labelledby="mfa-title">
          <CardHeader title={<span id="mfa-title">Two-step verification</span>} description="A code from an authenticator app on your phone, asked for after your password." />
          <CardBody>
            {canChange ? (
              <MfaSettings {...settings} />
            ) : (
              <p className="text-sm text-slate-600">
                Two-step verification is {settings.enabled ? "on" : "off"}. It cannot be changed while viewing as someone.
              </p>
            )}
          </CardBody>
        </Card>
      </div>
    </>
  );
}
