import "server-only";
import { and, eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { accountNodes, roleAssignments, users } from "@/db/schema";
import { activeAssignments, type Principal } from "@/lib/authz/principal";
import type { Role } from "@/lib/authz/vocabulary";

/**
 * Loads a principal from the database: the user (only if active and the session was issued after
 * `sessionsValidAfter`) and the role assignments in force, each with its scope node's path.
 */
export async function loadPrincipal(db: Executor, userId: string, authTime?: number, now = new Date()): Promise<Principal | null> {
  // One round trip per request: the user and its assignments with their scope nodes.
  const rows = await db
    .select({ user: users, a: roleAssignments, scopePath: accountNodes.path, scopeName: accountNodes.name })
    .from(users)
    .leftJoin(roleAssignments, eq(roleAssignments.userId, users.id))
    .leftJoin(accountNodes, eq(accountNodes.id, roleAssignments.scopeNodeId))
    .where(and(eq(users.id, userId), eq(users.status, "active")));
  const user = rows[0]?.user;
  if (!user) return null;
  if (authTime !== undefined && authTime * 1000 < Math.floor(user.sessionsValidAfter.getTime() / 1000) * 1000) return null;
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
