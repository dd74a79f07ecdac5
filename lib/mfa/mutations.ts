import "server-only";
import { and, eq, isNotNull, isNull } from "drizzle-orm";
import type { Db, Executor } from "@/db/client";
import { enterpriseSecuritySettings, mfaRecoveryCodes, userMfa, users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { authorize, lockUserFields } from "@/lib/authz/guard";
import { asSubject } from "@/lib/authz/subjects";
import type { Ctx } from "@/lib/context";
import { ConflictError, ForbiddenError, InvalidError, NotFoundError } from "@/lib/errors";
import { seal } from "@/lib/identity/secret-box";
import { clearKeys, reserveKeys } from "@/lib/auth/throttle";
import { endSessions } from "@/lib/sessions/mutations";
import { identityFields } from "@/lib/identity/connection";
import { hashRecoveryCode, mfaRequired, mfaThrottleKey, newRecoveryCodes } from "./rules";
import { newTotpSecret, otpauthUri } from "./totp";
import { spendTotpCode } from "./verify";

/**
 * A person's own second factor (their security page) and an enterprise's MFA policy. Every change
 * is checked by the ability (`update Credential` of oneself, never while impersonating; `update
 * IdentityProvider` for the policy, admins of the whole enterprise only) and audited in its
 * transaction. Codes are checked with the same replay protection and throttle as at sign-in.
 */

const WRONG_CODE = "That code is not right. Check your authenticator app and try again.";
const USED_CODE = "That code was already used. Wait for the next code from your app and enter it.";

function authorizeOwn(ctx: Ctx) {
  const p = ctx.principal;
  if (!ctx.ability.can("update", asSubject("Credential", { id: p.userId, userId: p.userId, enterpriseId: p.enterpriseId }))) {
    throw new ForbiddenError("Two-step verification cannot be changed while viewing as someone.");
  }
}

/** Counts an attempt at a code on the person's own counter; refuses while its delay runs. */
async function reserveCodeAttempt(db: Executor, userId: string) {
  const reservation = await reserveKeys(db, [mfaThrottleKey(userId)]);
  if (!reservation.allowed) throw new InvalidError("Too many attempts. Please wait a little before trying again.");
}

/** Checks and spends a current code inside the caller's transaction, or refuses with a message for the code field. */
async function requireCode(tx: Executor, userId: string, code: string, now: Date, pending = false) {
  const check = await spendTotpCode(tx, userId, code, now, { pending });
  if (!check.ok) {
    const message = check.reason === "replayed" ? USED_CODE : WRONG_CODE;
    throw new InvalidError(message, { code: [message] });
  }
}

/** Replaces a person's recovery codes with ten new ones; returns them (the only time they are shown). */
async function replaceRecoveryCodes(tx: Executor, user: { id: string; enterpriseId: string | null }, now: Date): Promise<string[]> {
  const codes = newRecoveryCodes();
  await tx.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, user.id));
  await tx.insert(mfaRecoveryCodes).values(codes.map((code) => ({ userId: user.id, enterpriseId: user.enterpriseId, codeHash: hashRecoveryCode(code)!, createdAt: now })));
  return codes;
}

async function lockedUser(tx: Executor, userId: string) {
  const [user] = await tx
    .select({ id: users.id, name: users.name, email: users.email, enterpriseId: users.enterpriseId, unitNodeId: users.unitNodeId })
    .from(users)
    .where(eq(users.id, userId))
    .for("update");
  if (!user) throw new NotFoundError();
  return user;
}

/**
 * Starts (or restarts) enrolment: a new secret, sealed, pending until a code from it is confirmed.
 * Returns the secret and its otpauth URI for the person's app.
 */
export async function startEnrolment(db: Db, ctx: Ctx, now = new Date()): Promise<{ secret: string; uri: string }> {
  authorizeOwn(ctx);
  return db.transaction(async (tx) => {
    const user = await lockedUser(tx, ctx.principal.userId);
    const [existing] = await tx.select({ enabledAt: userMfa.enabledAt }).from(userMfa).where(eq(userMfa.userId, user.id));
    if (existing?.enabledAt) throw new ConflictError("Two-step verification is already on.");
    const secret = newTotpSecret();
    const row = { userId: user.id, enterpriseId: user.enterpriseId, secretSealed: seal(secret, "totp-secret"), enabledAt: null, lastUsedStep: 0, createdAt: now };
    await tx.insert(userMfa).values(row).onConflictDoUpdate({ target: userMfa.userId, set: { secretSealed: row.secretSealed, lastUsedStep: 0, createdAt: now } });
    await recordAudit(tx, ctx.principal, ctx.requestId, {
      action: "mfa.enrolment_started",
      subjectType: "User",
      subjectId: user.id,
      nodeId: user.unitNodeId,
      summary: `${user.name} started setting up two-step verification`,
    });
    return { secret, uri: otpauthUri(user.email, secret) };
  });
}

/** Drops an enrolment that was started and not confirmed. */
export async function cancelEnrolment(db: Db, ctx: Ctx): Promise<void> {
  authorizeOwn(ctx);
  await db.transaction(async (tx) => {
    const user = await lockedUser(tx, ctx.principal.userId);
    const removed = await tx.delete(userMfa).where(and(eq(userMfa.userId, user.id), isNull(userMfa.enabledAt))).returning({ userId: userMfa.userId });
    if (removed.length === 0) return;
    await recordAudit(tx, ctx.principal, ctx.requestId, {
      action: "mfa.enrolment_cancelled",
      subjectType: "User",
      subjectId: user.id,
      nodeId: user.unitNodeId,
      summary: `${user.name} cancelled setting up two-step verification`,
    });
  });
}

/**
 * Confirms enrolment with a code from the new secret: two-step verification is on from now, and
 * ten recovery codes are returned to be shown once (only their hashes are kept).
 */
export async function confirmEnrolment(db: Db, ctx: Ctx, input: { code: string }, now = new Date()): Promise<{ recoveryCodes: string[] }> {
  authorizeOwn(ctx);
  await reserveCodeAttempt(db, ctx.principal.userId);
  const result = await db.transaction(async (tx) => {
    const user = await lockedUser(tx, ctx.principal.userId);
    const [row] = await tx.select({ enabledAt: userMfa.enabledAt }).from(userMfa).where(eq(userMfa.userId, user.id));
    if (!row) throw new ConflictError("Start setting up two-step verification first.");
    if (row.enabledAt) throw new ConflictError("Two-step verification is already on.");
    await requireCode(tx, user.id, input.code, now, true);
    const recoveryCodes = await replaceRecoveryCodes(tx, user, now);
    await recordAudit(tx, ctx.principal, ctx.requestId, {
      action: "mfa.enabled",
      subjectType: "User",
      subjectId: user.id,
      nodeId: user.unitNodeId,
      summary: `${user.name} turned on two-step verification`,
      after: { method: "totp", recoveryCodes: recoveryCodes.length },
    });
    return { recoveryCodes };
  });
  await clearKeys(db, [mfaThrottleKey(ctx.principal.userId)]);
  return result;
}

/** New recovery codes (the old ones stop working), with a current code from the app. */
export async function regenerateRecoveryCodes(db: Db, ctx: Ctx, input: { code: string }, now = new Date()): Promise<{ recoveryCodes: string[] }> {
  authorizeOwn(ctx);
  await reserveCodeAttempt(db, ctx.principal.userId);
  const result = await db.transaction(async (tx) => {
    const user = await lockedUser(tx, ctx.principal.userId);
    await requireCode(tx, user.id, input.code, now);
    const recoveryCodes = await replaceRecoveryCodes(tx, user, now);
    await recordAudit(tx, ctx.principal, ctx.requestId, {
      action: "mfa.recovery_codes_regenerated",
      subjectType: "User",
      subjectId: user.id,
      nodeId: user.unitNodeId,
      summary: `${user.name} made new recovery codes`,
      after: { recoveryCodes: recoveryCodes.length },
    });
    return { recoveryCodes };
  });
  await clearKeys(db, [mfaThrottleKey(ctx.principal.userId)]);
  return result;
}

/**
 * Turns two-step verification off, with a current code. Refused for CSP staff (always required)
 * and while the person's enterprise requires it (checked under a lock on its policy row).
 */
export async function disableMfa(db: Db, ctx: Ctx, input: { code: string }, now = new Date()): Promise<void> {
  authorizeOwn(ctx);
  const refuseIfRequired = async (tx: Executor, enterpriseId: string | null) => {
    const [policy] = enterpriseId
      ? await tx.select({ required: enterpriseSecuritySettings.mfaRequired }).from(enterpriseSecuritySettings).where(eq(enterpriseSecuritySettings.enterpriseId, enterpriseId)).for("share")
      : [];
    if (mfaRequired({ enterpriseId }, policy?.required === true)) {
      throw new ForbiddenError(enterpriseId ? "Your organisation requires two-step verification, so it cannot be turned off." : "CSP staff always need two-step verification.");
    }
  };
  await refuseIfRequired(db, ctx.principal.enterpriseId);
  await reserveCodeAttempt(db, ctx.principal.userId);
  await db.transaction(async (tx) => {
    const user = await lockedUser(tx, ctx.principal.userId);
    await refuseIfRequired(tx, user.enterpriseId);
    await requireCode(tx, user.id, input.code, now);
    await tx.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, user.id));
    await tx.delete(userMfa).where(eq(userMfa.userId, user.id));
    await recordAudit(tx, ctx.principal, ctx.requestId, {
      action: "mfa.disabled",
      subjectType: "User",
      subjectId: user.id,
      nodeId: user.unitNodeId,
      summary: `${user.name} turned off two-step verification`,
    });
  });
  await clearKeys(db, [mfaThrottleKey(ctx.principal.userId)]);
}

/**
 * An admin resets the second factor of a person it manages (rule 3's "credentials": their unit and
 * every role they hold inside the admin's scope), e.g. after a lost phone: the authenticator and
 * recovery codes are removed and the person's sessions end. They set it up again at their next
 * sign-in (where their enterprise requires it) or on their security page. Never one's own (that is
 * the security page's, with a code), never while impersonating.
 */
export async function resetUserMfa(db: Db, ctx: Ctx, input: { userId: string }, now = new Date()): Promise<{ endedSessions: number }> {
  if (input.userId === ctx.principal.userId) throw new ForbiddenError("Change your own two-step verification on your security page.");
  return db.transaction(async (tx) => {
    const fields = await lockUserFields(tx, input.userId);
    // Readable people that may not be managed answer "forbidden"; others "not found" (rule 1).
    if (!fields || !ctx.ability.can("read", asSubject("User", fields))) throw new NotFoundError();
    if (!ctx.ability.can("update", asSubject("Credential", { ...fields, userId: input.userId }))) throw new ForbiddenError();
    const [user] = await tx.select({ name: users.name, email: users.email, unitNodeId: users.unitNodeId }).from(users).where(eq(users.id, input.userId));
    const removed = await tx.delete(userMfa).where(eq(userMfa.userId, input.userId)).returning({ enabledAt: userMfa.enabledAt });
    if (removed.length === 0) throw new ConflictError(`${user!.name} has no two-step verification to reset.`);
    await tx.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, input.userId));
    await recordAudit(tx, ctx.principal, ctx.requestId, {
      action: "mfa.reset",
      subjectType: "User",
      subjectId: input.userId,
      enterpriseId: (fields!.enterpriseId as string | null) ?? null,
      nodeId: user!.unitNodeId,
      summary: `Two-step verification of ${user!.name} (${user!.email}) was reset`,
      before: { enabled: removed.some((r) => r.enabledAt !== null) },
    });
    const endedSessions = await endSessions(tx, input.userId, "ended_by_admin", ctx, {}, now);
    return { endedSessions };
  });
}

/**
 * An admin of the whole enterprise requires (or stops requiring) MFA for its people. Those without
 * a second factor can do nothing but set one up from their next request on. Requiring it needs the
 * admin's own second factor first, so an admin never locks themselves into enrolment by surprise.
 */
export async function setMfaRequired(db: Db, ctx: Ctx, input: { enterpriseId: string; required: boolean }, now = new Date()): Promise<{ required: boolean }> {
  return db.transaction(async (tx) => {
    const subject = await identityFields(tx, input.enterpriseId);
    authorize(ctx.ability, "update", "IdentityProvider", subject);
    if (input.required) {
      const [own] = await tx.select({ userId: userMfa.userId }).from(userMfa).where(and(eq(userMfa.userId, ctx.principal.userId), isNotNull(userMfa.enabledAt)));
      if (!own) throw new ConflictError("Turn on two-step verification for yourself first, on your security page.");
    }
    const [before] = await tx.select().from(enterpriseSecuritySettings).where(eq(enterpriseSecuritySettings.enterpriseId, input.enterpriseId)).for("update");
    if ((before?.mfaRequired ?? false) === input.required) return { required: input.required };
    await tx
      .insert(enterpriseSecuritySettings)
      .values({ enterpriseId: input.enterpriseId, mfaRequired: input.required, updatedById: ctx.principal.userId, updatedAt: now })
      .onConflictDoUpdate({ target: enterpriseSecuritySettings.enterpriseId, set: { mfaRequired: input.required, updatedById: ctx.principal.userId, updatedAt: now } });
    await recordAudit(tx, ctx.principal, ctx.requestId, {
      action: "identity.mfa_policy",
      subjectType: "IdentityProvider",
      subjectId: input.enterpriseId,
      enterpriseId: input.enterpriseId,
      nodeId: input.enterpriseId,
      summary: input.required ? "Two-step verification is now required for everyone in the enterprise" : "Two-step verification is no longer required for the enterprise",
      before: { mfaRequired: before?.mfaRequired ?? false },
      after: { mfaRequired: input.required },
    });
    return { required: input.required };
  });
}
