import "server-only";
import bcrypt from "bcryptjs";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { clearFailures, lockedUntil, recordFailure } from "./throttle";

export const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1).max(200),
});

// Compared against when the e-mail is unknown, so both failures take the same time.
const DUMMY_HASH = "$2b$10$cVObJLM1V9HkXuI8mlK70eVuIsqxmqhF2wKwNF6gAtRH9HyXdTWBi";

export type CredentialsResult = { ok: true; userId: string } | { ok: false; reason: "invalid" | "locked" };

/** Checks an e-mail and password; says nothing about which of the two was wrong. */
export async function verifyCredentials(input: unknown): Promise<CredentialsResult> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const { email, password } = parsed.data;
  const db = await getDb();
  if (await lockedUntil(db, email)) return { ok: false, reason: "locked" };

  const [user] = await db.select().from(users).where(eq(users.email, email));
  const matches = await bcrypt.compare(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !matches || user.status !== "active") {
    await recordFailure(db, email);
    return { ok: false, reason: "invalid" };
  }
  await clearFailures(db, email);
  await db.update(users).set({ lastSignInAt: new Date() }).where(eq(users.id, user.id));
  return { ok: true, userId: user.id };
}
