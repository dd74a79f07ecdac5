import { MailCheck } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import type { InvitationSummary } from "@/lib/invitations/queries";
import { formatDateTime } from "@/lib/format";
import { InvitationActions } from "./invite-actions";

/**
 * The open invitation of a user who has not accepted yet, with Resend and Revoke; renders nothing
 * when there is none (the page passes what openInvitationForUser read, which is null when the
 * viewer may not read it).
 */
export function InvitationPanel({ invitation, userId, name, locale, timeZone }: { invitation: InvitationSummary | null; userId: string; name?: string; locale: string; timeZone: string }) {
  if (!invitation) return null;
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
