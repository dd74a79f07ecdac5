import "server-only";
import bcrypt from "bcryptjs";
import { and, eq, isNotNull } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Executor } from "@/db/client";
import { userMfa, users, type User } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { env } from "@/lib/env";
import { signInRouteFor } from "@/lib/identity/sso-route";
import { issueChallenge, passwordFingerprint, readChallenge } from "@/lib/mfa/challenge";
import { mfaThrottleKey, type AuthMethod } from "@/lib/mfa/rules";
import { spendRecoveryCode, spendTotpCode } from "@/lib/mfa/verify";
import { createSession, type ClientInfo } from "@/lib/sessions/mutations";
import { issueDeviceToken, verifyDeviceToken } from "./device";
import { clearAttempts, clearKeys, reserveAttempt, reserveKeys } from "./throttle";

export const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1).max(200),
});

/** The second step: a code from the person's authenticator app, or one of their recovery codes. */
export const secondFactorSchema = z.union([
  z.object({ code: z.string().trim().min(1).max(32), recoveryCode: z.undefined().optional() }),
  z.object({ recoveryCode: z.string().trim().min(1).max(64), code: z.undefined().optional() }),
]);

// Compared against when the e-mail is unknown, so both failures take the same time.
const DUMMY_HASH = "$2b$10$cVObJLM1V9HkXuI8mlK70eVuIsqxmqhF2wKwNF6gAtRH9HyXdTWBi";

/** `challenge`: the token of the password step (an httpOnly cookie), for the second step. */
export type SignInClient = ClientInfo & { requestId: string | null; deviceToken?: string | null; challenge?: string | null };
export type CredentialsResult =
  | { ok: true; userId: string; sessionId: string; deviceToken: string; authMethod: AuthMethod }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfter: Date }
  /** The password passed; the person's second factor is asked for, under this challenge. */
  | { ok: false; reason: "mfa_required"; challenge: string; expiresAt: Date }
  /** The e-mail's enterprise signs in through its identity provider only. */
  | { ok: false; reason: "sso_required" }
  /** The second step without a valid challenge (expired, forged, or the password changed meanwhile). */
  | { ok: false; reason: "challenge_expired" }
  | { ok: false; reason: "code_invalid" }
  | { ok: false; reason: "code_replayed" };

const anonymous: SignInClient = { address: null, userAgent: null, requestId: null };

function secret(): string {
  return env().AUTH_SECRET ?? "development-only-device-secret";
}

/**
 * Signs a person in, in one or two steps. The first checks an e-mail and password; the second
 * (input `{ code }` or `{ recoveryCode }` with the first step's challenge) a second factor. A
 * session row is opened only when every factor the person has passed.
 */
export async function verifyCredentials(input: unknown, client: SignInClient = anonymous): Promise<CredentialsResult> {
  const record = input && typeof input === "object" ? (input as Record<string, unknown>) : {};
  const secondStep = record.password === undefined && (record.code !== undefined || record.recoveryCode !== undefined);
  return secondStep ? verifySecondFactor(input, client) : verifyPassword(input, client);
}

/**
 * The password step. The attempt is counted before the password is compared (so a burst cannot
 * slip past the limit) and says nothing about which of the two was wrong. A password is refused
 * outright for an enterprise that signs in through its identity provider only, whatever the form
 * sent. A person with a second factor gets a challenge instead of a session. Success, failure and
 * the first refusal of a throttled key are audited; failures only for accounts that exist, so an
 * anonymous caller cannot fill the append-only log with made-up e-mails.
 */
async function verifyPassword(input: unknown, client: SignInClient): Promise<CredentialsResult> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const { email, password } = parsed.data;
  const db = await getDb();

  const [user] = await db.select().from(users).where(eq(users.email, email));
  const where = { enterpriseId: user?.enterpriseId ?? null, nodeId: user?.unitNodeId ?? null };
  const device = verifyDeviceToken(secret(), email, client.deviceToken);
  const reservation = await reserveAttempt(db, email, client.address, device);
  if (!reservation.allowed) {
    // Recorded once per delay, and only for accounts that exist: made-up e-mails write nothing.
    if (reservation.firstRefusal && user) {
      await recordAudit(db, null, client.requestId, {
        action: "auth.sign_in",
        outcome: "denied",
        subjectType: "User",
        subjectId: user?.id ?? null,
        ...where,
        summary: `Sign-in throttled for ${email} until ${reservation.retryAfter.toISOString()}`,
        after: { email, address: client.address, retryAfter: reservation.retryAfter.toISOString() },
      });
    }
    return { ok: false, reason: "throttled", retryAfter: reservation.retryAfter };
  }

  // Decided by the e-mail's domain, not by the account: the same answer for unknown e-mails.
  if (!(await signInRouteFor(email, db)).passwordAllowed) {
    if (user) {
      await recordAudit(db, null, client.requestId, {
        action: "auth.sign_in",
        outcome: "denied",
        subjectType: "User",
        subjectId: user.id,
        ...where,
        summary: `Password sign-in refused for ${email}: the organisation signs in through its identity provider`,
        after: { email, address: client.address, reason: "password sign-in switched off" },
      });
    }
    return { ok: false, reason: "sso_required" };
  }

  const matches = await bcrypt.compare(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !matches || user.status !== "active") {
    if (user) {
      await recordAudit(db, null, client.requestId, {
        action: "auth.sign_in",
        outcome: "failed",
        subjectType: "User",
        subjectId: user.id,
        ...where,
        summary: `Failed sign-in for ${email}`,
        after: { email, address: client.address, reason: user.status !== "active" ? `account ${user.status}` : "wrong password" },
      });
    }
    return { ok: false, reason: "invalid" };
  }

  await clearAttempts(db, email, client.address, device);
  if (await hasMfa(db, user.id)) {
    const { token, expiresAt } = await issueChallenge(user.id, user.passwordHash!);
    return { ok: false, reason: "mfa_required", challenge: token, expiresAt };
  }
  const session = await db.transaction((tx) => openSession(tx, user, client, "password"));
  if (!session) return { ok: false, reason: "invalid" };
  return { ok: true, userId: user.id, sessionId: session.id, deviceToken: device ? client.deviceToken! : issueDeviceToken(secret(), email), authMethod: "password" };
}

/**
 * The second step: a TOTP code (spent atomically, so a code is never accepted twice) or a
 * single-use recovery code, under the challenge of a password that passed less than five minutes
 * ago and is still the person's. Attempts are throttled per person, on a counter of their own.
 * A failed code, a recovery code used and the sign-in itself (with its method) are audited.
 */
async function verifySecondFactor(input: unknown, client: SignInClient): Promise<CredentialsResult> {
  const parsed = secondFactorSchema.safeParse(input);
  const challenge = await readChallenge(client.challenge);
  if (!challenge) return { ok: false, reason: "challenge_expired" };
  if (!parsed.success) return { ok: false, reason: "code_invalid" };
  const db = await getDb();
  const [user] = await db.select().from(users).where(eq(users.id, challenge.userId));
  if (!user?.passwordHash || user.status !== "active" || passwordFingerprint(user.passwordHash) !== challenge.fingerprint) return { ok: false, reason: "challenge_expired" };
  const where = { enterpriseId: user.enterpriseId, nodeId: user.unitNodeId };

  const keys = [mfaThrottleKey(user.id)];
  const reservation = await reserveKeys(db, keys);
  if (!reservation.allowed) {
    if (reservation.firstRefusal) {
      await recordAudit(db, null, client.requestId, {
        action: "auth.mfa",
        outcome: "denied",
        subjectType: "User",
        subjectId: user.id,
        ...where,
        summary: `Second-factor attempts throttled for ${user.email} until ${reservation.retryAfter.toISOString()}`,
        after: { email: user.email, address: client.address, retryAfter: reservation.retryAfter.toISOString() },
      });
    }
    return { ok: false, reason: "throttled", retryAfter: reservation.retryAfter };
  }

  const recovery = parsed.data.recoveryCode !== undefined;
  const method: AuthMethod = recovery ? "password+recovery" : "password+totp";
  const now = new Date();
  const outcome = await db.transaction(async (tx) => {
    const check = recovery ? await spendRecoveryCode(tx, user.id, parsed.data.recoveryCode!, now) : await spendTotpCode(tx, user.id, parsed.data.code!, now);
    if (!check.ok) return { failed: check.reason };
    if (recovery) {
      await recordAudit(tx, null, client.requestId, {
        action: "mfa.recovery_code_used",
        subjectType: "User",
        subjectId: user.id,
        ...where,
        summary: `${user.name} signed in with a recovery code (${check.remainingRecoveryCodes} left)`,
        after: { userId: user.id, remaining: check.remainingRecoveryCodes, address: client.address },
      });
    }
    const session = await openSession(tx, user, client, method, now);
    // The password changed or the account was deactivated meanwhile: nothing of this commits.
    if (!session) throw new StaleChallenge();
    return { session };
  }).catch((error: unknown) => {
    if (error instanceof StaleChallenge) return { failed: "challenge" as const };
    throw error;
  });

  if ("failed" in outcome) {
    if (outcome.failed === "challenge") return { ok: false, reason: "challenge_expired" };
    await recordAudit(db, null, client.requestId, {
      action: "auth.mfa",
      outcome: "failed",
      subjectType: "User",
      subjectId: user.id,
      ...where,
      summary: `Wrong ${recovery ? "recovery code" : outcome.failed === "replayed" ? "code (already used)" : "code"} for ${user.email}`,
      after: { email: user.email, address: client.address, method, reason: outcome.failed },
    });
    return { ok: false, reason: outcome.failed === "replayed" ? "code_replayed" : "code_invalid" };
  }
  await clearKeys(db, keys);
  const device = verifyDeviceToken(secret(), user.email, client.deviceToken);
  return { ok: true, userId: user.id, sessionId: outcome.session.id, deviceToken: device ? client.deviceToken! : issueDeviceToken(secret(), user.email), authMethod: method };
}

async function hasMfa(db: Executor, userId: string): Promise<boolean> {
  const [row] = await db.select({ userId: userMfa.userId }).from(userMfa).where(and(eq(userMfa.userId, userId), isNotNull(userMfa.enabledAt)));
  return Boolean(row);
}

/**
 * Opens the session row, audited with how the person signed in; null when the password and status
 * checked are no longer the ones in force (a password change or a deactivation that committed
 * meanwhile, which lock this row too, wins over this sign-in).
 */
async function openSession(tx: Executor, user: User, client: SignInClient, method: AuthMethod, now = new Date()) {
  const [still] = await tx
    .update(users)
    .set({ lastSignInAt: now })
    .where(and(eq(users.id, user.id), eq(users.status, "active"), eq(users.passwordHash, user.passwordHash!)))
    .returning({ id: users.id });
  if (!still) return null;
  const created = await createSession(tx, user, client, now, method);
  await recordAudit(tx, null, client.requestId, {
    action: "auth.sign_in",
    subjectType: "Session",
    subjectId: created.id,
    enterpriseId: user.enterpriseId,
    nodeId: user.unitNodeId,
    summary: `${user.name} signed in (${METHOD_LABELS[method]})`,
    after: { userId: user.id, method, address: client.address, userAgent: client.userAgent, expiresAt: created.expiresAt },
  });
  return created;
}

class StaleChallenge extends Error {}

const METHOD_LABELS: Record<AuthMethod, string> = {
  password: "password",
  "password+totp": "password and authenticator code",
  "password+recovery": "password and recovery code",
  sso: "single sign-on",
};
