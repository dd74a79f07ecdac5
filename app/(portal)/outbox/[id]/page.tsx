import { Breadcrumbs } from "@/components/ui/breadcrumbs";
import type { Metadata } from "next";
import { ExternalLink } from "lucide-react";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireContext } from "@/lib/auth/principal";
import { formatDateTime } from "@/lib/format";
import { getOutboxMessage } from "@/lib/mail/queries";
import { findInvitationLink } from "@/lib/mail/templates";
import { readForPage } from "@/lib/read";

export const metadata: Metadata = { title: "Outbox message", referrer: "no-referrer" };

export default async function OutboxMessagePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { principal, ability } = await requireContext();
  const message = await readForPage((db) => getOutboxMessage(db, ability, id));
  const link = findInvitationLink(message.text);
  return (
    <>
      <PageHeader
        title={message.subject}
        breadcrumbs={<Breadcrumbs items={[{ href: "/outbox", label: "Outbox" }, { label: "Message" }]} />}
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card>
            <CardHeader title="Message" description="The plain-text part, as the recipient's mail program shows it." />
            <CardBody>
              <pre className="whitespace-pre-wrap break-words font-sans text-sm leading-6 text-slate-800">{message.text}</pre>
            </CardBody>
          </Card>
          {message.html ? (
            <Card>
              <CardHeader title="HTML version" />
              {/* Sandboxed: the mail's HTML cannot run scripts or navigate this page. */}
              <iframe title="HTML version of the message" sandbox="" srcDoc={message.html} className="h-96 w-full rounded-b-lg border-0 bg-slate-50" />
            </Card>
          ) : null}
        </div>
        <div className="space-y-6">
          <Card>
            <CardHeader title="Details" />
            <CardBody>
              <dl className="space-y-3 text-sm">
                <div>
                  <dt className="text-slate-500">To</dt>
                  <dd className="font-medium break-all text-slate-800">{message.to}</dd>
                </div>
                <div>
                  <dt className="text-slate-500">Written</dt>
                  <dd className="text-slate-800">{formatDateTime(message.createdAt, principal.locale, principal.timeZone)}</dd>
                </div>
              </dl>
            </CardBody>
          </Card>
          {link ? (
            <Card>
              <CardHeader title="Invitation link" description="Opens the page the recipient would see. It works once." />
              <CardBody>
                <a href={link} className="inline-flex items-center gap-1.5 rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-brand-700" rel="noreferrer">
                  <ExternalLink aria-hidden className="size-4" /> Open invitation link
                </a>
                <p className="mt-3 break-all font-mono text-xs text-slate-500">{link}</p>
              </CardBody>
            </Card>
          ) : null}
        </div>
      </div>
    </>
  );
}
