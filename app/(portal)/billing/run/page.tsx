import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { BillRunner } from "@/components/bills/bill-runner";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { requireContext } from "@/lib/auth/principal";
import { billRunOverview, endedMonths } from "@/lib/billing/run-step";
import { formatPeriod } from "@/lib/format";
import { firstValues } from "@/lib/list/params";
import { read } from "@/lib/read";

export const metadata: Metadata = { title: "Bill runs" };

export default async function BillRunPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { principal, ability } = await requireContext();
  // Only who runs bills (the CSP administrator) has this page; for everyone else it does not exist.
  if (!ability.can("create", "Bill")) notFound();
  const months = endedMonths();
  const asked = firstValues((await searchParams) ?? {}).period;
  const period = asked && months.includes(asked) ? asked : months[0]!;
  const overview = await read((db) => billRunOverview(db, period));
  const { locale } = principal;
  return (
    <>
      <PageHeader title="Bill runs" description="Bill a month that has ended for every billing account, or one enterprise's. Running a month again changes nothing: each account is billed once." />
      <Card>
        <CardHeader title="Run a month" description="Each billing account gets its bill for the month: recurring charges of its installed services, prorated; one-off charges of orders completed; credits for accepted disputes; tax by the legal entity's country." />
        <div className="px-5 py-4">
          <BillRunner months={months} enterprises={overview.map((o) => ({ id: o.enterpriseId, name: o.name }))} initialPeriod={period} />
        </div>
      </Card>
      <Card className="mt-6">
        <CardHeader title={`Billed for ${formatPeriod(`${period}-01`, locale)}`} description="Billing accounts per enterprise with a bill for this month." />
        <Table caption="Bill run status per enterprise">
          <thead>
            <tr>
              <Th>Enterprise</Th>
              <Th numeric>Billing accounts</Th>
              <Th numeric>Billed for the month</Th>
              <Th>Latest month billed</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {overview.map((o) => (
              <tr key={o.enterpriseId}>
                <Td>{o.name}</Td>
                <Td numeric>{o.accounts}</Td>
                <Td numeric>{o.billed}</Td>
                <Td>{o.latest ? formatPeriod(o.latest, locale) : "—"}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Card>
    </>
  );
}
