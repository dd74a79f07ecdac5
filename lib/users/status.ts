import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { authorizeById } from "@/lib/authz/guard";
import type { Ctx } from "@/lib/context";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { assertKeepsAnAdmin } from "./admin-seats";

/**
 * Deactivates a user: their sessions end at their next request (status and sessionsValidAfter are
 * checked on every request). Never oneself, never the enterprise's last admin.
 */
export async function deactivateUser(db: Db, ctx: Ctx, userId: string) {
  await authorizeById(db, ctx.ability, "deactivate", "User", userId);
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
    if (!before) throw new NotFoundError();
    if (before.status === "deactivated") throw new ConflictError(`${before.name} is already deactivated.`);
    if (before.enterpriseId) await assertKeepsAnAdmin(tx, before.enterpriseId, { userId });
    const now = new Date();
    const [after] = await tx.update(users).set({ status: "deactivated", deactivatedAt: now, sessionsValidAfter: now }).where(eq(users.id, userId)).returning();
    await recordAudit(tx, ctx.principal, ctx.requestId, {
      action: "user.deactivate",
      subjectType: "User",
      subjectId: userId,
      enterpriseId: before.enterpriseId,
      nodeId: before.unitNodeId,
      summary: `Deactivated ${before.name} (${before.email})`,
      before: { status: before.status },
      after: { status: after!.status },
    });
    return after!;
  });
}

export async function reactivateUser(db: Db, ctx: Ctx, userId: string) {
  await authorizeById(db, ctx.ability, "reactivate", "User", userId);
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
    if (!before) throw new NotFoundError();
    if (before.status !== "deactivated") throw new ConflictError(`${before.name} is not deactivated.`);
    // A user who never accepted their invitation goes back to "invited", not "active".
    const status = before.passwordHash ? "active" : "invited";
    const [after] = await tx.update(users).set({ status, deactivatedAt: null, sessionsValidAfter: new Date() }).where(eq(users.id, userId)).returning();
    await recordAudit(tx, ctx.principal, ctx.requestId, {
      action: "user.reactivate",
      subjectType: "User",
      subjectId: userId,
      enterpriseId: before.enterpriseId,
      nodeId: before.unitNodeId,
      summary: `Reactivated ${before.name} (${before.email})`,
      before: { status: before.status },
      after: { status: after!.status },
    });
    return after!;
  });
}
