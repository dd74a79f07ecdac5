import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { loginThrottle } from "@/db/schema";
import { env } from "@/lib/env";

/**
 * Repeated failed sign-ins for one e-mail lock it for a while. The counter lives in the database
 * so that every instance of the portal sees the same count.
 */
export async function lockedUntil(db: Db, email: string, now = new Date()): Promise<Date | null> {
  const [row] = await db.select().from(loginThrottle).where(eq(loginThrottle.email, email));
  return row?.lockedUntil && row.lockedUntil > now ? row.lockedUntil : null;
}

export async function recordFailure(db: Db, email: string, now = new Date()): Promise<void> {
  const { LOGIN_MAX_FAILURES: max, LOGIN_LOCK_MINUTES: minutes } = env();
  // Failures older than the lock window are forgotten; reaching the maximum locks the e-mail.
  await db.execute(sql`
    insert into login_throttle (email, failures, last_failure_at, locked_until)
    values (${email}, 1, ${now.toISOString()}, null)
    on conflict (email) do update set
      failures = case when login_throttle.last_failure_at < ${now.toISOString()}::timestamptz - make_interval(mins => ${minutes})
                      then 1 else login_throttle.failures + 1 end,
      last_failure_at = excluded.last_failure_at,
      locked_until = case when (case when login_throttle.last_failure_at < ${now.toISOString()}::timestamptz - make_interval(mins => ${minutes})
                                     then 1 else login_throttle.failures + 1 end) >= ${max}
                          then ${now.toISOString()}::timestamptz + make_interval(mins => ${minutes}) else null end`);
}

export async function clearFailures(db: Db, email: string): Promise<void> {
  await db.delete(loginThrottle).where(eq(loginThrottle.email, email));
}
