import Link from "next/link";
import { Card, CardHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import type { SplitRow } from "@/lib/billing/queries";

/**
 * One split of a bill (by cost centre, site or product): each row links to the bill's lines it
 * stands for, and the footer's total is the bill's total (the bill run wrote the split from the
 * same rounded lines, so they agree to the minor unit).
 */
export function SplitTable({
  title,
  keyLabel,
  rows,
  money,
  lineHref,
  totalMinor,
  extra,
}: {
  title: string;
  keyLabel: string;
  rows: SplitRow[];
  money: (minor: number) => string;
  lineHref: (keyId: string) => string;
  totalMinor: number;
  /** Extra columns (the change against last month, on the split by cost centre). */
  extra?: { headers: string[]; cells: (row: SplitRow) => React.ReactNode[]; footer: React.ReactNode[] };
}) {
  const sum = rows.reduce((s, r) => s + r.totalMinor, 0);
  return (
    <Card>
      <CardHeader title={title} />
      <Table caption={title}>
        <thead>
          <tr>
            <Th>{keyLabel}</Th>
            <Th numeric>Lines</Th>
            <Th numeric>Net</Th>
            <Th numeric>Tax</Th>
            <Th numeric>Total</Th>
            {extra?.headers.map((h) => (
              <Th key={h} numeric>
                {h}
              </Th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((r) => (
            <tr key={r.keyId ?? "none"}>
              <Td>
                {r.keyId ? (
                  <Link href={lineHref(r.keyId)} className="text-brand-700 hover:underline">
                    {r.name}
                  </Link>
                ) : (
                  <span className="text-slate-600">{r.name}</span>
                )}
              </Td>
              <Td numeric>{r.lines}</Td>
              <Td numeric>{money(r.amountMinor)}</Td>
              <Td numeric>{money(r.taxMinor)}</Td>
              <Td numeric className="font-medium">
                {money(r.totalMinor)}
              </Td>
              {extra?.cells(r).map((c, i) => (
                <Td key={i} numeric>
                  {c}
                </Td>
              ))}
            </tr>
          ))}
        </tbody>
        <tfoot className="border-t border-slate-200 bg-slate-50">
          <tr>
            <th scope="row" className="px-4 py-2.5 text-left text-sm font-semibold text-slate-900">
              Total
            </th>
            <Td numeric />
            <Td numeric>{money(rows.reduce((s, r) => s + r.amountMinor, 0))}</Td>
            <Td numeric>{money(rows.reduce((s, r) => s + r.taxMinor, 0))}</Td>
            <Td numeric className="font-semibold text-slate-900">
              <span data-split-total={sum} data-bill-total={totalMinor}>
                {money(sum)}
              </span>
            </Td>
            {extra?.footer.map((c, i) => (
              <Td key={i} numeric>
                {c}
              </Td>
            ))}
          </tr>
        </tfoot>
      </Table>
    </Card>
  );
}
