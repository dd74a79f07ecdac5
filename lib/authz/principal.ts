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

/** An account manager seeing the portal as the principal (DESIGN.md rule 4). */
export type Impersonation = {
  /** The impersonation_sessions row. */
  sessionId: string;
  byUserId: string;
  byName: string;
  /** Whether the enterprise's write support access is on at this request. */
  writeAccess: boolean;
  expiresAt: Date;
  reason?: string;
  startedAt?: Date;
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
  /**
   * The session's person must have a second factor and has none (CSP staff, or an enterprise that
   * requires MFA): the session may do nothing but enrol one, and sign out (lib/mfa/rules.ts).
   */
  mfaEnrolmentRequired?: boolean;
  /**
   * Set when no person asks but a SCIM bearer token (lib/scim/tokens.ts): `userId` is then the
   * token's id (no user has it) and the token is recorded as the actor of what it does.
   */
  scimToken?: { id: string; name: string } | null;
};

/** Assignments in force at `now`: expired ones stop counting by themselves. */
export function activeAssignments(assignments: ScopedAssignment[], now = new Date()): ScopedAssignment[] {
  return assignments.filter((a) => !a.expiresAt || a.expiresAt.getTime() > now.getTime());
}
