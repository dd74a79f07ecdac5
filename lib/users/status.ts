import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { authorizeById, authorizeUserLocked } from "@/lib/authz/guard";
import type { Ctx } from "@/lib/context";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { revokeOpenInvitations } from "@/lib/invitations/links";
import { endSessions } from "@/lib/sessions/mutations";
import { assertKeepsAnAdmin } from "./admin-seats";

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
