/**
 * Pure contract rules (TMF651 Agreement): negotiated against list prices, consumption against
 * commitments, what makes a price item's volume bands valid, and what a draft needs before it can
 * be activated. No database, no zod: pages, forms, mutations and tests share them.
 * The unit price with volume bands is lib/orders/pricing.ts `unitPrice` (one rule, not two).
 */
import { unitPrice, type PriceItem } from "@/lib/orders/pricing";
import { MAX_TERM_YEARS } from "./labels";

export type Band = { minQuantity: number; recurringMinor: number };

/**
 * A negotiated amount against its list price: the difference (list − negotiated, positive when
 * the contract is cheaper) and the discount in basis points of the list price (1250 = 12.5 %).
 * Null when there is no list price to compare with; a zero list price has no percentage.
 */
export function compareWithList(negotiatedMinor: number, listMinor: number | null | undefined): { savingMinor: number; discountBp: number | null } | null {
  if (listMinor == null) return null;
  const savingMinor = listMinor - negotiatedMinor;
  return { savingMinor, discountBp: listMinor === 0 ? null : Math.round((savingMinor * 10_000) / listMinor) };
}

/** "12.5 %" style text for a discount in basis points: "−12.5 %" is dearer than list. */
export function discountText(bp: number | null): string {
  if (bp == null) return "—";
  if (bp === 0) return "list price";
  const pct = Math.abs(bp) / 100;
  const text = Number.isInteger(pct) ? String(pct) : pct.toFixed(pct * 10 === Math.round(pct * 10) ? 1 : 2);
  return bp > 0 ? `${text} % below list` : `${text} % above list`;
}

export type Commitment = {
  committed: number;
  consumed: number;
  /** How many more units meet the commitment (0 once met). */
  shortfall: number;
  /** consumed / committed in whole percent (may exceed 100). */
  percent: number;
  met: boolean;
};

/**
 * Consumption against a committed quantity. Null when nothing was committed (0): the item is then
 * priced without a volume promise, and there is nothing to measure against.
 */
export function commitmentProgress(committed: number, consumed: number): Commitment | null {
  if (committed <= 0) return null;
  const shortfall = Math.max(0, committed - consumed);
  return { committed, consumed, shortfall, percent: Math.floor((consumed * 100) / committed), met: shortfall === 0 };
}

/** The unit price at a volume (installed plus ordered): the band reached, as orders are priced. */
export function priceAtVolume(item: PriceItem, volume: number) {
  return unitPrice(item, volume, 0);
}

/**
 * What is wrong with a price item's volume bands, per band (by index): a band starts at 2 units or
 * more, no two start at the same quantity, and a band gives a lower monthly unit price than the
 * item's own price and than every band that starts at a lower quantity ("a lower unit price from
 * a quantity on"). An empty map when all is well.
 */
export function bandProblems(recurringMinor: number, bands: Band[]): Map<number, string> {
  const problems = new Map<number, string>();
  const seen = new Map<number, number>();
  bands.forEach((b, i) => {
    if (b.minQuantity < 2) problems.set(i, "A band starts at 2 units or more");
    else if (seen.has(b.minQuantity)) problems.set(i, `Another band already starts at ${b.minQuantity}`);
    else if (b.recurringMinor >= recurringMinor) problems.set(i, "A band's monthly price is lower than the item's own");
    seen.set(b.minQuantity, i);
  });
  const ordered = bands.map((b, i) => ({ ...b, i })).sort((a, b) => a.minQuantity - b.minQuantity);
  for (let k = 1; k < ordered.length; k++) {
    const prev = ordered[k - 1]!;
    const cur = ordered[k]!;
    if (!problems.has(cur.i) && prev.minQuantity !== cur.minQuantity && cur.recurringMinor >= prev.recurringMinor) {
      problems.set(cur.i, `From ${cur.minQuantity} units the price must be lower than from ${prev.minQuantity}`);
    }
  }
  return problems;
}

/** Whether two ISO dates (YYYY-MM-DD) make a valid term: ends on or after it starts, at most MAX_TERM_YEARS long. */
export function termProblem(startsOn: string, endsOn: string): string | null {
  if (endsOn < startsOn) return "The term ends on or after the day it starts";
  const limit = `${String(Number(startsOn.slice(0, 4)) + MAX_TERM_YEARS).padStart(4, "0")}${startsOn.slice(4)}`;
  if (endsOn > limit) return `A term runs at most ${MAX_TERM_YEARS} years`;
  return null;
}

/** Whether an offering may be put on a contract whose term is [startsOn, endsOn]: active and valid for part of the term. */
export function offeringFitsTerm(offering: { isActive: boolean; validFrom: string; validTo: string | null }, startsOn: string, endsOn: string): string | null {
  if (!offering.isActive) return "This offering is withdrawn from the catalog";
  if (offering.validFrom > endsOn || (offering.validTo != null && offering.validTo < startsOn)) return "This offering is not available during the contract's term";
  return null;
}

/** Whether an offering can be ordered on `day` (ISO date): active and within its validity (inclusive, open-ended when validTo is null). */
export function isOfferingAvailable(offering: { isActive: boolean; validFrom: string; validTo: string | null }, day: string): boolean {
  return offering.isActive && offering.validFrom <= day && (offering.validTo == null || offering.validTo >= day);
}

/** What stops a draft from being activated on `today`, or null: it needs a price item, and its term must not be over. */
export function activationProblem(draft: { endsOn: string; itemCount: number }, today: string): string | null {
  if (draft.itemCount === 0) return "A contract needs at least one price item before it can be activated";
  if (draft.endsOn < today) return "The term of this draft has already ended: correct its dates first";
  return null;
}

/** The next version number of a contract reference, after the versions it has. */
export function nextVersion(versions: number[]): number {
  return versions.reduce((max, v) => Math.max(max, v), 0) + 1;
}

/** A new contract's reference: CTR-<enterprise code>-<year>-<three-digit sequence>. */
export function contractReference(enterpriseCode: string | null, year: number, sequence: number): string {
  const code = (enterpriseCode ?? "X").toUpperCase().replace(/[^A-Z0-9]+/g, "-").replace(/^-|-$/g, "") || "X";
  return `CTR-${code}-${year}-${String(sequence).padStart(3, "0")}`;
}
