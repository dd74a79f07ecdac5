import "server-only";
import { and, asc, desc, eq, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor } from "@/db/client";
import { accountNodes, auditEvents, roleAssignments, users } from "@/db/schema";
import { grantableNodes, type PickerNode } from "@/lib/accounts/queries";
import { buildForest } from "@/lib/accounts/tree";
import type { AppAbility } from "@/lib/authz/ability";
import { authorizeById } from "@/lib/authz/guard";
import { accessibleWhere } from "@/lib/authz/sql";
import { openSessionCount } from "@/lib/sessions/queries";
import { asSubject } from "@/lib/authz/subjects";
import { CUSTOMER_ROLES, type Role } from "@/lib/authz/vocabulary";

/** Nodes for the list's node filter: the readable ones as a tree (siblings by name), with their depth. */
export async function nodeFilterOptions(db: Executor, ability: AppAbility): Promise<PickerNode[]> {
  const rows = await db
    .select({ id: accountNodes.id, parentId: accountNodes.parentId, name: accountNodes.name, kind: accountNodes.kind, path: accountNodes.path, enterpriseId: accountNodes.enterpriseId })
    .from(accountNodes)
    .where(accessibleWhere(ability, "read", "AccountNode"))
    .orderBy(asc(accountNodes.path));
  const out: PickerNode[] = [];
  const walk = (nodes: ReturnType<typeof buildForest<(typeof rows)[number]>>, depth: number) => {
    for (const n of nodes) {
      out.push({ id: n.id, name: n.name, kind: n.kind, depth, enterpriseId: n.enterpriseId });
      walk(n.children, depth + 1);
    }
  };
  walk(buildForest(rows), 0);
  return out;
}

/**
 * One user with their assignments (expired ones included and marked), recent audit events about
 * them, and what the ability lets the viewer do on this page. 404 for users it may not read.
 */
export async function getUserDetail(db: Executor, ability: AppAbility, viewerId: string, id: string, now = new Date()) {
  const fields = await authorizeById(db, ability, "read", "User", id);
  const unit = alias(accountNodes, "unit");
  const [row] = await db.select({ user: users, unitName: unit.name, unitPath: unit.path }).from(users).leftJoin(unit, eq(unit.id, users.unitNodeId)).where(eq(users.id, id));
  const user = row!.user;

  const granter = alias(users, "granter");
  const assignmentRows = await db
    .select({ a: roleAssignments, scopeName: accountNodes.name, scopePath: accountNodes.path, grantedByName: granter.name })
    .from(roleAssignments)
    .leftJoin(accountNodes, eq(accountNodes.id, roleAssignments.scopeNodeId))
    .leftJoin(granter, eq(granter.id, roleAssignments.grantedById))
    .where(and(eq(roleAssignments.userId, id), accessibleWhere(ability, "read", "RoleAssignment")))
    .orderBy(asc(roleAssignments.grantedAt), asc(roleAssignments.id));
  const assignments = assignmentRows.map(({ a, scopeName, scopePath, grantedByName }) => ({
    id: a.id,
    role: a.role as Role,
    scopeNodeId: a.scopeNodeId,
    scopeName,
    approvalLimitMinor: a.approvalLimitMinor,
    spendLimitMinor: a.spendLimitMinor,
    limitCurrency: a.limitCurrency,
    grantedByName,
    grantedAt: a.grantedAt,
    expiresAt: a.expiresAt,
    expired: a.expiresAt != null && a.expiresAt.getTime() <= now.getTime(),
    canRevoke: ability.can(
      "revoke",
      asSubject("RoleAssignment", { id: a.id, userId: a.userId, role: a.role, enterpriseId: a.enterpriseId, path: scopePath, holderPath: fields.path, holderRolePaths: fields.rolePaths }),
    ),
  }));

  const events = await recentEventsAbout(db, ability, id);

  const subject = asSubject("User", fields);
  const isSelf = viewerId === id;
  // Nodes offered by the picker: inside the viewer's scope and in the user's own enterprise.
  const canGrant =
    !isSelf &&
    user.enterpriseId != null &&
    ability.can("update", subject) &&
    ability.can("grant", asSubject("RoleAssignment", { userId: id, role: "orderer", enterpriseId: user.enterpriseId, path: row!.unitPath, holderPath: fields.path, holderRolePaths: fields.rolePaths }));
  const canEndSessions = !isSelf && ability.can("delete", asSubject("Session", { ...fields, userId: id }));
  const nodes = canGrant ? (await grantableNodes(db, ability)).filter((n) => n.enterpriseId === user.enterpriseId) : [];
  const currencies = canGrant ? await currenciesIn(db, ability, user.enterpriseId!) : [];

  return {
    user: {
      id: user.id,
      name: user.name,
      email: user.email,
      status: user.status,
      locale: user.locale,
      timeZone: user.timeZone,
      lastSignInAt: user.lastSignInAt,
      createdAt: user.createdAt,
      deactivatedAt: user.deactivatedAt,
      enterpriseId: user.enterpriseId,
      unitNodeId: user.unitNodeId,
      unitName: row!.unitName,
    },
    assignments,
    events,
    isSelf,
    can: {
      grant: canGrant && nodes.length > 0,
      deactivate: user.status !== "deactivated" && ability.can("deactivate", subject),
      reactivate: user.status === "deactivated" && ability.can("reactivate", subject),
      endSessions: canEndSessions,
    },
    openSessions: canEndSessions ? await openSessionCount(db, ability, id, now) : 0,
    grant: { nodes, roles: [...CUSTOMER_ROLES], currencies },
  };
}
export type UserDetail = Awaited<ReturnType<typeof getUserDetail>>;

/**
 * The newest audit events about a user that the viewer may read: events whose subject is the user,
 * and role-assignment events whose before or after names the user.
 */
export async function recentEventsAbout(db: Executor, ability: AppAbility, userId: string, limit = 20) {
  const actor = alias(users, "actor");
  const onBehalfOf = alias(users, "on_behalf_of");
  return db
    .select({
      id: auditEvents.id,
      action: auditEvents.action,
      outcome: auditEvents.outcome,
      summary: auditEvents.summary,
      createdAt: auditEvents.createdAt,
      actorName: actor.name,
      onBehalfOfName: onBehalfOf.name,
    })
    .from(auditEvents)
    .leftJoin(actor, eq(actor.id, auditEvents.actorId))
    .leftJoin(onBehalfOf, eq(onBehalfOf.id, auditEvents.onBehalfOfId))
    .where(
      and(
        or(
          and(eq(auditEvents.subjectType, "User"), eq(auditEvents.subjectId, userId)),
          and(eq(auditEvents.subjectType, "RoleAssignment"), or(sql`${auditEvents.after}->>'userId' = ${userId}`, sql`${auditEvents.before}->>'userId' = ${userId}`)),
        ),
        accessibleWhere(ability, "read", "AuditEvent"),
      ),
    )
    .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
    .limit(limit);
}

/** The currencies of the enterprise's readable nodes (billing accounts, legal entities), for limit fields. */
async function currenciesIn(db: Executor, ability: AppAbility, enterpriseId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ currency: accountNodes.currency })
    .from(accountNodes)
    .where(and(eq(accountNodes.enterpriseId, enterpriseId), sql`${accountNodes.currency} is not null`, accessibleWhere(ability, "read", "AccountNode")))
    .orderBy(asc(accountNodes.currency));
  const found = rows.map((r) => r.currency!.trim());
  return found.length ? found : ["GBP", "EUR", "USD"];
}

/** The readable assignments of one user, for the JSON API. 404 when the user is not readable. */
export async function listAssignmentsOf(db: Executor, ability: AppAbility, userId: string, now = new Date()) {
  await authorizeById(db, ability, "read", "User", userId);
  const rows = await db
    .select({ a: roleAssignments, scopeName: accountNodes.name })
    .from(roleAssignments)
    .leftJoin(accountNodes, eq(accountNodes.id, roleAssignments.scopeNodeId))
    .where(and(eq(roleAssignments.userId, userId), accessibleWhere(ability, "read", "RoleAssignment")))
    .orderBy(asc(roleAssignments.grantedAt), asc(roleAssignments.id));
  return rows.map(({ a, scopeName }) => ({
    id: a.id,
    role: a.role,
    scopeNodeId: a.scopeNodeId,
    scopeName,
    approvalLimitMinor: a.approvalLimitMinor,
    spendLimitMinor: a.spendLimitMinor,
    limitCurrency: a.limitCurrency,
    grantedAt: a.grantedAt,
    expiresAt: a.expiresAt,
    expired: a.expiresAt != null && a.expiresAt.getTime() <= now.getTime(),
  }));
}
