import "server-only";
import { and, eq, isNull, lt, ne } from "drizzle-orm";
import type { Db, Executor } from "@/db/client";
import { userSessions, users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { authorize, authorizeById, lockUserFields } from "@/lib/authz/guard";
import type { AppAbility } from "@/lib/authz/ability";
import type { Principal } from "@/lib/authz/principal";
import { accessibleWhere } from "@/lib/authz/sql";
import type { Ctx } from "@/lib/context";
import { env } from "@/lib/env";
import { endImpersonation } from "@/lib/impersonation/end";
import type { Deliver } from "@/lib/mail/send";
import { END_REASON_LABELS, TOUCH_EVERY_MS, sessionExpiry, type EndReason } from "./rules";

export type ClientInfo = { address: string | null; userAgent: string | null };

/** Opens a session row at sign-in; its id is all the session cookie carries. `authMethod`: how the person proved who they are (lib/mfa/rules.ts AUTH_METHODS). */
export async function createSession(tx: Executor, user: { id: string; enterpriseId: string | null }, client: ClientInfo, now = new Date(), authMethod: string | null = null) {
  const [row] = await tx
    .insert(userSessions)
    .values({
      userId: user.id,
      enterpriseId: user.enterpriseId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: sessionExpiry(now, env().SESSION_MAX_HOURS),
      userAgent: client.userAgent,
      ipAddress: client.address,
      authMethod,
    })
    .returning();
  return row!;
}

/** Writes last seen, at most once a minute (the condition makes concurrent requests write once). */
export async function touchSession(db: Executor, sessionId: string, now = new Date()) {
  await db
    .update(userSessions)
    .set({ lastSeenAt: now })
    .where(and(eq(userSessions.id, sessionId), isNull(userSessions.endedAt), lt(userSessions.lastSeenAt, new Date(now.getTime() - TOUCH_EVERY_MS))));
}

/** Who ends it; `actorId` names the person when there is no principal to (their own sign-out in a support session). */
type Ender = { principal: Principal | null; requestId: string | null; actorId?: string | null };

/**
 * Ends the open sessions of a user that match `which` (one session, or all but one, or all), with
 * one audit event per call; a conditional update, so ending twice records once. Returns the count.
 */
export async function endSessions(
  tx: Executor,
  userId: string,
  reason: EndReason,
  by: Ender,
  which: { only?: string; except?: string; ability?: AppAbility; /** Collects the mail to send after the commit (an impersonation ended with its session). */ after?: Deliver[] } = {},
  now = new Date(),
): Promise<number> {
  const ended = await tx
    .update(userSessions)
    .set({ endedAt: now, endReason: reason })
    .where(
      and(
        eq(userSessions.userId, userId),
        isNull(userSessions.endedAt),
        which.only ? eq(userSessions.id, which.only) : undefined,
        which.except ? ne(userSessions.id, which.except) : undefined,
        // A person's own request: only the sessions the ability may end (never while impersonating).
        which.ability ? accessibleWhere(which.ability, "delete", "Session") : undefined,
      ),
    )
    .returning({ id: userSessions.id, impersonationId: userSessions.impersonationId });
  if (ended.length === 0) return 0;
  // An impersonation lives in its account manager's session: it ends with it (its end and the
  // customer user's notification commit with this transaction; the bell shows it, the mail is queued).
  for (const e of ended) {
    if (!e.impersonationId) continue;
    const deliver = await endImpersonation(tx, e.impersonationId, "session_ended", by.requestId, now);
    if (deliver) which.after?.push(deliver);
  }
  const [user] = await tx.select({ name: users.name, email: users.email, enterpriseId: users.enterpriseId, unitNodeId: users.unitNodeId }).from(users).where(eq(users.id, userId));
  await recordAudit(tx, by.principal, by.requestId, {
    action: reason === "sign_out" ? "auth.sign_out" : "session.end",
    subjectType: "Session",
    subjectId: ended.length === 1 ? ended[0]!.id : null,
    enterpriseId: user?.enterpriseId ?? null,
    nodeId: user?.unitNodeId ?? null,
    summary:
      reason === "sign_out"
        ? `${user?.name ?? "A user"} signed out`
        : `${ended.length === 1 ? "A session" : `${ended.length} sessions`} of ${user?.name ?? "a user"} (${user?.email ?? userId}) ended: ${END_REASON_LABELS[reason].toLowerCase()}`,
    after: { userId, reason, sessions: ended.map((e) => e.id) },
    actorId: by.actorId,
  });
  return ended.length;
}

/**
 * An admin ends every session of a person it manages (rule 3 via the ability's `delete Session`),
 * checked again inside the transaction under the lock on the person's row, so a role granted to
 * them meanwhile (which takes the same lock) cannot slip past the check.
 */
export async function endUserSessions(db: Db, ctx: Ctx, userId: string): Promise<number> {
  await authorizeById(db, ctx.ability, "read", "User", userId);
  return db.transaction(async (tx) => {
    const fields = await lockUserFields(tx, userId);
    authorize(ctx.ability, "delete", "Session", fields && { ...fields, userId });
    return endSessions(tx, userId, userId === ctx.principal.userId ? "ended_by_user" : "ended_by_admin", ctx);
  });
}

/** The signed-in person ends one of their own sessions, or all but the current one. */
export async function endOwnSessions(db: Db, ctx: Ctx, which: { only?: string; except?: string }): Promise<number> {
  if (which.only) await authorizeById(db, ctx.ability, "delete", "Session", which.only);
  return db.transaction((tx) => endSessions(tx, ctx.principal.userId, "ended_by_user", ctx, { ...which, ability: ctx.ability }));
}
