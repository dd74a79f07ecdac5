import "server-only";
import { and, eq } from "drizzle-orm";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getDb, type Executor } from "@/db/client";
import { accountNodes, roleAssignments, users } from "@/db/schema";
import { defineAbilityFor, type AppAbility } from "@/lib/authz/ability";
import { activeAssignments, type Principal } from "@/lib/authz/principal";
import type { Role } from "@/lib/authz/vocabulary";
import { auth } from "./index";

/**
 * Loads a principal from the database: the user (only if active and the session was issued after
 * `sessionsValidAfter`) and the role assignments in force, each with its scope node's path.
 */
export async function loadPrincipal(db: Executor, userId: string, authTime?: number, now = new Date()): Promise<Principal | null> {
  const [user] = await db.select().from(users).where(and(eq(users.id, userId), eq(users.status, "active")));
  if (!user) return null;
  if (authTime !== undefined && authTime * 1000 < Math.floor(user.sessionsValidAfter.getTime() / 1000) * 1000) return null;
  const rows = await db
    .select({ a: roleAssignments, scopePath: accountNodes.path, scopeName: accountNodes.name })
    .from(roleAssignments)
    .leftJoin(accountNodes, eq(accountNodes.id, roleAssignments.scopeNodeId))
    .where(eq(roleAssignments.userId, userId));
  const assignments = activeAssignments(
    rows.map(({ a, scopePath, scopeName }) => ({
      id: a.id,
      role: a.role as Role,
      scopeNodeId: a.scopeNodeId,
      scopePath,
      scopeName,
      approvalLimitMinor: a.approvalLimitMinor,
      spendLimitMinor: a.spendLimitMinor,
      limitCurrency: a.limitCurrency,
      expiresAt: a.expiresAt,
    })),
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

/** The request's principal, or null when signed out, deactivated or the session was ended. */
export const currentPrincipal = cache(async (): Promise<Principal | null> => {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) return null;
  const authTime = (session as { authTime?: number }).authTime;
  return loadPrincipal(await getDb(), userId, authTime);
});

export type RequestContext = { principal: Principal; ability: AppAbility };

/** The request's principal and ability; built once per request. */
export const currentContext = cache(async (): Promise<RequestContext | null> => {
  const principal = await currentPrincipal();
  if (!principal) return null;
  return { principal, ability: defineAbilityFor(principal) };
});

/** For pages: the context, or a redirect to the login page (a deactivated user lands there too). */
export async function requireContext(): Promise<RequestContext> {
  const ctx = await currentContext();
  if (!ctx) redirect("/login");
  return ctx;
}
