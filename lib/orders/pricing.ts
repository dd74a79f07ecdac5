/**
 * Pure contract pricing (DESIGN.md "Contract price"). A line's unit price is the contract's price
 * item for the offering; with volume bands, the band is chosen by the quantity of that offering under
 * the same contract after this order (installed plus on this order).
 */
export type PriceItem = { oneOffMinor: number; recurringMinor: number; bands: { minQuantity: number; recurringMinor: number }[] };

export function unitPrice(item: PriceItem, installedQuantity: number, orderedQuantity: number) {
  const volume = installedQuantity + orderedQuantity;
  const band = [...item.bands].sort((a, b) => b.minQuantity - a.minQuantity).find((b) => volume >= b.minQuantity);
  return {
    oneOffMinor: item.oneOffMinor,
    recurringMinor: band ? band.recurringMinor : item.recurringMinor,
    bandMinQuantity: band ? band.minQuantity : null,
  };
}

/** Months of recurring charges counted in an order's total for approvals (first-year value). */
export const RECURRING_MONTHS_IN_TOTAL = 12;

export function orderTotals(lines: { quantity: number; unitOneOffMinor: number; unitRecurringMinor: number }[]) {
  const oneOffTotalMinor = lines.reduce((s, l) => s + l.quantity * l.unitOneOffMinor, 0);
  const recurringTotalMinor = lines.reduce((s, l) => s + l.quantity * l.unitRecurringMinor, 0);
  return { oneOffTotalMinor, recurringTotalMinor, totalMinor: oneOffTotalMinor + RECURRING_MONTHS_IN_TOTAL * recurringTotalMinor };
}
