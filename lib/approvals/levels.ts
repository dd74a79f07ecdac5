/**
 * Pure approval routing (DESIGN.md "Approval levels"): each threshold the order total exceeds adds a
 * level; an orderer over their monthly spend limit needs at least one level even below the first.
 */
export function requiredLevels(totalMinor: number, thresholdsMinor: number[], overSpendLimit = false): number {
  const levels = thresholdsMinor.filter((t) => totalMinor > t).length;
  return overSpendLimit ? Math.max(1, levels) : levels;
}
