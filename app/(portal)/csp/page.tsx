import type { Metadata } from "next";
import Link from "next/link";
import { Plus } from "lucide-react";
import { AttentionCount, AttentionLevelBadge, SupportBadge } from "@/components/csp/attention-badges";
import { ListCard } from "@/components/list/list-card";
import { SearchField } from "@/components/list/search-field";
import { SortHeader } from "@/components/list/sort-header";
import { ButtonLink } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { Td, Th } from "@/components/ui/table";
import { requireContext } from "@/lib/auth/principal";
import { RENEWAL_WINDOW_DAYS, STALE_APPROVAL_HOURS } from "@/lib/csp/attention";
import { customersList } from "@/lib/csp/console";
import { formatDate, formatDateTime, formatMoney } from "@/lib/format";

export const metadata: Metadata = { title: "Customers" };

/**
 * The CSP console: an account manager's enterprises (a CSP administrator's: all of them), each with
 * who looks after it, what needs attention and whether it lets its account managers in. Anyone who
 * may read no Customer (every customer user) gets a 404 from the list's view.
 */
export default async function CustomersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { principal, ability } = await requireContext();
  const { locale, timeZone } = principal;
  const view = await customersList.view({ ability, timeZone }, await searchParams);
  const canOnboard = ability.can("create", "Customer");

  return (
    <>
      <PageHeader
        title="Customers"
        description={canOnboard ? "Every enterprise, who looks after it and what needs attention." : "The enterprises you look after and what needs your attention."}
        actions={
          canOnboard ? (
            <ButtonLink href="/csp/onboard" variant="primary">
              <Plus aria-hidden className="size-4" />
              Onboard an enterprise
            </ButtonLink>
          ) : null
        }
      />
      <ListCard
        view={view}
        locale={locale}
        label="Filter customers"
        one="enterprise"
        many="enterprises"
        caption="Customers"
        empty={{
          title: canOnboard ? "No enterprises yet" : "No enterprises assigned to you",
          description: canOnboard ? "Onboard the first enterprise to get started." : "When a CSP administrator assigns an enterprise to you, it appears here.",
        }}
        filters={<SearchField value={view.filterValues.q} label="Search" placeholder="Enterprise name or code" />}
        head={
          <>
            <SortHeader
              view={view}
              keys={[
                { key: "name", label: "Enterprise" },
                { key: "onboarded", label: "Onboarded" },
              ]}
            />
            <Th>Account managers</Th>
            <SortHeader view={view} keys={[{ key: "attention", label: "Attention" }]} />
            <Th numeric>Approvals over {STALE_APPROVAL_HOURS} h</Th>
            <Th numeric>Overdue bills</Th>
            <Th numeric>Open disputes</Th>
            <Th numeric>Invitations</Th>
            <Th numeric>Ending in {RENEWAL_WINDOW_DAYS} days</Th>
            <Th>Support access</Th>
          </>
        }
      >
        {view.rows.map((c) => (
          <tr key={c.id} className="align-top hover:bg-slate-50" data-testid="customer-row">
            <Td>
              <Link href={`/csp/customers/${c.id}`} className="font-medium text-brand-700 hover:underline">
                {c.name}
              </Link>
              <span className="block text-xs text-slate-500">
                {c.code ? `${c.code} · ` : ""}onboarded {formatDate(c.createdAt, locale, timeZone)}
              </span>
            </Td>
            <Td className="text-slate-700">{c.managers.length ? c.managers.map((m) => m.name).join(", ") : <span className="text-amber-800">None assigned</span>}</Td>
            <Td>
              <AttentionLevelBadge attention={c.attention} />
            </Td>
            <Td numeric>
              <AttentionCount n={c.attention.staleApprovals} tone="amber" one="approval waiting" many="approvals waiting" />
            </Td>
            <Td numeric>
              <AttentionCount n={c.attention.overdueBills} tone="red" one="overdue bill" many="overdue bills" />
              {/* One amount per currency, never added across currencies. */}
              {c.attention.overdue.map((o) => (
                <span key={o.currency} className="block text-xs whitespace-nowrap text-rose-700">
                  {formatMoney(o.amountMinor, o.currency, locale)}
                </span>
              ))}
            </Td>
            <Td numeric>
              <AttentionCount n={c.attention.openDisputes} tone="violet" one="open dispute" many="open disputes" />
            </Td>
            <Td numeric>
              <AttentionCount n={c.attention.pendingInvitations} tone="blue" one="pending invitation" many="pending invitations" />
            </Td>
            <Td numeric>
              <AttentionCount n={c.attention.renewals} tone="amber" one="contract ending" many="contracts ending" />
            </Td>
            <Td>
              <SupportBadge state={c.support.state} until={c.support.writeUntil ? formatDateTime(c.support.writeUntil, locale, timeZone) : null} />
            </Td>
          </tr>
        ))}
      </ListCard>
    </>
  );
}
