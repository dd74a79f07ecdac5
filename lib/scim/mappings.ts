import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { accountNodes, roleAssignments, scimGroupMembers, scimGroupRoles, scimGroups } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { authorize, authorizeLocked, loadSubjectFields } from "@/lib/authz/guard";
import { isCustomerRole, ROLE_LABELS, type Role } from "@/lib/authz/vocabulary";
import type { Ctx } from "@/lib/context";
import { ConflictError, DomainError, ForbiddenError, InvalidError, isUniqueViolation, NotFoundError } from "@/lib/errors";
import { emptyOutcome, grantGroupRoles, revokeGroupRoles } from "./roles";
import type { AddGroupRoleInput } from "./schemas";

/**
 * An admin of the whole enterprise (the ability's `update ScimGroup`) says what membership of a
 * group grants: a customer role on a node it may grant on. Adding a mapping grants it to the
 * group's members at once, within the admin's own ability (never to the admin themselves: rule 3);
 * removing it revokes exactly what it granted.
 */
export const APPROVER_MAPPING =
  "An approver needs their own approval limit and currency, which a group cannot carry: grant the approver role on the person's page instead.";

export async function addGroupRole(db: Db, ctx: Ctx, input: AddGroupRoleInput) {
  if (!isCustomerRole(input.role)) throw new ForbiddenError("Only customer roles can be granted through a group.");
  if (input.role === "approver") throw new InvalidError(APPROVER_MAPPING, { role: [APPROVER_MAPPING] });
  try {
    return await db.transaction(async (tx) => {
      const group = await authorizeLocked(tx, ctx.ability, "update", "ScimGroup", input.groupId);
      const node = await loadSubjectFields(tx, "AccountNode", input.scopeNodeId);
      authorize(ctx.ability, "read", "AccountNode", node);
      if (node!.enterpriseId !== group.enterpriseId) throw new InvalidError("Choose a node of your own enterprise.", { scopeNodeId: ["Choose a node of your own enterprise"] });
      // Whom it will reach is not known yet: the role must be one the admin may grant on the node to
      // someone there with no other roles (each member is checked again when granted).
      authorize(ctx.ability, "grant", "RoleAssignment", { path: node!.path, role: input.role, userId: null, enterpriseId: node!.enterpriseId, holderPath: node!.path, holderRolePaths: [] });
      const [mapping] = await tx
        .insert(scimGroupRoles)
        .values({ groupId: input.groupId, enterpriseId: group.enterpriseId as string, role: input.role, scopeNodeId: input.scopeNodeId, createdById: ctx.principal.impersonation?.byUserId ?? ctx.principal.userId })
        .returning();
      const [names] = await tx
        .select({ group: scimGroups.displayName, node: accountNodes.name })
        .from(scimGroups)
        .innerJoin(accountNodes, eq(accountNodes.id, input.scopeNodeId))
        .where(eq(scimGroups.id, input.groupId));
      const members = await tx.select({ userId: scimGroupMembers.userId }).from(scimGroupMembers).where(eq(scimGroupMembers.groupId, input.groupId)).orderBy(scimGroupMembers.userId);
      const outcome = emptyOutcome();
      for (const m of members) await grantGroupRoles(tx, ctx, m.userId, [mapping!], outcome);
      await recordAudit(tx, ctx.principal, ctx.requestId, {
        action: "scim_group.role_add",
        subjectType: "ScimGroup",
        subjectId: input.groupId,
        enterpriseId: group.enterpriseId as string,
        nodeId: input.scopeNodeId,
        summary: `Members of group ‘${names?.group}’ now get ${ROLE_LABELS[input.role as Role]} on ${names?.node}: granted to ${outcome.granted} of ${members.length}`,
        after: { mappingId: mapping!.id, role: input.role, scopeNodeId: input.scopeNodeId, ...outcome },
      });
      return { id: mapping!.id, members: members.length, ...outcome };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError("The group already grants this role on this node.");
    throw error;
  }
}

export async function removeGroupRole(db: Db, ctx: Ctx, mappingId: string) {
  return db.transaction(async (tx) => {
    const [mapping] = await tx.select().from(scimGroupRoles).where(eq(scimGroupRoles.id, mappingId));
    if (!mapping) throw new NotFoundError();
    const group = await authorizeLocked(tx, ctx.ability, "update", "ScimGroup", mapping.groupId);
    const outcome = emptyOutcome();
    // Everything it granted goes, or nothing does: a role left behind would become a direct grant.
    const holders = await tx.selectDistinct({ userId: roleAssignments.userId }).from(roleAssignments).where(eq(roleAssignments.viaGroupRoleId, mappingId));
    try {
      for (const userId of holders.map((h) => h.userId).sort()) await revokeGroupRoles(tx, ctx, userId, [mapping], outcome, true);
    } catch (error) {
      if (error instanceof DomainError && error.status === 409) throw error;
      if (error instanceof DomainError) throw new ForbiddenError("Someone holds a role through this mapping that you may not revoke (your own, or that of someone above your scope). Ask another admin of the whole enterprise.");
      throw error;
    }
    await tx.delete(scimGroupRoles).where(and(eq(scimGroupRoles.id, mappingId)));
    const [names] = await tx.select({ group: scimGroups.displayName }).from(scimGroups).where(eq(scimGroups.id, mapping.groupId));
    const [node] = await tx.select({ name: accountNodes.name }).from(accountNodes).where(eq(accountNodes.id, mapping.scopeNodeId));
    await recordAudit(tx, ctx.principal, ctx.requestId, {
      action: "scim_group.role_remove",
      subjectType: "ScimGroup",
      subjectId: mapping.groupId,
      enterpriseId: group.enterpriseId as string,
      nodeId: mapping.scopeNodeId,
      summary: `Members of group ‘${names?.group}’ no longer get ${ROLE_LABELS[mapping.role as Role]} on ${node?.name}: revoked from ${outcome.revoked}`,
      before: { mappingId, role: mapping.role, scopeNodeId: mapping.scopeNodeId },
      after: outcome,
    });
    return { revoked: outcome.revoked };
  });
}
