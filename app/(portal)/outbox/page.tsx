import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { OutboxPager } from "@/components/outbox/outbox-pager";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { requireContext } from "@/lib/auth/principal";
import { formatDateTime } from "@/lib/format";
import { listOutbox, OUTBOX_PAGE_SIZE } from "@/lib/mail/queries";
import { mailMode } from "@/lib/mail/send";

export const metadata: Metadata = { title: "Outbox" };

const search = z.object({ page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1) });

export default async function OutboxPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { principal, ability } = await requireContext();
  if (!ability.can("read", "OutboxMessage")) notFound();
  const { page } = search.parse(await searchParams);
  const { rows, total } = await listOutbox(await getDb(), ability, page);
  const { locale, timeZone } = principal;
  return (
    <>
      <PageHeader
        title="Outbox"
        description="Mail the portal has written for your organisation while no mail server is configured: invitations and their links."
      />
      {mailMode() === "smtp" ? (
        <p className="mb-4 rounded-md border border-slate-200 bg-white px-4 py-2.5 text-sm text-slate-600">A mail server is configured: new mail is sent there and no longer appears here.</p>
      ) : null}
      <Card>
        {rows.length === 0 ? (
          <EmptyState title={page > 1 ? "No messages on this page" : "The outbox is empty"} description="Invite someone and their invitation mail appears here." />
        ) : (
          <>
            <Table caption="Outbox messages, newest first">
              <thead>
                <tr>
                  <Th>To</Th>
                  <Th>Subject</Th>
                  <Th className="text-right">Written</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {rows.map((m) => (
                  <tr key={m.id} className="hover:bg-slate-50">
                    <Td className="font-medium text-slate-900">{m.to}</Td>
                    <Td>
                      <Link href={`/outbox/${m.id}`} className="text-brand-700 hover:underline">
                        {m.subject}
                      </Link>
                    </Td>
                    <Td className="whitespace-nowrap text-right text-slate-500">{formatDateTime(m.createdAt, locale, timeZone)}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
            <OutboxPager page={page} pageSize={OUTBOX_PAGE_SIZE} total={total} />
          </>
        )}
      </Card>
    </>
  );
}
