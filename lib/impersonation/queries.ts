import "server-only";
import { and, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor } from "@/db/client";
import { accountNodes, impersonationSessions, users } from "@/db/schema";
import type { AppAbility } from "@/lib/authz/ability";
import { authorizeById, isUuid } from "@/lib/authz/guard";
import type { Principal } from "@/lib/authz/principal";
import { asSubject } from "@/lib/authz/subjects";
import { NotFoundError } from "@/lib/errors";
import { accessibleWhere } from "@/lib/authz/sql";

const manager = alias(users, "manager");
const target = alias(users, "target");

/** One support session the ability may read, with both names; null when unknown or out of scope. */
export async function supportSession(db: Executor, ability: AppAbility, id: string) {
  if (!isUuid(id)) return null;
  const [row] = await db
    .select({ id: impersonationSessions.id, startedAt: impersonationSessions.startedAt, managerName: manager.name, targetName: target.name })
    .from(impersonationSessions)
    .innerJoin(manager, eq(manager.id, impersonationSessions.accountManagerId))
    .innerJoin(target, eq(target.id, impersonationSessions.targetUserId))
    .where(and(eq(impersonationSessions.id, id), accessibleWhere(ability, "read", "Impersonation")));
  return row ?? null;
}

/**
 * Whom an account manager is about to view as, and whether the ability lets them. Unknown, foreign
 * and out-of-scope people are not found; a readable person who cannot be impersonated comes with
 * the reason, so the page can say why instead of offering a form that would be refused.
 */
export async function impersonationTarget(db: Executor, ability: AppAbility, principal: Principal, userId: string) {
  const fields = await authorizeById(db, ability, "read", "User", userId);
  const [user] = await db
    .select({ id: users.id, name: users.name, email: users.email, enterpriseId: users.enterpriseId, enterpriseName: accountNodes.name })
    .from(users)
    .leftJoin(accountNodes, eq(accountNodes.id, users.enterpriseId))
    .where(eq(users.id, userId));
  if (!user) throw new NotFoundError();
  const allowed = ability.can("impersonate", asSubject("User", fields));
  const why = allowed
    ? null
    : principal.impersonation
      ? "You are already viewing the portal as someone. End that first."
      : !user.enterpriseId
        ? "CSP staff cannot be viewed as."
        : fields.status !== "active"
          ? `${user.name}'s account is not active.`
          : fields.supportAccess === false
            ? `${user.enterpriseName ?? "This enterprise"} has switched support access off.`
            : `${user.enterpriseName ?? "This enterprise"} is not one of your assigned enterprises.`;
  return { user, allowed, why };
}
