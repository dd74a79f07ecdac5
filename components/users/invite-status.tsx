import { MailCheck } from "lucide-react";
import { getDb } from "@/db/client";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { requireContext } from "@/lib/auth/principal";
import { openInvitationForUser } from "@/lib/invitations/queries";
import { formatDateTime } from "@/lib/format";
import { InvitationActions } from "./invite-actions";

/**
 * The open invitation of a user who has not accepted yet, with Resend and Revoke; renders nothing
 * when there is none (or the viewer may not read it). For the user page: <InvitationPanel userId={id} />.
 */
export async function InvitationPanel({ userId, name }: { userId: string; name?: string }) {
  const { principal, ability } = await requireContext();
  const invitation = await openInvitationForUser(await getDb(), ability, userId);
  if (!invitation) return null;
  const { locale, timeZone } = principal;
  const expired = invitation.state === "expired";
  return (
    <Card aria-label="Invitation" className={expired ? "border-amber-200" : "border-brand-100"}>
      <div className="flex flex-wrap items-start justify-between gap-4 px-5 py-4">
        <div className="flex min-w-0 gap-3">
          <span aria-hidden className={`mt-0.5 flex size-8 shrink-0 items-center justify-center rounded-full ${expired ? "bg-amber-50 text-amber-700" : "bg-brand-50 text-brand-700"}`}>
            <MailCheck className="size-4" />
          </span>
          <div className="min-w-0">
            <div className="flex items-center gap-2">
              <h2 className="text-sm font-semibold text-slate-900">Invitation</h2>
              <Badge tone={expired ? "amber" : "blue"}>{expired ? "Expired" : "Pending"}</Badge>
            </div>
            <p className="mt-1 text-sm text-slate-600">
              Sent to <span className="font-medium text-slate-800">{invitation.email}</span> on {formatDateTime(invitation.createdAt, locale, timeZone)}
              {invitation.invitedByName ? ` by ${invitation.invitedByName}` : ""}.
            </p>
            <p className="mt-0.5 text-sm text-slate-500">
              {expired ? "The link expired on " : "The link works once and expires on "}
              {formatDateTime(invitation.expiresAt, locale, timeZone)}.
            </p>
          </div>
        </div>
        <InvitationActions userId={userId} name={name ?? invitation.email} canResend={invitation.canResend} canRevoke={invitation.canRevoke} />
      </div>
    </Card>
  );
}
