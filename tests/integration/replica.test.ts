import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import { readiness } from "@/lib/readiness";
import { lagTolerantDb, readLagTolerant, replicaStatus } from "@/lib/replica/route";
import { resetDemoData } from "../support/db";

/**
 * Readiness and lag-tolerant reads against a real database. The streaming replica itself, with
 * replay paused and read-your-writes through a browser, is e2e/cluster/cluster.spec.ts; here the
 * "replica" is the primary under a second URL (a server that is not in recovery is always current)
 * or a port where nothing listens.
 */
const replicaKey = Symbol.for("trellis.db.replica");
const downKey = Symbol.for("trellis.replica.downUntil");
const probeKey = Symbol.for("trellis.replica.probe");
type G = Record<symbol, unknown>;

async function useReplica(url: string | undefined) {
  const g = globalThis as G;
  const old = g[replicaKey] as Promise<{ close: () => Promise<void> }> | undefined;
  delete g[replicaKey];
  delete g[downKey];
  delete g[probeKey];
  if (old) await (await old.catch(() => null))?.close();
  if (url) process.env.DATABASE_REPLICA_URL = url;
  else delete process.env.DATABASE_REPLICA_URL;
}

beforeAll(async () => {
  await resetDemoData();
});
afterEach(() => useReplica(undefined));
afterAll(() => useReplica(undefined));

describe("readiness", () => {
  it("is ready with the database reachable and every migration this build ships applied", async () => {
    expect(await readiness()).toEqual({ ready: true, database: "ok", migrations: "current" });
  });

  it("is not ready while the newest migration is missing, and says which check failed", async () => {
    const db = await getDb();
    const [newest] = (await db.execute<{ id: number; hash: string; created_at: string }>(sql`select id, hash, created_at::text from drizzle.__drizzle_migrations order by created_at desc limit 1`)).rows;
    await db.execute(sql`delete from drizzle.__drizzle_migrations where id = ${newest!.id}`);
    try {
      expect(await readiness()).toEqual({ ready: false, database: "ok", migrations: "pending" });
    } finally {
      await db.execute(sql`insert into drizzle.__drizzle_migrations (id, hash, created_at) values (${newest!.id}, ${newest!.hash}, ${newest!.created_at}::bigint)`);
    }
    expect((await readiness()).ready).toBe(true);
  });
});

describe.skipIf(!process.env.DATABASE_URL)("lag-tolerant reads (PostgreSQL)", () => {
  it("without a replica, reads the primary and reports no replica", async () => {
    await useReplica(undefined);
    expect((await lagTolerantDb()).target).toBe("primary");
    expect(await replicaStatus()).toBeNull();
  });

  it("with a reachable, current replica, lists read from it and readiness reports its lag", async () => {
    await useReplica(process.env.DATABASE_URL);
    expect((await lagTolerantDb()).target).toBe("replica");
    expect(await replicaStatus()).toEqual({ reachable: true, lagBytes: 0, lagSeconds: 0 });
    expect(await readiness()).toEqual({ ready: true, database: "ok", migrations: "current", replica: { status: "ok", lagBytes: 0, lagSeconds: 0 } });
    const rows = await readLagTolerant((db) => db.execute<{ n: number }>(sql`select count(*)::int as n from users`));
    expect(rows.rows[0]!.n).toBeGreaterThan(0);
  });

  it("with the replica unreachable, reads fall back to the primary and the instance is not ready", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const url = new URL(process.env.DATABASE_URL!);
    url.port = "1"; // nothing listens there
    await useReplica(url.toString());
    expect((await lagTolerantDb()).target).toBe("primary");
    const rows = await readLagTolerant((db) => db.execute<{ n: number }>(sql`select count(*)::int as n from users`));
    expect(rows.rows[0]!.n).toBeGreaterThan(0);
    const ready = await readiness();
    expect(ready).toMatchObject({ ready: false, database: "ok", migrations: "current", replica: { status: "unreachable" } });
    // The answer names the failed check only: no host, port or driver message.
    expect(JSON.stringify(ready)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|:1\b/);
    expect(warn).toHaveBeenCalled();
  });

  it("a read that fails because the replica went away runs again on the primary; a query error does not", async () => {
    await useReplica(process.env.DATABASE_URL);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    let calls = 0;
    const result = await readLagTolerant(async (db) => {
      calls++;
      if (calls === 1) throw Object.assign(new Error("Connection terminated unexpectedly"), { code: undefined });
      return (await db.execute<{ one: number }>(sql`select 1 as one`)).rows[0]!.one;
    });
    expect(result).toBe(1);
    expect(calls).toBe(2);
    expect(warn).toHaveBeenCalled();
    // Marked down for a moment: the next read goes straight to the primary.
    expect((await lagTolerantDb()).target).toBe("primary");

    await useReplica(process.env.DATABASE_URL);
    await expect(readLagTolerant((db) => db.execute(sql`select * from no_such_table`))).rejects.toThrow();
  });
});
