import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db, Executor } from "@/db/client";
import { accountNodes, roleAssignments, users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { authorize, authorizeById, authorizeUserLocked, loadSubjectFields, lockUserFields } from "@/lib/authz/guard";
import { ROLES, ROLE_LABELS, type Role } from "@/lib/authz/vocabulary";
import type { Ctx } from "@/lib/context";
import { InvalidError, NotFoundError } from "@/lib/errors";
import { revokeOpenInvitations } from "@/lib/invitations/links";
import { assertKeepsAnAdmin } from "./admin-seats";
import { grantShapeProblem } from "./guards";

const money = z.coerce.number().int("Whole minor units only").min(0).max(1e13);

export const grantInput = z.object({
  userId: z.string().uuid(),
  // Any role parses, so that a forged CSP role reaches the ability and is refused (403) and recorded.
  role: z.enum(ROLES, { message: "Choose a role" }),
  scopeNodeId: z.string().uuid("Choose a node"),
  approvalLimitMinor: money.nullish(),
  spendLimitMinor: money.nullish(),
  limitCurrency: z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/, "A three-letter currency code").nullish(),
  expiresAt: z.coerce.date().nullish(),
});
export type GrantInput = z.infer<typeof grantInput>;

/**
 * Checks a grant without writing it: the user and the node must be visible (404 otherwise), the
 * ability must allow granting this role on this node to this user (403: own roles, CSP roles,
 * scopes outside one's own, a person who holds a role above the admin's scope), and the grant must
 * be well formed (400). Run inside the write transaction: it locks the person's row first, so the
 * check holds until the insert commits. Returns what the insert needs.
 */
export async function checkGrant(tx: Executor, ctx: Ctx, input: GrantInput) {
  const user = await authorizeUserLocked(tx, ctx.ability, "update", input.userId);
  const node = await loadSubjectFields(tx, "AccountNode", input.scopeNodeId);
  authorize(ctx.ability, "read", "AccountNode", node);
  if (node!.enterpriseId !== user.enterpriseId) throw new InvalidError("The node must be in the user's own enterprise.");
  authorize(ctx.ability, "grant", "RoleAssignment", {
    path: node!.path,
    role: input.role,
    userId: input.userId,
    enterpriseId: node!.enterpriseId,
    holderPath: user.path,
    holderRolePaths: user.rolePaths,
  });
  const problem = grantShapeProblem(input);
  if (problem) throw new InvalidError(problem);
  return {
    userId: input.userId,
    enterpriseId: node!.enterpriseId as string,
    role: input.role,
    scopeNodeId: input.scopeNodeId,
    approvalLimitMinor: input.role === "approver" ? (input.approvalLimitMinor ?? null) : null,
    spendLimitMinor: input.role === "orderer" ? (input.spendLimitMinor ?? null) : null,
    limitCurrency: input.approvalLimitMinor != null || input.spendLimitMinor != null ? (input.limitCurrency ?? null) : null,
    expiresAt: input.expiresAt ?? null,
    grantedById: ctx.principal.impersonation?.byUserId ?? ctx.principal.userId,
  };
}

/** Inserts a checked grant and its audit event with the caller's transaction. */
export async function insertGrant(tx: Executor, ctx: Ctx, row: Awaited<ReturnType<typeof checkGrant>>) {
  const [created] = await tx.insert(roleAssignments).values(row).returning();
  const [node] = await tx.select({ name: accountNodes.name }).from(accountNodes).where(eq(accountNodes.id, row.scopeNodeId));
  await recordAudit(tx, ctx.principal, ctx.requestId, {
    action: "role.grant",
    subjectType: "RoleAssignment",
    subjectId: created!.id,
    enterpriseId: row.enterpriseId,
    nodeId: row.scopeNodeId,
    summary: `Granted ${ROLE_LABELS[row.role as Role]} on ${node?.name ?? "a node"}`,
    after: { ...created, userId: row.userId },
  });
  return created!;
}

/** Grants a customer role on a node, in one transaction with its audit event. */
export async function grantRole(db: Db, ctx: Ctx, input: GrantInput) {
  return db.transaction(async (tx) => {
    const created = await insertGrant(tx, ctx, await checkGrant(tx, ctx, input));
    await retireInvitationLinks(tx, ctx, input.userId);
    return created;
  });
}

/**
 * A grant to someone who has not accepted their invitation yet ends the links already sent: a
 * link mailed (and readable in the outbox) while a subtree admin could still manage the person must
 * not become, after a grant above that admin's scope, the way to set the password of someone who
 * outranks it (rule 3). Whoever may manage the person now sends a new invitation.
 */
async function retireInvitationLinks(tx: Executor, ctx: Ctx, userId: string) {
  const [user] = await tx.select({ status: users.status, name: users.name, enterpriseId: users.enterpriseId, unitNodeId: users.unitNodeId }).from(users).where(eq(users.id, userId));
  if (user?.status !== "invited") return;
  const retired = await revokeOpenInvitations(tx, userId);
  if (retired.length === 0) return;
  await recordAudit(tx, ctx.principal, ctx.requestId, {
    action: "invitation.revoke",
    subjectType: "User",
    subjectId: userId,
    enterpriseId: user.enterpriseId,
    nodeId: user.unitNodeId,
    summary: `The invitation link of ${user.name} stopped working after a role change; send a new invitation`,
    after: { revokedInvitations: retired.map((r) => r.id) },
  });
}

/**
 * Revokes an assignment; never one's own, never the enterprise's last admin, never one held by a
 * person the admin may not manage (rule 3: the holder's unit and every role they hold must lie in
 * the admin's scope). Checked before, and again under the lock on the holder's row.
 */
export async function revokeRole(db: Db, ctx: Ctx, assignmentId: string) {
  const fields = await authorizeById(db, ctx.ability, "revoke", "RoleAssignment", assignmentId);
  return db.transaction(async (tx) => {
    await lockUserFields(tx, fields.userId as string);
    await authorizeById(tx, ctx.ability, "revoke", "RoleAssignment", assignmentId);
    const [before] = await tx.select().from(roleAssignments).where(eq(roleAssignments.id, assignmentId));
    if (!before) throw new NotFoundError();
    if (before.role === "enterprise_admin" && before.enterpriseId) await assertKeepsAnAdmin(tx, before.enterpriseId, { assignmentId });
    await tx.delete(roleAssignments).where(eq(roleAssignments.id, assignmentId));
    const [node] = before.scopeNodeId ? await tx.select({ name: accountNodes.name }).from(accountNodes).where(eq(accountNodes.id, before.scopeNodeId)) : [];
    await recordAudit(tx, ctx.principal, ctx.requestId, {
      action: "role.revoke",
      subjectType: "RoleAssignment",
      subjectId: assignmentId,
      enterpriseId: before.enterpriseId,
      nodeId: before.scopeNodeId,
      summary: `Revoked ${ROLE_LABELS[before.role as Role]} on ${node?.name ?? "a node"}`,
      before,
    });
    return before;
  });
}
