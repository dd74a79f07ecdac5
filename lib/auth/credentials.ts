import "server-only";
import bcrypt from "bcryptjs";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { env } from "@/lib/env";
import { createSession, type ClientInfo } from "@/lib/sessions/mutations";
import { issueDeviceToken, verifyDeviceToken } from "./device";
import { clearAttempts, reserveAttempt } from "./throttle";

export const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1).max(200),
});

// Compared against when the e-mail is unknown, so both failures take the same time.
const DUMMY_HASH = "$2b$10$cVObJLM1V9HkXuI8mlK70eVuIsqxmqhF2wKwNF6gAtRH9HyXdTWBi";

export type SignInClient = ClientInfo & { requestId: string | null; deviceToken?: string | null };
export type CredentialsResult =
  | { ok: true; userId: string; sessionId: string; deviceToken: string }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfter: Date };

const anonymous: SignInClient = { address: null, userAgent: null, requestId: null };

function secret(): string {
  return env().AUTH_SECRET ?? "development-only-device-secret";
}

/**
 * Checks an e-mail and password and, when they match an active account, opens a session row.
 * The attempt is counted before the password is compared (so a burst cannot slip past the limit)
 * and says nothing about which of the two was wrong. Success, failure and the first refusal of a
 * throttled key are audited; failures only for accounts that exist, so an anonymous caller cannot
 * fill the append-only log with made-up e-mails.
 */
export async function verifyCredentials(input: unknown, client: SignInClient = anonymous): Promise<CredentialsResult> {
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
  const now = new Date();
  const session = await db.transaction(async (tx) => {
    // The password and status compared above must still be the ones in force: a password change
    // or a deactivation that committed meanwhile (they lock this row too) wins over this sign-in.
    const [still] = await tx
      .update(users)
      .set({ lastSignInAt: now })
      .where(and(eq(users.id, user.id), eq(users.status, "active"), eq(users.passwordHash, user.passwordHash!)))
      .returning({ id: users.id });
    if (!still) return null;
    const created = await createSession(tx, user, client, now);
    await recordAudit(tx, null, client.requestId, {
      action: "auth.sign_in",
      subjectType: "Session",
      subjectId: created.id,
      ...where,
      summary: `${user.name} signed in`,
      after: { userId: user.id, address: client.address, userAgent: client.userAgent, expiresAt: created.expiresAt },
    });
    return created;
  });
  if (!session) return { ok: false, reason: "invalid" };
  return { ok: true, userId: user.id, sessionId: session.id, deviceToken: device ? client.deviceToken! : issueDeviceToken(secret(), email) };
}
