import "server-only";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { sql } from "drizzle-orm";
import { getDb, migrationsFolder } from "@/db/client";
import { replicaStatus } from "@/lib/replica/route";

/**
 * Whether this instance should get traffic (/api/ready): the database answers, its schema has every
 * migration this build ships, and the replica (when configured) answers. The replica's lag is
 * reported for operators and alerts; a lagging replica does not make the instance unready, because
 * lag-tolerant reads already fall back to the primary past REPLICA_MAX_LAG_SECONDS.
 * Causes of failures go to the server log, never into the answer (they can name hosts and users).
 */
export type Readiness = {
  ready: boolean;
  database: "ok" | "unreachable";
  migrations: "current" | "pending" | "unknown";
  replica?: { status: "ok" | "unreachable"; lagBytes: number | null; lagSeconds: number | null };
};

let shipped: Promise<number> | undefined;
/** The newest migration this build ships (drizzle's journal records each one's timestamp). */
function newestShippedMigration(): Promise<number> {
  shipped ??= readFile(path.join(migrationsFolder, "meta", "_journal.json"), "utf8").then((text) => {
    const entries = (JSON.parse(text) as { entries: { when: number }[] }).entries;
    return Math.max(...entries.map((e) => e.when));
  });
  return shipped;
}

export async function readiness(): Promise<Readiness> {
  let database: Readiness["database"] = "ok";
  let migrations: Readiness["migrations"] = "unknown";
  try {
    const db = await getDb();
    const applied = await db.execute<{ newest: string | null }>(sql`select max(created_at)::text as newest from drizzle.__drizzle_migrations`);
    const newest = Number(applied.rows[0]?.newest ?? 0);
    migrations = newest >= (await newestShippedMigration()) ? "current" : "pending";
  } catch (error) {
    // No migrations table yet means nothing was migrated; anything else means no database.
    const messages = [error, (error as { cause?: unknown })?.cause].map((e) => String((e as Error | undefined)?.message ?? ""));
    if (messages.some((m) => /__drizzle_migrations|schema "drizzle"/.test(m))) {
      migrations = "pending";
    } else {
      database = "unreachable";
      console.error("ready: database unreachable", error);
    }
  }
  const replica = await replicaStatus().catch(() => ({ reachable: false, lagBytes: null, lagSeconds: null }));
  const out: Readiness = { ready: database === "ok" && migrations === "current", database, migrations };
  if (replica) {
    out.replica = { status: replica.reachable ? "ok" : "unreachable", lagBytes: replica.lagBytes, lagSeconds: replica.lagSeconds };
    out.ready &&= replica.reachable;
  }
  return out;
}
