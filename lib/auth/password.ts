import "server-only";
import bcrypt from "bcryptjs";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { asSubject } from "@/lib/authz/subjects";
import type { Ctx } from "@/lib/context";
import { ForbiddenError, InvalidError, NotFoundError } from "@/lib/errors";
import { BCRYPT_COST } from "./password-policy";
import { endSessions } from "@/lib/sessions/mutations";
import { clearKeys, reserveKeys } from "./throttle";

/**
 * The signed-in person changes their own password: the current one is checked (counted like a
 * sign-in, so a stolen session cannot guess it), the new hash is written and every other session
 * ends at its next request; the current one stays. Never while impersonating (rule 4).
 */
export async function changeOwnPassword(db: Db, ctx: Ctx, currentSessionId: string, input: { current: string; password: string }) {
  // The ability decides (rule 4: never while impersonating), not a check of the principal here.
  if (!ctx.ability.can("update", asSubject("Credential", { id: ctx.principal.userId, userId: ctx.principal.userId, enterpriseId: ctx.principal.enterpriseId }))) {
    throw new ForbiddenError("Credentials cannot be changed while impersonating.");
  }
  const [user] = await db.select({ email: users.email, passwordHash: users.passwordHash }).from(users).where(eq(users.id, ctx.principal.userId));
  if (!user?.passwordHash) throw new NotFoundError();
  // Its own counter: a stranger failing sign-ins on this e-mail cannot block the owner's change.
  const keys = [{ key: `password:${ctx.principal.userId}`, threshold: 5, maxDelaySeconds: 900 }];
  const reservation = await reserveKeys(db, keys);
  if (!reservation.allowed) throw new InvalidError("Too many attempts. Please wait a little before trying again.");
  if (!(await bcrypt.compare(input.current, user.passwordHash))) {
    throw new InvalidError("Your current password is not right.", { current: ["Your current password is not right."] });
  }
  await clearKeys(db, keys);
  const passwordHash = await bcrypt.hash(input.password, BCRYPT_COST);
  return db.transaction(async (tx) => {
    const [locked] = await tx.select({ id: users.id }).from(users).where(eq(users.id, ctx.principal.userId)).for("update");
    if (!locked) throw new NotFoundError();
    await tx.update(users).set({ passwordHash }).where(eq(users.id, ctx.principal.userId));
    await recordAudit(tx, ctx.principal, ctx.requestId, {
      action: "user.password_change",
      subjectType: "User",
      subjectId: ctx.principal.userId,
      nodeId: ctx.principal.unitNodeId,
      summary: `${ctx.principal.name} changed their password`,
    });
    return { endedSessions: await endSessions(tx, ctx.principal.userId, "password_changed", ctx, { except: currentSessionId }) };
  });
}
