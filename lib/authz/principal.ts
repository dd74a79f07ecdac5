import type { Role } from "./vocabulary";

/** One role assignment as the ability sees it: the role, and the path of the node it holds on. */
export type ScopedAssignment = {
  id: string;
  role: Role;
  scopeNodeId: string | null;
  scopePath: string | null;
  scopeName?: string | null;
  approvalLimitMinor: number | null;
  spendLimitMinor: number | null;
  limitCurrency: string | null;
  expiresAt: Date | null;
};

export type Impersonation = {
  sessionId: string;
  byUserId: string;
  byName: string;
  writeAccess: boolean;
  expiresAt: Date;
};

/**
 * Who is asking: loaded from the database on every request (never from the token), so a
 * deactivation or a role change holds at the next request. When an account manager impersonates,
 * the principal is the target user and `impersonation` names the account manager.
 */
export type Principal = {
  userId: string;
  name: string;
  email: string;
  enterpriseId: string | null;
  unitNodeId: string | null;
  locale: string;
  timeZone: string;
  assignments: ScopedAssignment[];
  impersonation?: Impersonation | null;
};

/** Assignments in force at `now`: expired ones stop counting by themselves. */
export function activeAssignments(assignments: ScopedAssignment[], now = new Date()): ScopedAssignment[] {
  return assignments.filter((a) => !a.expiresAt || a.expiresAt.getTime() > now.getTime());
}
