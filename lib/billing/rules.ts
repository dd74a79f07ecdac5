/**
 * Pure billing rules (DESIGN.md "Bills"): monthly periods, recurring charges prorated by days active
 * over days in the month, tax per line at the legal entity's country rate, each line rounded to the
 * minor unit once so that every total is a sum of rounded lines.
 */

/** Tax rates per country, in basis points (20% = 2000). */
export const TAX_RATE_BP: Record<string, number> = { GB: 2000, DE: 1900, FR: 2000, NL: 2100, IE: 2300, US: 0 };

export function taxRateBp(countryCode: string | null | undefined): number {
  return countryCode ? (TAX_RATE_BP[countryCode] ?? 0) : 0;
}

/** Days in the month containing `periodStart` (a UTC date at the first of the month). */
export function daysInMonth(periodStart: Date): number {
  return new Date(Date.UTC(periodStart.getUTCFullYear(), periodStart.getUTCMonth() + 1, 0)).getUTCDate();
}

/**
 * Days a service is active within the month: from its activation day (inclusive) to its
 * termination day (exclusive), clipped to the month.
 */
export function daysActive(periodStart: Date, activatedAt: Date, terminatedAt: Date | null): number {
  const start = periodStart.getTime();
  const end = Date.UTC(periodStart.getUTCFullYear(), periodStart.getUTCMonth() + 1, 1);
  const day = 86_400_000;
  const from = Math.max(start, Date.UTC(activatedAt.getUTCFullYear(), activatedAt.getUTCMonth(), activatedAt.getUTCDate()));
  const to = Math.min(end, terminatedAt ? Date.UTC(terminatedAt.getUTCFullYear(), terminatedAt.getUTCMonth(), terminatedAt.getUTCDate()) : end);
  return Math.max(0, Math.round((to - from) / day));
}

/** Rounds half away from zero to an integer number of minor units. */
export function roundMinor(value: number): number {
  return Math.sign(value) * Math.round(Math.abs(value));
}

/** A recurring charge for the month, prorated and rounded once. */
export function proratedRecurring(monthlyMinor: number, quantity: number, active: number, inMonth: number): number {
  return roundMinor((monthlyMinor * quantity * active) / inMonth);
}

/** Tax on one already-rounded line amount, rounded once. */
export function lineTax(amountMinor: number, rateBp: number): number {
  return roundMinor((amountMinor * rateBp) / 10_000);
}

export type RoundedLine = { amountMinor: number; taxMinor: number };

/** A bill's totals: sums of rounded lines, so every split adds up to the same total exactly. */
export function billTotals(lines: RoundedLine[]) {
  const subtotalMinor = lines.reduce((sum, l) => sum + l.amountMinor, 0);
  const taxMinor = lines.reduce((sum, l) => sum + l.taxMinor, 0);
  return { subtotalMinor, taxMinor, totalMinor: subtotalMinor + taxMinor };
}
