import "server-only";
import { and, eq, isNull, or, gt } from "drizzle-orm";
import type { Db, Executor } from "@/db/client";
import { impersonationSessions, roleAssignments, users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { authorize, lockUserFields, loadSubjectFields } from "@/lib/authz/guard";
import type { Ctx } from "@/lib/context";
import { ConflictError, InvalidError, NotFoundError } from "@/lib/errors";
import { endImpersonation } from "@/lib/impersonation/end";
import type { Deliver } from "@/lib/mail/send";
import { insertGrant } from "@/lib/users/mutations";
import { assignableManagers } from "./onboard";

const inForce = (now: Date) => or(isNull(roleAssignments.expiresAt), gt(roleAssignments.expiresAt, now));

/** The enterprise (as a Customer the ability may update), or not found. */
async function customerFields(db: Executor, ctx: Ctx, enterpriseId: string) {
  const fields = await loadSubjectFields(db, "Customer", enterpriseId);
  if (!fields || fields.kind !== "enterprise") throw new NotFoundError();
  authorize(ctx.ability, "read", "Customer", fields);
  authorize(ctx.ability, "update", "Customer", fields);
  return fields;
}

/** An enterprise's account managers and the CSP staff who could be added, for its page. */
export async function accountManagerChoices(db: Executor, ctx: Ctx, enterpriseId: string, now = new Date()) {
  await customerFields(db, ctx, enterpriseId);
  const assigned = await db
    .select({ assignmentId: roleAssignments.id, id: users.id, name: users.name, email: users.email, grantedAt: roleAssignments.grantedAt })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(and(eq(roleAssignments.role, "account_manager"), eq(roleAssignments.scopeNodeId, enterpriseId), inForce(now)))
    .orderBy(users.name);
  const taken = new Set(assigned.map((a) => a.id));
  return { assigned, available: (await assignableManagers(db, ctx.principal.userId)).filter((u) => !taken.has(u.id)) };
}

/**
 * A CSP administrator assigns a CSP user to an enterprise as its account manager (several may look
 * after one enterprise; reassigning is adding the new one and removing the old). Checked under the
 * lock on the person's row; audited with the grant.
 */
export async function assignAccountManager(db: Db, ctx: Ctx, input: { enterpriseId: string; userId: string }, now = new Date()) {
  const customer = await customerFields(db, ctx, input.enterpriseId);
  return db.transaction(async (tx) => {
    const person = await lockUserFields(tx, input.userId);
    const [user] = await tx.select({ name: users.name, enterpriseId: users.enterpriseId, status: users.status }).from(users).where(eq(users.id, input.userId));
    if (!person || !user || user.enterpriseId !== null || user.status !== "active") throw new InvalidError("Only active CSP staff can look after an enterprise.", { userId: ["Choose a member of the CSP's staff"] });
    authorize(ctx.ability, "grant", "RoleAssignment", { role: "account_manager", userId: input.userId, enterpriseId: input.enterpriseId, path: customer.path, holderPath: null, holderRolePaths: person.rolePaths });
    const [already] = await tx
      .select({ id: roleAssignments.id })
      .from(roleAssignments)
      .where(and(eq(roleAssignments.userId, input.userId), eq(roleAssignments.role, "account_manager"), eq(roleAssignments.scopeNodeId, input.enterpriseId), inForce(now)));
    if (already) throw new ConflictError(`${user.name} already looks after this enterprise.`);
    return insertGrant(tx, ctx, {
      userId: input.userId,
      enterpriseId: input.enterpriseId,
      role: "account_manager",
      scopeNodeId: input.enterpriseId,
      approvalLimitMinor: null,
      spendLimitMinor: null,
      limitCurrency: null,
      expiresAt: null,
      grantedById: ctx.principal.userId,
    });
  });
}

/**
 * Removes an account manager from an enterprise. A support session they have open there ends at
 * once (the person is told); it would end at their next request anyway.
 */
export async function unassignAccountManager(db: Db, ctx: Ctx, input: { enterpriseId: string; userId: string }, now = new Date()) {
  const customer = await customerFields(db, ctx, input.enterpriseId);
  const deliver: Deliver[] = [];
  const removed = await db.transaction(async (tx) => {
    const person = await lockUserFields(tx, input.userId);
    if (!person) throw new NotFoundError();
    authorize(ctx.ability, "revoke", "RoleAssignment", { role: "account_manager", userId: input.userId, enterpriseId: input.enterpriseId, path: customer.path, holderPath: null, holderRolePaths: person.rolePaths });
    const rows = await tx
      .delete(roleAssignments)
      .where(and(eq(roleAssignments.userId, input.userId), eq(roleAssignments.role, "account_manager"), eq(roleAssignments.scopeNodeId, input.enterpriseId)))
      .returning();
    // Removed already (a second click, a replay): nothing to do, and nothing refused.
    if (rows.length === 0) return 0;
    const [user] = await tx.select({ name: users.name }).from(users).where(eq(users.id, input.userId));
    for (const row of rows) {
      await recordAudit(tx, ctx.principal, ctx.requestId, {
        action: "role.revoke",
        subjectType: "RoleAssignment",
        subjectId: row.id,
        enterpriseId: input.enterpriseId,
        nodeId: input.enterpriseId,
        summary: `Removed ${user?.name ?? "an account manager"} as account manager`,
        before: row,
      });
    }
    const open = await tx
      .select({ id: impersonationSessions.id })
      .from(impersonationSessions)
      .where(and(eq(impersonationSessions.accountManagerId, input.userId), eq(impersonationSessions.enterpriseId, input.enterpriseId), isNull(impersonationSessions.endedAt)));
    for (const o of open) {
      const d = await endImpersonation(tx, o.id, "access_withdrawn", ctx.requestId, now, "no longer the enterprise's account manager");
      if (d) deliver.push(d);
    }
    return rows.length;
  });
  for (const d of deliver) await d();
  return { removed };
}
