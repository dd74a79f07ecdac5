import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import type { Db, Executor } from "@/db/client";
import { impersonationSessions, userSessions, users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { authorize, lockUserFields } from "@/lib/authz/guard";
import type { Ctx } from "@/lib/context";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import type { Deliver } from "@/lib/mail/send";
import type { ClientInfo } from "@/lib/sessions/mutations";
import { endImpersonation } from "./end";
import { durationLabel, impersonationExpiry } from "./rules";
import type { StartImpersonationInput } from "./schemas";

/** The browser's session row, as the request found it. */
export type CurrentSession = { id: string; userId: string };
export type SwitchedSession = { sessionId: string; userId: string; expiresAt: Date; deliver: Deliver[] };

/** Locks the request's own session row and checks it is still open (a replayed request finds it ended). */
async function lockOpenSession(tx: Executor, sessionId: string) {
  const [row] = await tx
    .select()
    .from(userSessions)
    .where(and(eq(userSessions.id, sessionId), isNull(userSessions.endedAt)))
    .for("update");
  if (!row) throw new ForbiddenError("Your session has ended. Please sign in again.");
  return row;
}

/**
 * Replaces the browser's session with a new row (a new id, so no fixation): the old one ends, the
 * new one keeps the person, their sign-in time and their absolute lifetime, so switching views never
 * extends a session.
 */
async function replaceSession(tx: Executor, old: typeof userSessions.$inferSelect, client: ClientInfo, impersonationId: string | null, now: Date) {
  await tx.update(userSessions).set({ endedAt: now, endReason: "replaced" }).where(eq(userSessions.id, old.id));
  const [row] = await tx
    .insert(userSessions)
    .values({
      userId: old.userId,
      enterpriseId: old.enterpriseId,
      createdAt: old.createdAt,
      lastSeenAt: now,
      expiresAt: old.expiresAt,
      userAgent: client.userAgent ?? old.userAgent,
      ipAddress: client.address ?? old.ipAddress,
      // The replacement is the same sign-in: how the person proved who they are carries over.
      authMethod: old.authMethod,
      impersonationId,
    })
    .returning();
  return row!;
}

/**
 * An account manager starts seeing the portal as a customer user (DESIGN.md rule 4). The ability
 * decides whom (an active customer user of an assigned enterprise that has not switched support
 * access off; never CSP staff, never from inside an impersonation), checked under the lock on the
 * person's row. The person's own sessions are untouched. Returns the new session for the cookie.
 */
export async function startImpersonation(db: Db, ctx: Ctx, current: CurrentSession, input: StartImpersonationInput, client: ClientInfo, now = new Date()): Promise<SwitchedSession> {
  // The session is the account manager's own: an impersonated principal is somebody else.
  if (ctx.principal.impersonation || current.userId !== ctx.principal.userId) throw new ForbiddenError("You cannot start viewing as someone from inside another person's view.");
  return db.transaction(async (tx) => {
    const fields = await lockUserFields(tx, input.userId);
    authorize(ctx.ability, "impersonate", "User", fields);
    const old = await lockOpenSession(tx, current.id);
    const [target] = await tx.select().from(users).where(eq(users.id, input.userId));
    if (!target?.enterpriseId) throw new NotFoundError();

    // One at a time: another browser's open impersonation ends here.
    const deliver: Deliver[] = [];
    const open = await tx
      .select({ id: impersonationSessions.id })
      .from(impersonationSessions)
      .where(and(eq(impersonationSessions.accountManagerId, ctx.principal.userId), isNull(impersonationSessions.endedAt)));
    for (const o of open) {
      const d = await endImpersonation(tx, o.id, "replaced", ctx.requestId, now);
      if (d) deliver.push(d);
    }

    const expiresAt = impersonationExpiry(now, input.minutes, old.expiresAt);
    const [row] = await tx
      .insert(impersonationSessions)
      .values({ enterpriseId: target.enterpriseId, accountManagerId: ctx.principal.userId, targetUserId: target.id, reason: input.reason, startedAt: now, expiresAt })
      .returning();
    const session = await replaceSession(tx, old, client, row!.id, now);
    const minutes = (expiresAt.getTime() - now.getTime()) / 60_000;
    await recordAudit(tx, ctx.principal, ctx.requestId, {
      action: "impersonation.start",
      subjectType: "Impersonation",
      subjectId: row!.id,
      enterpriseId: target.enterpriseId,
      nodeId: target.unitNodeId,
      summary: `${ctx.principal.name} started viewing the portal as ${target.name} (${target.email}) for ${durationLabel(minutes)}: “${input.reason}”`,
      after: { targetUserId: target.id, reason: input.reason, minutes, expiresAt: expiresAt.toISOString() },
      onBehalfOfId: target.id,
    });
    return { sessionId: session.id, userId: session.userId, expiresAt: session.expiresAt, deliver };
  });
}

/**
 * The account manager ends the impersonation and is back in their own view, in a new session row
 * (the impersonation's own row ends). Replaying it after the end finds the row ended and changes nothing.
 */
export async function stopImpersonation(db: Db, ctx: Ctx, current: CurrentSession, client: ClientInfo, now = new Date()): Promise<SwitchedSession> {
  const impersonationId = ctx.principal.impersonation?.sessionId;
  if (!impersonationId) throw new ForbiddenError("You are not viewing the portal as anyone.");
  return db.transaction(async (tx) => {
    const old = await lockOpenSession(tx, current.id);
    if (old.impersonationId !== impersonationId) throw new ForbiddenError("You are not viewing the portal as anyone.");
    const d = await endImpersonation(tx, impersonationId, "ended", ctx.requestId, now);
    const session = await replaceSession(tx, old, client, null, now);
    return { sessionId: session.id, userId: session.userId, expiresAt: session.expiresAt, deliver: d ? [d] : [] };
  });
}
