/**
 * A bill's split by sub-account (cost centre), by site and by offering: sums of the bill's rounded
 * lines, so each split adds up to the bill's totals exactly, to the minor unit.
 */
export type SplitDimension = "sub_account" | "site" | "offering";
export const SPLIT_DIMENSIONS: SplitDimension[] = ["sub_account", "site", "offering"];

type SplitLine = { subAccountId: string; siteId?: string | null; offeringId?: string | null; amountMinor: number; taxMinor: number };
export type SplitRow = { dimension: SplitDimension; keyId: string | null; amountMinor: number; taxMinor: number; lines: number };

const keyOf = (l: SplitLine, d: SplitDimension) => (d === "sub_account" ? l.subAccountId : d === "site" ? (l.siteId ?? null) : (l.offeringId ?? null));

export function splitTotals(lines: SplitLine[]): SplitRow[] {
  const out: SplitRow[] = [];
  for (const dimension of SPLIT_DIMENSIONS) {
    const by = new Map<string | null, SplitRow>();
    for (const l of lines) {
      const key = keyOf(l, dimension);
      const row = by.get(key) ?? { dimension, keyId: key, amountMinor: 0, taxMinor: 0, lines: 0 };
      row.amountMinor += l.amountMinor;
      row.taxMinor += l.taxMinor;
      row.lines += 1;
      by.set(key, row);
    }
    out.push(...by.values());
  }
  return out;
}
