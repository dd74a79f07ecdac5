import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AwayForm } from "@/components/approvals/away-form";
import { ListCard } from "@/components/list/list-card";
import { SearchField } from "@/components/list/search-field";
import { SortHeader } from "@/components/list/sort-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Td, Th } from "@/components/ui/table";
import { awaySettings } from "@/lib/approvals/queries";
import { requireContext } from "@/lib/auth/principal";
import { formatDate, formatDateTime, formatMoney } from "@/lib/format";
import { approvalsInbox } from "@/lib/orders/inbox";
import { todayIn } from "@/lib/time";

export const metadata: Metadata = { title: "Approvals" };

export default async function ApprovalsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { principal, ability } = await requireContext();
  if (!ability.can("approve", "Order")) notFound();
  const { locale, timeZone } = principal;
  const view = await approvalsInbox.view({ ability, userId: principal.userId, timeZone }, await searchParams, (db) => awaySettings(db, ability, principal));
  const away = view.extra;
  const day = (d: Date) => formatDate(d, locale, timeZone);
  return (
    <>
      <PageHeader title="Approvals" description="The orders you may decide now: in your scope, within your approval limit, not your own, and not a level you decided." />
      <div className="space-y-6">
        <ListCard
          view={view}
          locale={locale}
          label="Search the approvals"
          one="order waiting"
          many="orders waiting"
          caption="Orders waiting for your decision"
          empty={{ title: "Nothing waits for you", description: "Orders that need your approval will appear here, and you will get a notification." }}
          filters={<SearchField value={view.filterValues.q} label="Search" placeholder="Order, PO number or orderer" />}
          head={
            <>
              <Th>Order</Th>
              <Th>Placed by</Th>
              <Th>For</Th>
              <Th>Level</Th>
              <SortHeader view={view} keys={[{ key: "waiting", label: "Waiting since" }]} />
              <SortHeader view={view} keys={[{ key: "total", label: "First-year value" }]} numeric />
            </>
          }
        >
          {view.rows.map((o) => (
            <tr key={o.id} className="hover:bg-slate-50">
              <Td>
                <Link href={`/orders/${o.id}`} className="font-medium text-brand-700 hover:underline">
                  {o.number}
                </Link>
                <span className="ml-2 inline-flex gap-1">
                  {o.escalated ? <Badge tone="amber">Escalated</Badge> : null}
                  {o.forName ? <Badge tone="violet">For {o.forName}</Badge> : null}
                </span>
              </Td>
              <Td>{o.createdByName}</Td>
              <Td>{o.nodeName}</Td>
              <Td>
                {o.level} of {o.requiredLevels}
              </Td>
              <Td>{o.levelSince ? formatDateTime(o.levelSince, locale, timeZone) : "—"}</Td>
              <Td numeric>{formatMoney(o.totalMinor, o.currency, locale)}</Td>
            </tr>
          ))}
        </ListCard>

        {away.canSet ? (
          <Card>
            <CardHeader title="Away" description="While you are away, the person you name decides in your place, within their own scope and limit; every decision records both names. With no one named, waiting orders go up the tree after your organisation's escalation time." />
            <CardBody>
              <AwayForm
                today={todayIn(timeZone)}
                periods={away.periods.map((p) => ({ id: p.id, from: day(p.startsAt), to: day(new Date(p.endsAt.getTime() - 1)), delegateName: p.delegateName }))}
                colleagues={away.colleagues}
              />
            </CardBody>
          </Card>
        ) : null}
      </div>
    </>
  );
}
