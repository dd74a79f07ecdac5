import type { Metadata } from "next";
import Link from "next/link";
import { Plus } from "lucide-react";
import { AttentionBadges, SupportBadge } from "@/components/csp/attention-badges";
import { ListCard } from "@/components/list/list-card";
import { SearchField } from "@/components/list/search-field";
import { SortHeader } from "@/components/list/sort-header";
import { ButtonLink } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { Td, Th } from "@/components/ui/table";
import { requireContext } from "@/lib/auth/principal";
import { customersList } from "@/lib/csp/console";
import { formatDate, formatDateTime } from "@/lib/format";

export const metadata: Metadata = { title: "Customers" };

/**
 * The CSP console: an account manager's enterprises (a CSP administrator's: all of them), each with
 * who looks after it, what needs attention and whether it lets its account managers in.
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
          title: "No enterprises yet",
          description: canOnboard ? "Onboard the first enterprise to get started." : "When a CSP administrator assigns an enterprise to you, it appears here.",
        }}
        filters={<SearchField value={view.filterValues.q} label="Search" placeholder="Enterprise name or code" />}
        head={
          <>
            <SortHeader view={view} keys={[{ key: "name", label: "Enterprise" }]} />
            <Th>Account managers</Th>
            <Th>Needs attention</Th>
            <Th>Support access</Th>
            <SortHeader view={view} keys={[{ key: "onboarded", label: "Onboarded" }]} />
          </>
        }
      >
        {view.rows.map((c) => (
          <tr key={c.id} className="align-top hover:bg-slate-50" data-testid="customer-row">
            <Td>
              <Link href={`/csp/customers/${c.id}`} className="font-medium text-brand-700 hover:underline">
                {c.name}
              </Link>
              {c.code ? <span className="block text-xs text-slate-500">{c.code}</span> : null}
            </Td>
            <Td className="text-slate-700">{c.managers.length ? c.managers.map((m) => m.name).join(", ") : <span className="text-amber-800">None assigned</span>}</Td>
            <Td>
              <AttentionBadges attention={c.attention} locale={locale} />
            </Td>
            <Td>
              <SupportBadge state={c.support.state} until={c.support.writeUntil ? formatDateTime(c.support.writeUntil, locale, timeZone) : null} />
            </Td>
            <Td className="whitespace-nowrap text-slate-600">{formatDate(c.createdAt, locale, timeZone)}</Td>
          </tr>
        ))}
      </ListCard>
    </>
  );
}
