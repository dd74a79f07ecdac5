import { mkdir } from "node:fs/promises";
import path from "node:path";
import { drizzle as drizzlePg, type NodePgDatabase } from "drizzle-orm/node-postgres";
import * as schema from "./schema";

/**
 * One code path, two databases: node-postgres when DATABASE_URL is set, embedded PGlite otherwise
 * (PGLITE_DIR, default .data/pglite; "memory://" for an in-process throwaway database).
 * The client is created on first use, never at import, so `next build` opens nothing.
 * PGlite is migrated automatically on first open, so a newcomer needs no database server.
 *
 * DATABASE_URL may point at PgBouncer in transaction pooling mode: nothing here keeps session
 * state between transactions (no session SET, advisory locks are transaction-scoped, node-postgres
 * sends unnamed statements). DATABASE_REPLICA_URL (optional) is a streaming replica that lists and
 * exports may read from (lib/replica/route.ts decides when).
 */
export type Db = NodePgDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type Executor = Db | Tx;

type Handle = { db: Db; driver: "pg" | "pglite"; close: () => Promise<void> };

const globalKey = Symbol.for("trellis.db");
type GlobalWithDb = typeof globalThis & { [globalKey]?: Promise<Handle> };

export const migrationsFolder = path.join(/*turbopackIgnore: true*/ process.cwd(), "db", "migrations");

async function openPg(url: string): Promise<Handle> {
  const { Pool } = await import("pg");
  // JIT off: the portal's queries are short; when a scope filter of several OR'ed rules inflates
  // the planner's cost estimate, compiling the plan (tens of ms) costs more than running it.
  // (PgBouncer ignores this startup option; the cluster's pgbouncer.ini sets it with connect_query.)
  const pool = new Pool({ connectionString: url, max: Number(process.env.DB_POOL_MAX ?? 10), options: "-c jit=off" });
  // An idle client whose server connection drops (a restart, PgBouncer recycling it) emits "error";
  // unhandled, that would end the process. The pool replaces the client on next use.
  pool.on("error", (error) => console.warn("database: idle connection lost", error.message));
  const db = drizzlePg(pool, { schema });
  return { db, driver: "pg", close: () => pool.end() };
}

async function open(): Promise<Handle> {
  const url = process.env.DATABASE_URL;
  if (url) return openPg(url);
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle: drizzleLite } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  const dir = process.env.PGLITE_DIR ?? path.join(/*turbopackIgnore: true*/ process.cwd(), ".data", "pglite");
  if (!dir.startsWith("memory://")) await mkdir(path.dirname(path.resolve(/*turbopackIgnore: true*/ dir)), { recursive: true });
  const client = dir.startsWith("memory://") ? new PGlite(dir) : new PGlite(path.resolve(/*turbopackIgnore: true*/ dir));
  const db = drizzleLite(client, { schema });
  await migrate(db, { migrationsFolder });
  return { db: db as unknown as Db, driver: "pglite", close: () => client.close() };
}

function handle(): Promise<Handle> {
  const g = globalThis as GlobalWithDb;
  // Kept on globalThis so Next's dev reloads reuse one PGlite instance (two would corrupt its folder).
  g[globalKey] ??= open().catch((error) => {
    delete g[globalKey];
    throw error;
  });
  return g[globalKey];
}

const replicaKey = Symbol.for("trellis.db.replica");
type GlobalWithReplica = typeof globalThis & { [replicaKey]?: Promise<Handle> };

/** The streaming replica when DATABASE_REPLICA_URL is set (only with DATABASE_URL), else null. */
export async function getReplicaDb(): Promise<Db | null> {
  const url = process.env.DATABASE_REPLICA_URL;
  if (!url || !process.env.DATABASE_URL) return null;
  const g = globalThis as GlobalWithReplica;
  g[replicaKey] ??= openPg(url).catch((error) => {
    delete g[replicaKey];
    throw error;
  });
  return (await g[replicaKey]).db;
}

export async function getDb(): Promise<Db> {
  return (await handle()).db;
}

export async function dbDriver(): Promise<"pg" | "pglite"> {
  return (await handle()).driver;
}

export async function closeDb(): Promise<void> {
  const g = globalThis as GlobalWithDb & GlobalWithReplica;
  for (const key of [globalKey, replicaKey] as const) {
    const h = g[key];
    delete g[key];
    if (h) await (await h).close();
  }
}
