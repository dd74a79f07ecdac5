import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { Badge, statusTone } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { Table, Td, Th } from "@/components/ui/table";
import { requireContext } from "@/lib/auth/principal";
import { BILL_PAGE_SIZE, listBills } from "@/lib/billing/queries";
import { BILL_STATUS_LABELS, formatDate, formatMoney, formatPeriod } from "@/lib/format";

export const metadata: Metadata = { title: "Bills" };

const paramsSchema = z.object({ page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1) });

export default async function BillsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { principal, ability } = await requireContext();
  if (!ability.can("read", "Bill")) notFound();
  const params = paramsSchema.parse(await searchParams);
  const { rows, total } = await listBills(await getDb(), ability, params);
  const { locale } = principal;
  return (
    <>
      <PageHeader title="Bills" description="Monthly bills of the billing accounts in your scope, each in its account's currency." />
      <Card>
        {rows.length === 0 ? (
          <EmptyState title="No bills" description="Bills of billing accounts in your scope will appear here." />
        ) : (
          <>
            <Table caption="Bills">
              <thead>
                <tr>
                  <Th>Bill</Th>
                  <Th>Billing account</Th>
                  <Th>Period</Th>
                  <Th>Due</Th>
                  <Th>Status</Th>
                  <Th numeric>Net</Th>
                  <Th numeric>Tax</Th>
                  <Th numeric>Total</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {rows.map((b) => (
                  <tr key={b.id} className="hover:bg-slate-50">
                    <Td>
                      <Link href={`/bills/${b.id}`} className="font-mono text-xs font-medium text-brand-700 hover:underline">
                        {b.number}
                      </Link>
                    </Td>
                    <Td>{b.accountName}</Td>
                    <Td>{formatPeriod(b.periodStart, locale)}</Td>
                    <Td>{formatDate(b.dueOn, locale)}</Td>
                    <Td>
                      <Badge tone={statusTone(b.status)}>{BILL_STATUS_LABELS[b.status]}</Badge>
                    </Td>
                    <Td numeric>{formatMoney(b.subtotalMinor, b.currency, locale)}</Td>
                    <Td numeric>{formatMoney(b.taxMinor, b.currency, locale)}</Td>
                    <Td numeric className="font-medium">
                      {formatMoney(b.totalMinor, b.currency, locale)}
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
            <Pagination page={params.page} pageSize={BILL_PAGE_SIZE} total={total} basePath="/bills" params={{}} />
          </>
        )}
      </Card>
    </>
  );
}
