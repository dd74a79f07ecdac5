import "server-only";
import { assignmentInForce } from "@/lib/users/in-force";
import { and, asc, eq, gt, isNull, ne } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor } from "@/db/client";
import { approvalDelegations, approvalPolicies, roleAssignments, users } from "@/db/schema";
import type { AppAbility } from "@/lib/authz/ability";
import type { Principal } from "@/lib/authz/principal";
import { accessibleWhere } from "@/lib/authz/sql";

/**
 * The viewer's away periods not over yet (the one in force and any planned), and the colleagues
 * they may name to decide in their place: active approvers of the same enterprise.
 */
export async function awaySettings(db: Executor, ability: AppAbility, principal: Principal, now = new Date()) {
  const delegate = alias(users, "delegate");
  const periods = await db
    .select({ id: approvalDelegations.id, startsAt: approvalDelegations.startsAt, endsAt: approvalDelegations.endsAt, delegateName: delegate.name })
    .from(approvalDelegations)
    .leftJoin(delegate, eq(delegate.id, approvalDelegations.delegateId))
    .where(and(accessibleWhere(ability, "read", "Delegation"), eq(approvalDelegations.approverId, principal.userId), isNull(approvalDelegations.endedAt), gt(approvalDelegations.endsAt, now)))
    .orderBy(asc(approvalDelegations.startsAt));
  const colleagues = principal.enterpriseId
    ? await db
        .selectDistinct({ id: users.id, name: users.name })
        .from(users)
        .innerJoin(roleAssignments, eq(roleAssignments.userId, users.id))
        .where(
          and(
            eq(users.enterpriseId, principal.enterpriseId),
            eq(users.status, "active"),
            ne(users.id, principal.userId),
            eq(roleAssignments.role, "approver"),
            assignmentInForce(now),
          ),
        )
        .orderBy(asc(users.name))
    : [];
  return { periods, colleagues, canSet: ability.can("create", "Delegation") };
}

/** A node's approval policies (one per currency), for its page. */
export async function policiesOf(db: Executor, ability: AppAbility, nodeId: string) {
  return db
    .select({ id: approvalPolicies.id, currency: approvalPolicies.currency, thresholdsMinor: approvalPolicies.thresholdsMinor, escalationHours: approvalPolicies.escalationHours, updatedAt: approvalPolicies.updatedAt })
    .from(approvalPolicies)
    .where(and(eq(approvalPolicies.nodeId, nodeId), accessibleWhere(ability, "read", "ApprovalPolicy")))
    .orderBy(asc(approvalPolicies.currency));
}
