/**
 * Pure rules for delegated administration (DESIGN.md rules 3 and 5). Scope and role checks that
 * depend only on the ability live in lib/authz; these are the rules that need data about the
 * enterprise (how many admins are left) or the shape of a grant.
 */
import { isCustomerRole } from "@/lib/authz/vocabulary";

export type GrantShape = {
  role: string;
  approvalLimitMinor?: number | null;
  spendLimitMinor?: number | null;
  limitCurrency?: string | null;
  expiresAt?: Date | null;
};

/** What is wrong with a grant's shape, or null. Approvers need a limit in a currency. */
export function grantShapeProblem(grant: GrantShape, now = new Date()): string | null {
  if (!isCustomerRole(grant.role)) return "Only customer roles can be granted here.";
  if (grant.role === "approver" && (grant.approvalLimitMinor == null || !grant.limitCurrency)) {
    return "An approver needs an approval limit and its currency.";
  }
  if (grant.role !== "approver" && grant.approvalLimitMinor != null) return "Only approvers carry an approval limit.";
  if (grant.role !== "orderer" && grant.spendLimitMinor != null) return "Only orderers carry a monthly spend limit.";
  if (grant.spendLimitMinor != null && !grant.limitCurrency) return "A spend limit needs its currency.";
  if ((grant.approvalLimitMinor ?? 0) < 0 || (grant.spendLimitMinor ?? 0) < 0) return "Limits cannot be negative.";
  if (grant.expiresAt && grant.expiresAt.getTime() <= now.getTime()) return "The expiry must be in the future.";
  return null;
}

export type AdminSeat = { userId: string; userStatus: string; expiresAt: Date | null };

/**
 * The enterprise keeps at least one active, unexpired enterprise admin on its root node: removing
 * `leaving` (a user being deactivated, or one assignment being revoked) must leave one behind.
 */
export function wouldRemoveLastAdmin(seats: (AdminSeat & { assignmentId: string })[], leaving: { userId?: string; assignmentId?: string }, now = new Date()): boolean {
  const counts = (s: AdminSeat) => s.userStatus === "active" && (!s.expiresAt || s.expiresAt.getTime() > now.getTime());
  const before = seats.filter(counts);
  const isLeaving = (s: AdminSeat & { assignmentId: string }) =>
    (leaving.userId !== undefined && s.userId === leaving.userId) || (leaving.assignmentId !== undefined && s.assignmentId === leaving.assignmentId);
  if (!before.some(isLeaving)) return false;
  const remainingUsers = new Set(before.filter((s) => !isLeaving(s)).map((s) => s.userId));
  return remainingUsers.size === 0;
}
