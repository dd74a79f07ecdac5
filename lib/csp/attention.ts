/**
 * What makes an enterprise need its account manager's attention (the CSP console), as named
 * thresholds and one ranking, so the console, its sort, the customer page and their tests agree.
 * Pure: the SQL that counts the items lives in console.ts and uses these same thresholds.
 */

/**
 * An order that has waited for approval longer than this since it was submitted is stuck. 48 hours
 * is the escalation time an approval policy has unless it sets its own (DEFAULT_ESCALATION_HOURS in
 * lib/orders/submit.ts, the column default in db/schema/approvals.ts): by then the customer's own
 * escalation has had a whole period to work, so it is time for the account manager to help. Counted
 * from submission, not from the level's own clock (orders.levelSince), because the customer waits
 * for the whole order: an order whose second level has waited a day after a first that took two is
 * still stuck, and a single cut-off on submittedAt is one indexed range in SQL.
 */
export const STALE_APPROVAL_HOURS = 48;

/**
 * A contract ending within 90 days needs a renewal conversation now: 90 days is the usual notice
 * period of a framework agreement, so after that the customer can no longer give notice in time
 * and the renewal is decided by default.
 */
export const RENEWAL_WINDOW_DAYS = 90;

export type Attention = {
  staleApprovals: number;
  overdueBills: number;
  /** What is overdue, per currency (never added across currencies). */
  overdue: { currency: string; amountMinor: number }[];
  openDisputes: number;
  pendingInvitations: number;
  renewals: number;
};

export const NO_ATTENTION: Attention = { staleApprovals: 0, overdueBills: 0, overdue: [], openDisputes: 0, pendingInvitations: 0, renewals: 0 };

/** How many things need attention, each item counting once (amounts do not weigh in). */
export function attentionCount(a: Attention): number {
  return a.staleApprovals + a.overdueBills + a.openDisputes + a.pendingInvitations + a.renewals;
}

/**
 * How urgent an enterprise is, for the console's badge and sort:
 *   "act": something is blocked or costing money now (an order stuck in approval, an overdue bill,
 *          an open dispute: the customer is waiting for someone);
 *   "watch": something will need the account manager soon (invitations not yet accepted, a
 *          contract near its end) but nothing is blocked;
 *   "none": nothing needs attention.
 */
export const ATTENTION_LEVELS = ["none", "watch", "act"] as const;
export type AttentionLevel = (typeof ATTENTION_LEVELS)[number];

export const ATTENTION_LEVEL_LABELS: Record<AttentionLevel, string> = { act: "Needs action", watch: "Keep an eye on", none: "All calm" };

export function attentionLevel(a: Pick<Attention, "staleApprovals" | "overdueBills" | "openDisputes" | "pendingInvitations" | "renewals">): AttentionLevel {
  if (a.staleApprovals + a.overdueBills + a.openDisputes > 0) return "act";
  if (a.pendingInvitations + a.renewals > 0) return "watch";
  return "none";
}

/** Counts above this do not change the order (a sort key must stay one number per level). */
export const ATTENTION_COUNT_CAP = 999_999;

/**
 * The console's "most in need first" order as one number: the level first, then how many items.
 * console.ts computes the same number in SQL (attentionSortSql); a test holds the two together.
 */
export function attentionSortKey(a: Attention): number {
  return ATTENTION_LEVELS.indexOf(attentionLevel(a)) * (ATTENTION_COUNT_CAP + 1) + Math.min(attentionCount(a), ATTENTION_COUNT_CAP);
}

/** When an order submitted before this has waited too long. */
export function staleBefore(now: Date): Date {
  return new Date(now.getTime() - STALE_APPROVAL_HOURS * 3_600_000);
}

/** The last day (YYYY-MM-DD, UTC) a contract may end on to be "near renewal". */
export function renewalHorizon(now: Date): string {
  return new Date(now.getTime() + RENEWAL_WINDOW_DAYS * 86_400_000).toISOString().slice(0, 10);
}

/** Today's date in UTC, the day bills fall due by (as lib/billing/list.ts reads it). */
export const today = (now: Date) => now.toISOString().slice(0, 10);
