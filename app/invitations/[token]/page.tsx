import type { Metadata } from "next";
import { AcceptInvitationForm, InvalidLinkMessage } from "@/components/users/invite-accept-form";
import { findOpenInvitation } from "@/lib/invitations/accept";
import { formatDateTime } from "@/lib/format";
import { read } from "@/lib/read";

// The token is in the URL: never send it on as a referrer, never index the page.
export const metadata: Metadata = { title: "Accept your invitation", referrer: "no-referrer", robots: { index: false, follow: false } };
export const dynamic = "force-dynamic";

/**
 * The public page an invitation mail links to. Expired, revoked, used and unknown links all get
 * the same answer; an open one shows who it is for and the "Choose a password" form.
 */
export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = await read((db) => findOpenInvitation(db, token));
  return (
    <div className="flex min-h-screen items-center justify-center bg-slate-50 px-4 py-10">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex items-center justify-center gap-2">
          <span aria-hidden className="flex size-9 items-center justify-center rounded-lg bg-brand-600 text-lg font-bold text-white">
            T
          </span>
          <span className="text-xl font-semibold tracking-tight">Trellis</span>
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
          {invitation ? (
            <>
              <h1 className="text-lg font-semibold text-slate-900">Choose a password</h1>
              <p className="mt-1 text-sm text-slate-500">
                Welcome, <span className="font-medium text-slate-800">{invitation.name}</span>. You have been invited to the {invitation.organisation} portal.
              </p>
              <dl className="mt-4 mb-6 rounded-md bg-slate-50 px-3 py-2 text-sm">
                <div className="flex justify-between gap-3">
                  <dt className="text-slate-500">Email</dt>
                  <dd className="truncate font-medium text-slate-800">{invitation.email}</dd>
                </div>
                <div className="mt-1 flex justify-between gap-3">
                  <dt className="text-slate-500">Link expires</dt>
                  <dd className="text-slate-700">{formatDateTime(invitation.expiresAt, "en-GB", "UTC")} UTC</dd>
                </div>
              </dl>
              <AcceptInvitationForm token={token} email={invitation.email} />
            </>
          ) : (
            <InvalidLinkMessage />
          )}
        </div>
      </div>
    </div>
  );
}
