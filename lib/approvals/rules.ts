import { startOfDayIn, todayIn } from "@/lib/time";

/**
 * Pure approval routing (DESIGN.md "Approval levels"): each threshold the order total exceeds adds a
 * level; an orderer over their monthly spend limit needs at least one level even below the first.
 */
export function requiredLevels(totalMinor: number, thresholdsMinor: number[], overSpendLimit = false): number {
  const levels = thresholdsMinor.filter((t) => totalMinor > t).length;
  return overSpendLimit ? Math.max(1, levels) : levels;
}

/** The level now waiting: one after the approved ones (decisions are made level by level). */
export function waitingLevel(decisions: { level: number; decision: "approved" | "rejected" }[]): number {
  return decisions.filter((d) => d.decision === "approved").length + 1;
}

/**
 * When the waiting level escalates one tier further up: every `hours` it has waited. Computed from
 * stored times (levelSince, the tier reached), never kept in a timer, so it holds across instances
 * and restarts.
 */
export function escalationDueAt(levelSince: Date, hours: number, tier: number): Date {
  return new Date(levelSince.getTime() + hours * 3_600_000 * (tier + 1));
}

/** How many escalation periods a level has waited by `now` (0 when it has no escalation time). */
export function elapsedTiers(levelSince: Date | null, hours: number | null, now: Date): number {
  if (!levelSince || !hours) return 0;
  return Math.max(0, Math.floor((now.getTime() - levelSince.getTime()) / (hours * 3_600_000)));
}

/** The UTC instant the calendar month of `now` began in `timeZone` (the spend limit's month). */
export function monthStartIn(timeZone: string, now = new Date()): Date {
  const today = todayIn(timeZone, now);
  return startOfDayIn(`${today.slice(0, 8)}01`, timeZone)!;
}

/** DESIGN.md: the orderer's submitted and approved orders this month plus this one exceed the limit. */
export function exceedsSpendLimit(spentThisMonthMinor: number, orderTotalMinor: number, limitMinor: number | null): boolean {
  return limitMinor != null && spentThisMonthMinor + orderTotalMinor > limitMinor;
}

/**
 * Approvers grouped into tiers up the tree, nearest first: a tier is every eligible approver whose
 * scope is on the same node. A waiting level is routed (notified, marked "waiting for you") to the
 * first tier, and each escalation adds the next; every eligible approver may decide it all along.
 */
export function approverTiers<T extends { scopePath: string }>(approvers: T[]): T[][] {
  const byPath = new Map<string, T[]>();
  for (const a of approvers) byPath.set(a.scopePath, [...(byPath.get(a.scopePath) ?? []), a]);
  return [...byPath.entries()].sort(([a], [b]) => b.length - a.length || a.localeCompare(b)).map(([, list]) => list);
}

/** The approvers a waiting level is routed to after `tier` escalations (the nearest tiers, tier + 1 of them). */
export function routedApprovers<T extends { scopePath: string }>(approvers: T[], tier: number): T[] {
  return approverTiers(approvers).slice(0, tier + 1).flat();
}
