import "server-only";
import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { env } from "@/lib/env";
import { delaySeconds, MFA_WINDOW_MINUTES, throttleKeys, type ThrottleKey } from "./throttle-rules";

export type Reservation = { allowed: true } | { allowed: false; retryAfter: Date; firstRefusal: boolean };

function settings() {
  const e = env();
  return { freeAttempts: e.LOGIN_FREE_ATTEMPTS, maxDelaySeconds: e.LOGIN_MAX_DELAY_SECONDS, windowMinutes: e.LOGIN_WINDOW_MINUTES };
}

/**
 * Counts one sign-in attempt on one key before the password is checked, in a single conditional
 * upsert: the row lock of ON CONFLICT serialises a burst, and an attempt is refused (not counted)
 * while the key's delay runs. Returns the new count, or null when refused.
 */
async function reserveKey(db: Executor, k: ThrottleKey, now: Date, windowMinutes: number): Promise<number | null> {
  const at = sql`${now.toISOString()}::timestamptz`;
  const stale = sql`t.window_start < ${at} - make_interval(mins => ${windowMinutes})`;
  const next = sql`(case when ${stale} then 1 else t.attempts + 1 end)`;
  const wait = (n: SQL) => sql`case when ${n} >= ${k.threshold} then ${at} + make_interval(secs => least(${k.maxDelaySeconds}, power(2, least(30, ${n} - ${k.threshold})))) else null end`;
  const first = delaySeconds(1, k.threshold, k.maxDelaySeconds);
  const rows = await db.execute(sql`
    insert into login_throttle as t (key, attempts, window_start, next_allowed_at)
    values (${k.key}, 1, ${at}, ${first > 0 ? sql`${at} + make_interval(secs => ${first})` : null})
    on conflict (key) do update set
      attempts = ${next},
      window_start = case when ${stale} then ${at} else t.window_start end,
      next_allowed_at = ${wait(next)},
      refusal_logged_at = null
    where t.next_allowed_at is null or t.next_allowed_at <= ${at}
    returning attempts`);
  const row = rowsOf(rows)[0] as { attempts: number } | undefined;
  return row ? Number(row.attempts) : null;
}
type SQL = ReturnType<typeof sql>;

/** The rows of a raw query on either driver (pg returns `{ rows }`, PGlite too). */
function rowsOf(result: unknown): Record<string, unknown>[] {
  return ((result as { rows?: Record<string, unknown>[] }).rows ?? (result as Record<string, unknown>[])) as Record<string, unknown>[];
}

/**
 * Reserves an attempt for (e-mail, client address) on every counter it touches. Refused while any
 * counter's delay runs; `firstRefusal` is true once per delay, so a refused flood writes one audit
 * event, not one per request. Stale rows are purged here, which bounds what anonymous callers keep.
 */
export async function reserveAttempt(db: Executor, email: string, address: string | null, device: string | null = null, now = new Date()): Promise<Reservation> {
  const s = settings();
  return reserveKeys(db, throttleKeys(email, address, s, device), now);
}

/** Reserves an attempt on the given counters (see reserveAttempt); also for other secrets, such as a password change. */
export async function reserveKeys(db: Executor, keys: ThrottleKey[], now = new Date()): Promise<Reservation> {
  const s = settings();
  await db.execute(sql`
    delete from login_throttle where key in (
      select key from login_throttle
      where window_start < ${now.toISOString()}::timestamptz - make_interval(mins => (case when key like 'mfa:%' then ${MFA_WINDOW_MINUTES}::int else ${s.windowMinutes}::int end))
        and (next_allowed_at is null or next_allowed_at <= ${now.toISOString()}::timestamptz)
      limit 500)`);
  for (const k of keys) {
    if ((await reserveKey(db, k, now, k.windowMinutes ?? s.windowMinutes)) !== null) continue;
    const refusal = rowsOf(
      await db.execute(sql`
        update login_throttle set refusal_logged_at = ${now.toISOString()}::timestamptz
        where key = ${k.key} and refusal_logged_at is null
        returning next_allowed_at`),
    )[0];
    const [current] = rowsOf(await db.execute(sql`select next_allowed_at from login_throttle where key = ${k.key}`));
    const retryAfter = new Date(String((refusal ?? current)?.next_allowed_at ?? now.toISOString()));
    return { allowed: false, retryAfter, firstRefusal: Boolean(refusal) };
  }
  return { allowed: true };
}

/** A successful sign-in forgets the account's, the pair's or the device's failures (not the address's). */
export async function clearAttempts(db: Executor, email: string, address: string | null, device: string | null = null): Promise<void> {
  await clearKeys(db, throttleKeys(email, address, settings(), device));
}

/** Forgets the given counters' failures (never an address's: one success does not excuse spraying). */
export async function clearKeys(db: Executor, throttled: ThrottleKey[]): Promise<void> {
  const keys = throttled.map((k) => k.key).filter((k) => !k.startsWith("address:"));
  if (keys.length === 0) return;
  await db.execute(sql`delete from login_throttle where key in (${sql.join(
    keys.map((k) => sql`${k}`),
    sql`, `,
  )})`);
}
