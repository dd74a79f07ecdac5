import { subject as tagSubject } from "@casl/ability";
import { sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import * as s from "@/db/schema";
import type { SubjectType } from "./vocabulary";

/**
 * How each subject's condition fields live in the database. `path` is never stored on the row: it
 * is the materialized path of the node the row hangs on (`nodeRef`), so the SQL filter becomes an
 * indexed semi-join on account_nodes and nothing has to be kept in sync when paths change.
 */
export type FieldDef = AnyColumn | { nodeRef: AnyColumn };
export type SubjectDef = { table: PgTable; id: AnyColumn; fields: Record<string, FieldDef> };

const node = (column: AnyColumn) => ({ nodeRef: column });

export const subjectDefs: Record<SubjectType, SubjectDef> = {
  AccountNode: {
    table: s.accountNodes,
    id: s.accountNodes.id,
    fields: { id: s.accountNodes.id, enterpriseId: s.accountNodes.enterpriseId, kind: s.accountNodes.kind, path: s.accountNodes.path },
  },
  User: {
    table: s.users,
    id: s.users.id,
    fields: { id: s.users.id, enterpriseId: s.users.enterpriseId, path: node(s.users.unitNodeId) },
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
    },
  },
  Invitation: {
    table: s.invitations,
    id: s.invitations.id,
    // An invitation hangs where its user's unit is.
    fields: { id: s.invitations.id, enterpriseId: s.invitations.enterpriseId, path: { nodeRef: sql`(select u.unit_node_id from users u where u.id = ${s.invitations.userId})` as unknown as AnyColumn } },
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
  ApprovalPolicy: {
    table: s.approvalPolicies,
    id: s.approvalPolicies.id,
    fields: { id: s.approvalPolicies.id, enterpriseId: s.approvalPolicies.enterpriseId, path: node(s.approvalPolicies.nodeId) },
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
      path: { nodeRef: sql`(select u.unit_node_id from users u where u.email = ${s.outboxMessages.to})` as unknown as AnyColumn },
    },
  },
  SupportAccess: {
    table: s.supportAccessGrants,
    id: s.supportAccessGrants.enterpriseId,
    fields: { enterpriseId: s.supportAccessGrants.enterpriseId, path: node(s.supportAccessGrants.enterpriseId) },
  },
};

/** SQL that yields a field's value for a row: the column, or the referenced node's path. */
export function fieldValueSql(def: FieldDef): SQL {
  if ("nodeRef" in def) return sql`(select n.path from account_nodes n where n.id = ${def.nodeRef})`;
  return sql`${def}`;
}

/** Marks a plain object as a CASL subject of the given type. */
export function asSubject<T extends object>(type: SubjectType, object: T) {
  return tagSubject(type, { ...object });
}
