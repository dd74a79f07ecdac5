import "server-only";
import { sql } from "drizzle-orm";
import { cookies } from "next/headers";
import { getDb, getReplicaDb, type Db, type Executor } from "@/db/client";
import { env } from "@/lib/env";
import { formatLsn, parseLsn, PENDING_WRITE, PENDING_WRITE_SECONDS, readTarget, WROTE_COOKIE, WROTE_COOKIE_SECONDS, type ReplicaState } from "./lsn";

/**
 * Reads that tolerate a little lag (list pages, exports) go to the streaming replica when
 * DATABASE_REPLICA_URL is set; everything else, and every change, uses the primary. A read goes
 * back to the primary when the replica is unreachable, further behind than REPLICA_MAX_LAG_SECONDS,
 * or has not yet replayed this browser's own last change (the `trellis-wrote` cookie that
 * `noteWrite` sets after a change: read-your-writes).
 *
 * The replica's position is probed at most once a second per instance and kept in memory: a
 * routing hint that instances need not agree on (docs/decisions/0018). A stale probe only sends
 * more reads to the primary, never a user's own change to a replica that lacks it.
 */
const PROBE_MS = 1_000;
/** After a connection error the replica is left alone this long. */
const DOWN_MS = 5_000;

type Probe = { at: number; state: ReplicaState; replayed: bigint | null };
const probeKey = Symbol.for("trellis.replica.probe");
const downKey = Symbol.for("trellis.replica.downUntil");
type Memo = typeof globalThis & { [probeKey]?: Promise<Probe>; [downKey]?: number };

const UNREACHABLE: ReplicaState = { reachable: false, lagBytes: null, lagSeconds: null };

async function measure(primary: Db, replica: Db): Promise<Probe> {
  const at = Date.now();
  try {
    const p = await primary.execute<{ lsn: string }>(sql`select pg_current_wal_lsn()::text as lsn`);
    const r = await replica.execute<{ recovery: boolean; replayed: string | null; since: number | null }>(
      sql`select pg_is_in_recovery() as recovery, pg_last_wal_replay_lsn()::text as replayed,
                 extract(epoch from now() - pg_last_xact_replay_timestamp())::float8 as since`,
    );
    const written = parseLsn(p.rows[0]?.lsn);
    const row = r.rows[0];
    // Not in recovery: the "replica" is a primary (a test or a single-server setup), always current.
    const replayed = row?.recovery ? parseLsn(row.replayed) : written;
    const lagBytes = written !== null && replayed !== null ? Math.max(0, Number(written - replayed)) : null;
    const lagSeconds = lagBytes === 0 ? 0 : row?.since == null ? null : Math.max(0, Number(row.since));
    return { at, state: { reachable: true, lagBytes, lagSeconds }, replayed };
  } catch (error) {
    console.warn("replica: probe failed", error instanceof Error ? error.message : error);
    return { at, state: UNREACHABLE, replayed: null };
  }
}

async function probe(primary: Db, replica: Db): Promise<Probe> {
  const g = globalThis as Memo;
  const current = g[probeKey] ? await g[probeKey] : null;
  if (current && Date.now() - current.at < PROBE_MS) return current;
  const next = measure(primary, replica);
  g[probeKey] = next;
  return next;
}

/**
 * The replica's state for readiness and operators: reachable, and how far behind (at most a second
 * old, so polling /api/ready costs the databases nothing more than routing already does). Null without one.
 */
export async function replicaStatus(): Promise<ReplicaState | null> {
  const replica = await getReplicaDb();
  if (!replica) return null;
  return (await probe(await getDb(), replica)).state;
}

function isReplicaFailure(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 3; e = (e as { cause?: unknown }).cause, depth++) {
    const code = String((e as { code?: unknown }).code ?? "");
    // 40001 on a standby: the query was cancelled by a recovery conflict (replay needed its rows).
    if (/^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|08\w{3}|57P0[123]|40001)$/.test(code)) return true;
    if (/Connection terminated|connection timeout/i.test(String((e as { message?: unknown }).message ?? ""))) return true;
  }
  return false;
}

async function wroteAt(): Promise<bigint | null> {
  try {
    return parseLsn((await cookies()).get(WROTE_COOKIE)?.value);
  } catch {
    return null; // outside a request (a script): nobody's own change to wait for
  }
}

/** The database a lag-tolerant read should use now, and which one it is. */
export async function lagTolerantDb(): Promise<{ db: Executor; target: "replica" | "primary" }> {
  const primary = await getDb();
  const replica = await getReplicaDb();
  const g = globalThis as Memo;
  if (!replica || (g[downKey] ?? 0) > Date.now()) return { db: primary, target: "primary" };
  const p = await probe(primary, replica);
  const target = readTarget(p.state, env().REPLICA_MAX_LAG_SECONDS, await wroteAt(), p.replayed);
  return { db: target === "replica" ? replica : primary, target };
}

/**
 * Runs a read on the replica when that is safe (see above), else on the primary. A read that
 * fails because the replica went away runs again on the primary: it changes nothing.
 */
export async function readLagTolerant<T>(query: (db: Executor) => Promise<T>): Promise<T> {
  const { db, target } = await lagTolerantDb();
  if (target === "primary") return query(db);
  try {
    return await query(db);
  } catch (error) {
    if (!isReplicaFailure(error)) throw error;
    (globalThis as Memo)[downKey] = Date.now() + DOWN_MS;
    console.warn("replica: read failed, reading from the primary", error instanceof Error ? error.message : error);
    return query(await getDb());
  }
}

/**
 * After a change: remember the primary's WAL position in this browser, so its next lag-tolerant
 * reads wait for a replica that has it. `pending`: the change commits after the response has
 * started (a stream), so its position is not known yet; the browser reads the primary for a while.
 * Nothing to do without a replica.
 */
export async function noteWrite(options: { pending?: boolean } = {}): Promise<void> {
  if (!(await getReplicaDb().catch(() => null))) return;
  try {
    let value = PENDING_WRITE;
    if (!options.pending) {
      const res = await (await getDb()).execute<{ lsn: string }>(sql`select pg_current_wal_lsn()::text as lsn`);
      const lsn = parseLsn(res.rows[0]?.lsn);
      if (lsn === null) return;
      value = formatLsn(lsn);
    }
    (await cookies()).set(WROTE_COOKIE, value, {
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      maxAge: options.pending ? PENDING_WRITE_SECONDS : WROTE_COOKIE_SECONDS,
      secure: env().APP_URL?.startsWith("https:") ?? false,
    });
  } catch (error) {
    // The change is committed; failing to set the hint only means a stale list for a moment.
    console.warn("replica: could not note the write", error instanceof Error ? error.message : error);
  }
}
