import type { Metadata } from "next";
import Link from "next/link";
import { ListCard } from "@/components/list/list-card";
import { SearchField } from "@/components/list/search-field";
import { SortHeader } from "@/components/list/sort-header";
import { PageHeader } from "@/components/ui/page-header";
import { Td, Th } from "@/components/ui/table";
import { requireContext } from "@/lib/auth/principal";
import { formatDateTime } from "@/lib/format";
import { outboxList } from "@/lib/mail/list";
import { mailMode } from "@/lib/mail/send";

export const metadata: Metadata = { title: "Outbox" };

export default async function OutboxPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { principal, ability } = await requireContext();
  const view = await outboxList.view({ ability, timeZone: principal.timeZone }, await searchParams);
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
      <ListCard
        view={view}
        locale={locale}
        label="Search the outbox"
        one="message"
        many="messages"
        caption="Outbox messages"
        empty={{ title: "The outbox is empty", description: "Invite someone and their invitation mail appears here." }}
        filters={
          <>
            <SearchField value={view.filterValues.q} label="Search" placeholder="Recipient or subject" />
          </>
        }
        head={
          <>
            <SortHeader view={view} keys={[{ key: "to", label: "To" }]} />
            <Th>Subject</Th>
            <SortHeader view={view} keys={[{ key: "written", label: "Written" }]} numeric />
          </>
        }
      >
        {view.rows.map((m) => (
          <tr key={m.id} className="hover:bg-slate-50">
            <Td className="font-medium text-slate-900">{m.to}</Td>
            <Td>
              <Link href={`/outbox/${m.id}`} className="text-brand-700 hover:underline">
                {m.subject}
              </Link>
            </Td>
            <Td className="whitespace-nowrap text-right text-slate-600">{formatDateTime(m.createdAt, locale, timeZone)}</Td>
          </tr>
        ))}
      </ListCard>
    </>
  );
}
