import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { accountNodes, roleAssignments, scimGroupRoles } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { loadSubjectFields, lockUserFields } from "@/lib/authz/guard";
import { asSubject } from "@/lib/authz/subjects";
import { ROLE_LABELS, type Role } from "@/lib/authz/vocabulary";
import type { Ctx } from "@/lib/context";
import { DomainError } from "@/lib/errors";
import { assertKeepsAnAdmin } from "@/lib/users/admin-seats";
import { checkGrant, insertGrant, retireInvitationLinks } from "@/lib/users/mutations";

/**
 * What group membership grants (DESIGN.md rule 3 holds throughout). Every grant goes through
 * lib/users' checkGrant with the caller's ability — the token's when the identity provider changes
 * a membership, the admin's when a mapping is added — and is marked `via_group_role_id`, so leaving
 * the group (or the mapping's removal) revokes exactly those, and a role the person also holds
 * directly stays. What the ability refuses is skipped and recorded as a denied audit event, so the
 * membership itself still follows the identity provider.
 */
export type GroupRole = { id: string; role: string; scopeNodeId: string };

export type Outcome = { granted: number; revoked: number; refused: number };

export const emptyOutcome = (): Outcome => ({ granted: 0, revoked: 0, refused: 0 });

/** The role mappings of groups. */
export async function mappingsOf(tx: Executor, groupIds: string[]): Promise<(GroupRole & { groupId: string })[]> {
  if (groupIds.length === 0) return [];
  return tx
    .select({ id: scimGroupRoles.id, groupId: scimGroupRoles.groupId, role: scimGroupRoles.role, scopeNodeId: scimGroupRoles.scopeNodeId })
    .from(scimGroupRoles)
    .where(inArray(scimGroupRoles.groupId, groupIds));
}

async function nodeName(tx: Executor, id: string) {
  const [node] = await tx.select({ name: accountNodes.name }).from(accountNodes).where(eq(accountNodes.id, id));
  return node?.name ?? "a node";
}

async function refused(tx: Executor, ctx: Ctx, userId: string, mapping: GroupRole, verb: "grant" | "revoke", reason: string) {
  const fields = await loadSubjectFields(tx, "User", userId);
  await recordAudit(tx, ctx.principal, ctx.requestId, {
    action: verb === "grant" ? "role.grant" : "role.revoke",
    outcome: "denied",
    subjectType: "RoleAssignment",
    subjectId: null,
    nodeId: mapping.scopeNodeId,
    summary: `Did not ${verb} ${ROLE_LABELS[mapping.role as Role] ?? mapping.role} on ${await nodeName(tx, mapping.scopeNodeId)} through a SCIM group: ${reason}`,
    after: { userId, viaGroupRoleId: mapping.id, unitPath: fields?.path ?? null },
  });
}

/** Grants the mappings' roles a member does not already hold through them, within `ctx`'s ability. */
export async function grantGroupRoles(tx: Executor, ctx: Ctx, userId: string, mappings: GroupRole[], outcome: Outcome): Promise<void> {
  if (mappings.length === 0) return;
  const held = await tx
    .select({ via: roleAssignments.viaGroupRoleId })
    .from(roleAssignments)
    .where(and(eq(roleAssignments.userId, userId), inArray(roleAssignments.viaGroupRoleId, mappings.map((m) => m.id))));
  const heldVia = new Set(held.map((h) => h.via));
  for (const m of mappings) {
    if (heldVia.has(m.id)) continue;
    let row: Awaited<ReturnType<typeof checkGrant>>;
    try {
      row = await checkGrant(tx, ctx, { userId, role: m.role as Role, scopeNodeId: m.scopeNodeId });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      await refused(tx, ctx, userId, m, "grant", error.status === 404 ? "the person or the node is outside the scope" : error.message);
      outcome.refused++;
      continue;
    }
    // No person granted it when a token did: the audit event names the token.
    const grantedById = ctx.principal.scimToken ? null : row.grantedById;
    await insertGrant(tx, ctx, { ...row, grantedById, viaGroupRoleId: m.id } as typeof row);
    // As for a grant in the portal: a pending invitation link must not set the password of someone
    // who now holds more than the inviter could manage (rule 3).
    await retireInvitationLinks(tx, ctx, userId);
    outcome.granted++;
  }
}

/**
 * Revokes what a person holds through the mappings, each assignment checked by `ctx`'s ability (the
 * holder's row locked first) and never leaving the enterprise without an admin. With `strict`, a
 * refusal fails the whole change (an admin removing a mapping); otherwise it is recorded and
 * skipped (the identity provider removing a member).
 */
export async function revokeGroupRoles(tx: Executor, ctx: Ctx, userId: string, mappings: GroupRole[], outcome: Outcome, strict = false): Promise<void> {
  if (mappings.length === 0) return;
  await lockUserFields(tx, userId);
  const held = await tx
    .select()
    .from(roleAssignments)
    .where(and(eq(roleAssignments.userId, userId), inArray(roleAssignments.viaGroupRoleId, mappings.map((m) => m.id))));
  for (const a of held) {
    const mapping = mappings.find((m) => m.id === a.viaGroupRoleId)!;
    try {
      const fields = await loadSubjectFields(tx, "RoleAssignment", a.id);
      if (!fields || !ctx.ability.can("revoke", asSubject("RoleAssignment", fields))) {
        throw new DomainError("the role is outside what this may revoke (the person holds a role above its scope, or it is their own)", 403, "forbidden");
      }
      if (a.role === "enterprise_admin" && a.enterpriseId) await assertKeepsAnAdmin(tx, a.enterpriseId, { assignmentId: a.id });
    } catch (error) {
      if (!(error instanceof DomainError) || strict) throw error;
      await refused(tx, ctx, userId, mapping, "revoke", error.message);
      outcome.refused++;
      continue;
    }
    await tx.delete(roleAssignments).where(eq(roleAssignments.id, a.id));
    await recordAudit(tx, ctx.principal, ctx.requestId, {
      action: "role.revoke",
      subjectType: "RoleAssignment",
      subjectId: a.id,
      enterpriseId: a.enterpriseId,
      nodeId: a.scopeNodeId,
      summary: `Revoked ${ROLE_LABELS[a.role as Role]} on ${a.scopeNodeId ? await nodeName(tx, a.scopeNodeId) : "a node"} (granted through a SCIM group)`,
      before: a,
    });
    outcome.revoked++;
  }
}
