/**
 * The access review's flags, as pure rules. lib/access-review/queries.ts filters by the same rules
 * in SQL (its integration test checks that both agree).
 */
export const DORMANT_DAYS = 90;
export const EXPIRING_DAYS = 14;
const DAY = 86_400_000;

export type ReviewFlag = "dormant" | "expiring" | "expired";
export const REVIEW_FLAGS: ReviewFlag[] = ["dormant", "expiring", "expired"];

export const FLAG_LABELS: Record<ReviewFlag, string> = { dormant: "Dormant", expiring: "Expiring", expired: "Expired" };

export type ReviewUser = { status: string; lastSignInAt: Date | null; createdAt: Date };
export type ReviewAssignment = { expiresAt: Date | null };

/**
 * Dormant: an account that can sign in (not deactivated) with no sign-in for 90 days, or never
 * signed in and created over 90 days ago. Expiring: an assignment ends within 14 days. Expired: an
 * assignment has ended (it no longer counts, but is still on record).
 */
export function reviewFlags(user: ReviewUser, assignments: ReviewAssignment[], now = new Date()): ReviewFlag[] {
  const t = now.getTime();
  const flags: ReviewFlag[] = [];
  const lastSeen = (user.lastSignInAt ?? user.createdAt).getTime();
  if (user.status !== "deactivated" && lastSeen < t - DORMANT_DAYS * DAY) flags.push("dormant");
  if (assignments.some((a) => a.expiresAt && a.expiresAt.getTime() > t && a.expiresAt.getTime() <= t + EXPIRING_DAYS * DAY)) flags.push("expiring");
  if (assignments.some((a) => a.expiresAt && a.expiresAt.getTime() <= t)) flags.push("expired");
  return flags;
}

export function isAssignmentExpired(a: ReviewAssignment, now = new Date()): boolean {
  return Boolean(a.expiresAt && a.expiresAt.getTime() <= now.getTime());
}

export function isAssignmentExpiring(a: ReviewAssignment, now = new Date()): boolean {
  return Boolean(a.expiresAt && a.expiresAt.getTime() > now.getTime() && a.expiresAt.getTime() <= now.getTime() + EXPIRING_DAYS * DAY);
}
