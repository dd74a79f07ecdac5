/**
 * What makes an enterprise need its account manager's attention (the CSP console), as named
 * thresholds so the console, the customer page and their tests agree.
 */

/**
 * An order waiting for approval longer than two working days is stuck: the demo policy escalates
 * after 48 hours, and a customer who ordered connectivity waits for it.
 */
export const STALE_APPROVAL_HOURS = 48;

/** A contract ending within 90 days needs a renewal conversation (notice periods are often 90 days). */
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

/** When an order submitted before this has waited too long. */
export function staleBefore(now: Date): Date {
  return new Date(now.getTime() - STALE_APPROVAL_HOURS * 3_600_000);
}

/** The last day (YYYY-MM-DD, UTC) a contract may end on to be "near renewal". */
export function renewalHorizon(now: Date): string {
  return new Date(now.getTime() + RENEWAL_WINDOW_DAYS * 86_400_000).toISOString().slice(0, 10);
}

export const today = (now: Date) => now.toISOString().slice(0, 10);
