import "server-only";
import { eq } from "drizzle-orm";
import type { Db, Executor } from "@/db/client";
import { accountNodes, roleAssignments, users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { authorize, authorizeById, authorizeUserLocked, loadSubjectFields, lockUserFields } from "@/lib/authz/guard";
import { ROLE_LABELS, type Role } from "@/lib/authz/vocabulary";
import type { Ctx } from "@/lib/context";
import { ConflictError, InvalidError, NotFoundError } from "@/lib/errors";
import { endSessions } from "@/lib/sessions/mutations";
import { assertKeepsAnAdmin } from "./admin-seats";
import { grantShapeProblem } from "./guards";
import { revokeOpenInvitations } from "./open-invitations";
import type { GrantInput } from "./schemas";

/**
 * The writes on people: granting and revoking roles, deactivating and reactivating. Each checks
 * the ability inside its transaction, keeps an admin seat filled, and records its audit event in
 * the same transaction.
 */
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
export async function retireInvitationLinks(tx: Executor, ctx: Ctx, userId: string) {
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

/**
 * Deactivates a user: every session row ends now, so they are signed out at their next request,
 * and an open invitation link stops working. Never oneself, never the enterprise's last admin.
 * Authorized before, and again inside the transaction under the lock on the user's row.
 */
export async function deactivateUser(db: Db, ctx: Ctx, userId: string) {
  await authorizeById(db, ctx.ability, "deactivate", "User", userId);
  return db.transaction(async (tx) => {
    await authorizeUserLocked(tx, ctx.ability, "deactivate", userId);
    const [before] = await tx.select().from(users).where(eq(users.id, userId));
    if (!before) throw new NotFoundError();
    if (before.status === "deactivated") throw new ConflictError(`${before.name} is already deactivated.`);
    if (before.enterpriseId) await assertKeepsAnAdmin(tx, before.enterpriseId, { userId });
    const now = new Date();
    const [after] = await tx.update(users).set({ status: "deactivated", deactivatedAt: now, sessionsValidAfter: now }).where(eq(users.id, userId)).returning();
    const revokedInvitations = (await revokeOpenInvitations(tx, userId, now)).map((r) => r.id);
    await recordAudit(tx, ctx.principal, ctx.requestId, {
      action: "user.deactivate",
      subjectType: "User",
      subjectId: userId,
      enterpriseId: before.enterpriseId,
      nodeId: before.unitNodeId,
      summary: `Deactivated ${before.name} (${before.email})`,
      before: { status: before.status },
      after: { status: after!.status, ...(revokedInvitations.length ? { revokedInvitations } : {}) },
    });
    await endSessions(tx, userId, "deactivated", ctx, {}, now);
    return after!;
  });
}

/**
 * Reactivates a user. Someone who never accepted their invitation goes back to "invited" with no
 * working link: an old link never comes back to life; the admin sends a new invitation.
 */
export async function reactivateUser(db: Db, ctx: Ctx, userId: string) {
  await authorizeById(db, ctx.ability, "reactivate", "User", userId);
  return db.transaction(async (tx) => {
    await authorizeUserLocked(tx, ctx.ability, "reactivate", userId);
    const [before] = await tx.select().from(users).where(eq(users.id, userId));
    if (!before) throw new NotFoundError();
    if (before.status !== "deactivated") throw new ConflictError(`${before.name} is not deactivated.`);
    const status = before.passwordHash ? "active" : "invited";
    const now = new Date();
    const [after] = await tx.update(users).set({ status, deactivatedAt: null, sessionsValidAfter: now }).where(eq(users.id, userId)).returning();
    const revokedInvitations = (await revokeOpenInvitations(tx, userId, now)).map((r) => r.id);
    await recordAudit(tx, ctx.principal, ctx.requestId, {
      action: "user.reactivate",
      subjectType: "User",
      subjectId: userId,
      enterpriseId: before.enterpriseId,
      nodeId: before.unitNodeId,
      summary: `Reactivated ${before.name} (${before.email})${status === "invited" ? "; send a new invitation to let them sign in" : ""}`,
      before: { status: before.status },
      after: { status: after!.status, ...(revokedInvitations.length ? { revokedInvitations } : {}) },
    });
    return after!;
  });
}
