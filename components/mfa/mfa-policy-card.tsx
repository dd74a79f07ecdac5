import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { mfaPolicyForRequest } from "@/lib/mfa/queries";
import { MfaPolicySwitch } from "./mfa-policy-switch";

/**
 * An enterprise's MFA policy (`IdentityProvider`: admins of the whole enterprise), self-contained:
 * renders nothing for someone who may not read it. Requiring MFA sends everyone of the enterprise
 * without a second factor to set one up at their next request; single sign-on is left to the
 * identity provider's own factors.
 */
export async function MfaPolicyCard({ enterpriseId }: { enterpriseId: string }) {
  const policy = await mfaPolicyForRequest(enterpriseId);
  if (!policy) return null;
  return (
    <Card aria-labelledby="mfa-policy-title">
      <CardHeader
        title={<span id="mfa-policy-title">Two-step verification for everyone</span>}
        description="People who sign in with a password must also enter a code from an authenticator app. Single sign-on relies on your identity provider's own checks."
        action={<Badge tone={policy.required ? "green" : "neutral"}>{policy.required ? "Required" : "Optional"}</Badge>}
      />
      <CardBody>
        {policy.canUpdate ? (
          <MfaPolicySwitch enterpriseId={enterpriseId} required={policy.required} />
        ) : (
          <p className="text-sm text-slate-600">{policy.required ? "Everyone must use two-step verification." : "Each person decides for themselves."}</p>
        )}
      </CardBody>
    </Card>
  );
}
