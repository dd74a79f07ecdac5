import { subject as tagSubject } from "@casl/ability";
import { Column, getTableName, is, sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import * as s from "@/db/schema";
import type { SubjectType } from "./vocabulary";

/**
 * How each subject's condition fields live in the database. `path` is never stored on the row: it
 * is the materialized path of the node the row hangs on (`nodeRef`), so the SQL filter becomes an
 * indexed semi-join on account_nodes and nothing has to be kept in sync when paths change.
 */
export type FieldDef = AnyColumn | { nodeRef: AnyColumn } | { rolesOf: AnyColumn };
export type SubjectDef = { table: PgTable; id: AnyColumn; fields: Record<string, FieldDef> };

const node = (column: AnyColumn) => ({ nodeRef: column });
/**
 * The scope paths of every role the user (`userIdColumn`) holds, expired ones included: "no upward
 * management" asks that all of them lie inside an admin's scope. A role without a scope node (a
 * CSP role) counts as the empty path, which is under nothing.
 */
const rolesOf = (userIdColumn: AnyColumn) => ({ rolesOf: userIdColumn });
const raw = (expr: SQL) => expr as unknown as AnyColumn;

export const subjectDefs: Record<SubjectType, SubjectDef> = {
  AccountNode: {
    table: s.accountNodes,
    id: s.accountNodes.id,
    fields: { id: s.accountNodes.id, enterpriseId: s.accountNodes.enterpriseId, kind: s.accountNodes.kind, path: s.accountNodes.path },
  },
  User: {
    table: s.users,
    id: s.users.id,
    fields: {
      id: s.users.id,
      enterpriseId: s.users.enterpriseId,
      status: s.users.status,
      path: node(s.users.unitNodeId),
      rolePaths: rolesOf(s.users.id),
      // Whether the person's enterprise lets its account managers in (on unless switched off).
      supportAccess: raw(sql`coalesce((select g.support_enabled from support_access_grants g where g.enterprise_id = ${s.users.enterpriseId}), true)`),
    },
  },
  RoleAssignment: {
    table: s.roleAssignments,
    id: s.roleAssignments.id,
    fields: {
      id: s.roleAssignments.id,
      userId: s.roleAssignments.userId,
      role: s.roleAssignments.role,
      enterpriseId: s.roleAssignments.enterpriseId,
      path: node(s.roleAssignments.scopeNodeId),
      // The person holding it: whether an admin may revoke it depends on who they are (rule 3).
      holderPath: node(raw(sql`(select u.unit_node_id from users u where u.id = ${s.roleAssignments.userId})`)),
      holderRolePaths: rolesOf(s.roleAssignments.userId),
    },
  },
  Invitation: {
    table: s.invitations,
    id: s.invitations.id,
    // An invitation hangs where its user's unit is.
    fields: {
      id: s.invitations.id,
      enterpriseId: s.invitations.enterpriseId,
      path: node(raw(sql`(select u.unit_node_id from users u where u.id = ${s.invitations.userId})`)),
      rolePaths: rolesOf(s.invitations.userId),
    },
  },
  Site: {
    table: s.sites,
    id: s.sites.id,
    fields: { id: s.sites.id, enterpriseId: s.sites.enterpriseId, path: node(s.sites.subAccountId) },
  },
  Service: {
    table: s.services,
    id: s.services.id,
    fields: { id: s.services.id, enterpriseId: s.services.enterpriseId, path: node(s.services.subAccountId) },
  },
  Contract: {
    table: s.contracts,
    id: s.contracts.id,
    fields: {
      id: s.contracts.id,
      enterpriseId: s.contracts.enterpriseId,
      status: s.contracts.status,
      draftedById: s.contracts.draftedById,
      path: node(s.contracts.nodeId),
    },
  },
  Offering: { table: s.productOfferings, id: s.productOfferings.id, fields: { id: s.productOfferings.id } },
  Order: {
    table: s.orders,
    id: s.orders.id,
    fields: {
      id: s.orders.id,
      enterpriseId: s.orders.enterpriseId,
      createdById: s.orders.createdById,
      status: s.orders.status,
      currency: s.orders.currency,
      totalMinor: s.orders.totalMinor,
      path: node(s.orders.nodeId),
    },
  },
  Delegation: {
    table: s.approvalDelegations,
    id: s.approvalDelegations.id,
    fields: { id: s.approvalDelegations.id, enterpriseId: s.approvalDelegations.enterpriseId, approverId: s.approvalDelegations.approverId, delegateId: s.approvalDelegations.delegateId },
  },
  Notification: { table: s.notifications, id: s.notifications.id, fields: { id: s.notifications.id, userId: s.notifications.userId } },
  ApprovalPolicy: {
    table: s.approvalPolicies,
    id: s.approvalPolicies.id,
    fields: { id: s.approvalPolicies.id, enterpriseId: s.approvalPolicies.enterpriseId, path: node(s.approvalPolicies.nodeId) },
  },
  Dispute: {
    table: s.billDisputes,
    id: s.billDisputes.id,
    fields: { id: s.billDisputes.id, enterpriseId: s.billDisputes.enterpriseId, raisedById: s.billDisputes.raisedById, status: s.billDisputes.status, path: node(s.billDisputes.billingAccountId) },
  },
  Bill: {
    table: s.bills,
    id: s.bills.id,
    fields: { id: s.bills.id, enterpriseId: s.bills.enterpriseId, path: node(s.bills.billingAccountId) },
  },
  AuditEvent: {
    table: s.auditEvents,
    id: s.auditEvents.id,
    fields: { id: s.auditEvents.id, enterpriseId: s.auditEvents.enterpriseId, path: node(s.auditEvents.nodeId) },
  },
  Ticket: {
    table: s.troubleTickets,
    id: s.troubleTickets.id,
    fields: {
      id: s.troubleTickets.id,
      enterpriseId: s.troubleTickets.enterpriseId,
      raisedById: s.troubleTickets.raisedById,
      path: node(s.troubleTickets.nodeId),
    },
  },
  OutboxMessage: {
    table: s.outboxMessages,
    id: s.outboxMessages.id,
    // A message hangs where its recipient's unit is: an invitation mail carries a link that sets the
    // recipient's password, so only those who manage the recipient may read it.
    fields: {
      id: s.outboxMessages.id,
      enterpriseId: s.outboxMessages.enterpriseId,
      path: node(raw(sql`(select u.unit_node_id from users u where u.email = ${s.outboxMessages.to})`)),
      // …and only those who may manage the recipient by rule 3 (an invitation to a root admin role
      // must not be readable by the admin of a subtree that happens to hold the recipient's unit).
      rolePaths: rolesOf(raw(sql`(select u.id from users u where u.email = ${s.outboxMessages.to})`)),
      purpose: s.outboxMessages.purpose,
    },
  },
  Session: {
    table: s.userSessions,
    id: s.userSessions.id,
    // A session hangs where its user's unit is, and is ended by those who manage that user.
    fields: {
      id: s.userSessions.id,
      userId: s.userSessions.userId,
      enterpriseId: s.userSessions.enterpriseId,
      path: node(raw(sql`(select u.unit_node_id from users u where u.id = ${s.userSessions.userId})`)),
      rolePaths: rolesOf(s.userSessions.userId),
    },
  },
  Customer: {
    // An enterprise as the CSP sees it: its root account node.
    table: s.accountNodes,
    id: s.accountNodes.id,
    fields: { id: s.accountNodes.id, enterpriseId: s.accountNodes.enterpriseId, kind: s.accountNodes.kind, path: s.accountNodes.path },
  },
  Credential: {
    // A person's password and second factor: the row is the person's. Their unit and the scopes of
    // their roles decide whether an admin manages them (rule 3: resetting a lost authenticator).
    table: s.users,
    id: s.users.id,
    fields: { id: s.users.id, userId: s.users.id, enterpriseId: s.users.enterpriseId, path: node(s.users.unitNodeId), rolePaths: rolesOf(s.users.id) },
  },
  Impersonation: {
    table: s.impersonationSessions,
    id: s.impersonationSessions.id,
    // It hangs where the impersonated person's unit is: their admins see who looked in as them.
    fields: {
      id: s.impersonationSessions.id,
      enterpriseId: s.impersonationSessions.enterpriseId,
      accountManagerId: s.impersonationSessions.accountManagerId,
      targetUserId: s.impersonationSessions.targetUserId,
      path: node(raw(sql`(select u.unit_node_id from users u where u.id = ${s.impersonationSessions.targetUserId})`)),
    },
  },
  SupportAccess: {
    table: s.supportAccessGrants,
    id: s.supportAccessGrants.enterpriseId,
    fields: { enterpriseId: s.supportAccessGrants.enterpriseId, path: node(s.supportAccessGrants.enterpriseId) },
  },
  IdentityProvider: {
    // The enterprise's sign-in policy; without a connection row the policy is still the enterprise's.
    table: s.ssoConnections,
    id: s.ssoConnections.enterpriseId,
    fields: { enterpriseId: s.ssoConnections.enterpriseId, path: node(s.ssoConnections.enterpriseId) },
  },
  ScimToken: {
    table: s.scimTokens,
    id: s.scimTokens.id,
    fields: { id: s.scimTokens.id, enterpriseId: s.scimTokens.enterpriseId, path: node(s.scimTokens.scopeNodeId) },
  },
  ScimGroup: {
    table: s.scimGroups,
    id: s.scimGroups.id,
    fields: { id: s.scimGroups.id, enterpriseId: s.scimGroups.enterpriseId, path: node(s.scimGroups.enterpriseId) },
  },
};

/**
 * A column named with its table, for use inside subqueries over tables with columns of the same
 * name (`role_assignments.user_id` would otherwise capture an outer `user_id`). Raw SQL passes.
 */
export function qualified(column: AnyColumn): SQL {
  if (is(column, Column)) return sql`${sql.identifier(getTableName(column.table))}.${sql.identifier(column.name)}`;
  return sql`${column}`;
}

/** SQL that yields a field's value for a row: the column, or the referenced node's path. */
export function fieldValueSql(def: FieldDef): SQL {
  // Qualified: a bare "enterprise_id" inside the subquery would name account_nodes' own column.
  if ("nodeRef" in def) return sql`(select n.path from account_nodes n where n.id = ${qualified(def.nodeRef)})`;
  if ("rolesOf" in def) {
    return sql`(select coalesce(array_agg(coalesce(n.path, '') order by ra.id), '{}'::text[]) from role_assignments ra left join account_nodes n on n.id = ra.scope_node_id where ra.user_id = ${qualified(def.rolesOf)})`;
  }
  return sql`${def}`;
}

/** Marks a plain object as a CASL subject of the given type. */
export function asSubject<T extends object>(type: SubjectType, object: T) {
  return tagSubject(type, { ...object });
}
