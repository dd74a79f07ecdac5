import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { accountNodes, enterpriseSecuritySettings, impersonationSessions, roleAssignments, userMfa, userSessions, users, type RoleAssignment, type User, type UserSession } from "@/db/schema";
import { activeAssignments, type Principal } from "@/lib/authz/principal";
import type { Role } from "@/lib/authz/vocabulary";
import { env } from "@/lib/env";
import { resolveImpersonation } from "@/lib/impersonation/resolve";
import { enrolmentRequired, mfaRequired } from "@/lib/mfa/rules";
import type { Deliver } from "@/lib/mail/send";
import { endSessions, touchSession } from "@/lib/sessions/mutations";
import { needsTouch, sessionState } from "@/lib/sessions/rules";

type Row = { user: User; a: RoleAssignment | null; scopePath: string | null; scopeName: string | null };

function toPrincipal(rows: Row[], now: Date): Principal | null {
  const user = rows[0]?.user;
  if (!user) return null;
  const assignments = activeAssignments(
    rows.flatMap(({ a, scopePath, scopeName }) =>
      a
        ? [
            {
              id: a.id,
              role: a.role as Role,
              scopeNodeId: a.scopeNodeId,
              scopePath,
              scopeName,
              approvalLimitMinor: a.approvalLimitMinor,
              spendLimitMinor: a.spendLimitMinor,
              limitCurrency: a.limitCurrency,
              expiresAt: a.expiresAt,
            },
          ]
        : [],
    ),
    now,
  );
  return {
    userId: user.id,
    name: user.name,
    email: user.email,
    enterpriseId: user.enterpriseId,
    unitNodeId: user.unitNodeId,
    locale: user.locale,
    timeZone: user.timeZone,
    assignments,
    impersonation: null,
  };
}

/**
 * Loads a principal from the database: the user (only if active and, when `authTime` is given,
 * signed in after `sessionsValidAfter`) and the role assignments in force, each with its scope
 * node's path. For callers that already hold a verified session (tests, scripts); requests go
 * through loadSessionPrincipal.
 */
export async function loadPrincipal(db: Executor, userId: string, authTime?: number, now = new Date()): Promise<Principal | null> {
  const rows = await db
    .select({ user: users, a: roleAssignments, scopePath: accountNodes.path, scopeName: accountNodes.name })
    .from(users)
    .leftJoin(roleAssignments, eq(roleAssignments.userId, users.id))
    .leftJoin(accountNodes, eq(accountNodes.id, roleAssignments.scopeNodeId))
    .where(and(eq(users.id, userId), eq(users.status, "active")));
  const user = rows[0]?.user;
  if (!user) return null;
  if (authTime !== undefined && authTime * 1000 < Math.floor(user.sessionsValidAfter.getTime() / 1000) * 1000) return null;
  return toPrincipal(rows, now);
}

/** The session row is the person who signed in (while impersonating, the account manager, not `principal`). */
export type SessionPrincipal = { principal: Principal; session: Pick<UserSession, "id" | "userId" | "createdAt" | "expiresAt" | "impersonationId"> };

/**
 * The request's principal from its session row, in one query with the user and the assignments
 * (DESIGN.md rule 5): null when the session was ended, reached its absolute lifetime or its idle
 * timeout, or the user is no longer active. A session found expired or idle is ended (and audited)
 * here; last seen is written at most once a minute, so a page view normally stays a read.
 */
export async function loadSessionPrincipal(db: Executor, sessionId: string, now = new Date(), options: { touch?: boolean } = {}): Promise<SessionPrincipal | null> {
  const rows = await db
    .select({
      session: userSessions,
      user: users,
      a: roleAssignments,
      scopePath: accountNodes.path,
      scopeName: accountNodes.name,
      impersonation: impersonationSessions,
      mfaEnabledAt: userMfa.enabledAt,
      enterpriseRequiresMfa: enterpriseSecuritySettings.mfaRequired,
    })
    .from(userSessions)
    .innerJoin(users, eq(users.id, userSessions.userId))
    // One row each at most (primary keys): whether the person has a second factor, and must.
    .leftJoin(userMfa, eq(userMfa.userId, users.id))
    .leftJoin(enterpriseSecuritySettings, eq(enterpriseSecuritySettings.enterpriseId, users.enterpriseId))
    .leftJoin(impersonationSessions, and(eq(impersonationSessions.id, userSessions.impersonationId), isNull(impersonationSessions.endedAt)))
    .leftJoin(roleAssignments, eq(roleAssignments.userId, users.id))
    .leftJoin(accountNodes, eq(accountNodes.id, roleAssignments.scopeNodeId))
    .where(eq(userSessions.id, sessionId));
  const session = rows[0]?.session;
  if (!session) return null;
  const state = sessionState(session, now, env().SESSION_IDLE_MINUTES);
  if (state === "expired" || state === "idle") {
    const after: Deliver[] = [];
    await db.transaction((tx) => endSessions(tx, session.userId, state, { principal: null, requestId: null }, { only: session.id, after }, now));
    for (const deliver of after) await deliver();
    return null;
  }
  if (state !== "active" || rows[0]!.user.status !== "active") return null;
  // Background requests (the bell polling) do not count as activity: the idle timeout still holds.
  if (options.touch !== false && needsTouch(session, now)) await touchSession(db, session.id, now);
  const own = toPrincipal(rows, now);
  if (!own) return null;
  const sessionInfo = { id: session.id, userId: session.userId, createdAt: session.createdAt, expiresAt: session.expiresAt, impersonationId: session.impersonationId };
  // A person who must have a second factor and has none may only enrol one (lib/mfa/rules.ts).
  const mustHaveMfa = mfaRequired(rows[0]!.user, rows[0]!.enterpriseRequiresMfa === true);
  if (enrolmentRequired({ mustHaveMfa, mfaEnabled: rows[0]!.mfaEnabledAt != null, authMethod: session.authMethod })) {
    return { principal: { ...own, mfaEnrolmentRequired: true }, session: sessionInfo };
  }
  // An open impersonation (rule 4): the customer user's view, checked again at every request.
  const impersonation = rows[0]!.impersonation;
  const principal = impersonation ? await resolveImpersonation(db, own, impersonation, loadPrincipal, now) : own;
  return { principal, session: sessionInfo };
}
