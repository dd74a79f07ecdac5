import "server-only";
import { assignmentInForce } from "@/lib/users/in-force";
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { accountNodes, approvalDelegations, approvalPolicies, roleAssignments, users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { authorize, authorizeById, authorizeLocked, loadSubjectFields } from "@/lib/authz/guard";
import type { Ctx } from "@/lib/context";
import { ConflictError, InvalidError } from "@/lib/errors";
import { startOfDayIn } from "@/lib/time";
import type { AwayInput, PolicyInput } from "./schemas";

/**
 * An approver says they are away, from one day to another in their own time zone, and optionally
 * who decides in their place. The delegate must be an active colleague of the same enterprise who
 * holds an approver role themselves (they decide within their own scope and limit). A new away
 * period replaces the approver's current and future ones.
 */
export async function setAway(db: Db, ctx: Ctx, input: AwayInput, now = new Date()) {
  const me = ctx.principal;
  authorize(ctx.ability, "create", "Delegation", { approverId: me.userId, enterpriseId: me.enterpriseId });
  const startsAt = startOfDayIn(input.startsOn, me.timeZone)!;
  const dayAfter = new Date(`${input.endsOn}T00:00:00Z`);
  dayAfter.setUTCDate(dayAfter.getUTCDate() + 1);
  const endsAt = startOfDayIn(dayAfter.toISOString().slice(0, 10), me.timeZone)!;
  if (endsAt <= now) throw new InvalidError("This period is already over.", { endsOn: ["Choose a day from today on"] });
  if (endsAt.getTime() - startsAt.getTime() > 366 * 86_400_000) throw new InvalidError("An away period is at most a year.", { endsOn: ["At most a year after the first day"] });
  let delegateName: string | null = null;
  if (input.delegateId) {
    if (input.delegateId === me.userId) throw new InvalidError("Name someone else to decide in your place.", { delegateId: ["Choose someone else"] });
    const [delegate] = await db
      .select({ name: users.name })
      .from(users)
      .innerJoin(roleAssignments, eq(roleAssignments.userId, users.id))
      .where(
        and(
          eq(users.id, input.delegateId),
          eq(users.status, "active"),
          eq(users.enterpriseId, me.enterpriseId ?? "00000000-0000-0000-0000-000000000000"),
          eq(roleAssignments.role, "approver"),
          assignmentInForce(now),
        ),
      )
      .limit(1);
    if (!delegate) throw new InvalidError("Choose an active approver of your organisation.", { delegateId: ["Choose an active approver of your organisation"] });
    delegateName = delegate.name;
  }
  return db.transaction(async (tx) => {
    const replaced = await tx
      .update(approvalDelegations)
      .set({ endedAt: now })
      .where(and(eq(approvalDelegations.approverId, me.userId), isNull(approvalDelegations.endedAt), gt(approvalDelegations.endsAt, now)))
      .returning({ id: approvalDelegations.id });
    const [created] = await tx
      .insert(approvalDelegations)
      .values({ enterpriseId: me.enterpriseId!, approverId: me.userId, delegateId: input.delegateId, startsAt, endsAt, createdAt: now })
      .returning();
    await recordAudit(tx, ctx.principal, ctx.requestId, {
      action: "approval.away",
      subjectType: "Delegation",
      subjectId: created!.id,
      nodeId: me.unitNodeId,
      summary: `Away from ${input.startsOn} to ${input.endsOn}${delegateName ? `; ${delegateName} decides in their place` : ", no delegate"}`,
      before: replaced.length ? { replaced: replaced.map((r) => r.id) } : null,
      after: { startsAt, endsAt, delegateId: input.delegateId, delegateName },
    });
    return created!;
  });
}

/** Ends an away period early (back sooner): from now on, approvals come to the approver again. */
export async function endAway(db: Db, ctx: Ctx, input: { delegationId: string }, now = new Date()) {
  return db.transaction(async (tx) => {
    await authorizeLocked(tx, ctx.ability, "update", "Delegation", input.delegationId);
    const [ended] = await tx
      .update(approvalDelegations)
      .set({ endedAt: now })
      .where(and(eq(approvalDelegations.id, input.delegationId), isNull(approvalDelegations.endedAt), gt(approvalDelegations.endsAt, now)))
      .returning();
    if (!ended) throw new ConflictError("This away period is already over.");
    await recordAudit(tx, ctx.principal, ctx.requestId, {
      action: "approval.back",
      subjectType: "Delegation",
      subjectId: ended.id,
      nodeId: ctx.principal.unitNodeId,
      summary: "Ended an away period early",
      before: { endsAt: ended.endsAt },
      after: { endedAt: now },
    });
    return { id: ended.id };
  });
}

/**
 * Sets a node's approval policy in one currency (thresholds ascending, escalation time). Orders
 * already waiting keep the levels they were given at submission; new submissions use this.
 */
export async function setApprovalPolicy(db: Db, ctx: Ctx, input: PolicyInput, now = new Date()) {
  const node = await loadSubjectFields(db, "AccountNode", input.nodeId);
  authorize(ctx.ability, "read", "AccountNode", node);
  const [existing] = await db.select().from(approvalPolicies).where(and(eq(approvalPolicies.nodeId, input.nodeId), eq(approvalPolicies.currency, input.currency)));
  if (existing) await authorizeById(db, ctx.ability, "update", "ApprovalPolicy", existing.id);
  else authorize(ctx.ability, "create", "ApprovalPolicy", { path: node!.path, enterpriseId: node!.enterpriseId });
  return db.transaction(async (tx) => {
    const [saved] = await tx
      .insert(approvalPolicies)
      .values({ enterpriseId: node!.enterpriseId as string, nodeId: input.nodeId, currency: input.currency, thresholdsMinor: input.thresholdsMinor, escalationHours: input.escalationHours, updatedById: ctx.principal.userId, updatedAt: now })
      .onConflictDoUpdate({
        target: [approvalPolicies.nodeId, approvalPolicies.currency],
        set: { thresholdsMinor: input.thresholdsMinor, escalationHours: input.escalationHours, updatedById: ctx.principal.userId, updatedAt: now },
      })
      .returning();
    const [named] = await tx.select({ name: accountNodes.name }).from(accountNodes).where(eq(accountNodes.id, input.nodeId));
    await recordAudit(tx, ctx.principal, ctx.requestId, {
      action: existing ? "approval_policy.update" : "approval_policy.create",
      subjectType: "ApprovalPolicy",
      subjectId: saved!.id,
      enterpriseId: node!.enterpriseId as string,
      nodeId: input.nodeId,
      summary: `${existing ? "Changed" : "Set"} the ${input.currency} approval policy of ${named!.name}`,
      before: existing ? { thresholdsMinor: existing.thresholdsMinor, escalationHours: existing.escalationHours } : null,
      after: { thresholdsMinor: input.thresholdsMinor, escalationHours: input.escalationHours },
    });
    return saved!;
  });
}
