/**
 * In-process part of `npm run bench`: how long it takes to build an ability for each demo user,
 * to translate it into SQL, and to filter a list with it on the database this process is pointed at
 * (DATABASE_URL, or PGlite in PGLITE_DIR). Writes a JSON result to the path in argv[2].
 * Run with `tsx --conditions=react-server` (lib/auth modules import "server-only").
 */
import { writeFile } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import { asc, count, desc, eq } from "drizzle-orm";
import { decode, encode } from "next-auth/jwt";
import { closeDb, dbDriver, getDb } from "../../db/client";
import { orders, users } from "../../db/schema";
import { USERS } from "../../lib/demo/data";
import { loadPrincipal } from "../../lib/auth/load-principal";
import { defineAbilityFor } from "../../lib/authz/ability";
import type { Principal } from "../../lib/authz/principal";
import { accessibleWhere } from "../../lib/authz/sql";

const BUILDS = Number(process.env.BENCH_ABILITY_ITERATIONS ?? 2000);
const QUERIES = Number(process.env.BENCH_QUERY_ITERATIONS ?? 200);
const LIST_USER = "uk.admin@acme.example";

const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;

function stats(samplesMs: number[]) {
  const s = [...samplesMs].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return { mean: round(s.reduce((a, b) => a + b, 0) / s.length), p50: round(at(0.5)), p95: round(at(0.95)), n: s.length };
}

/** Times `fn` once per iteration after a warm-up of a tenth as many. */
async function timeEach(iterations: number, fn: () => unknown | Promise<unknown>) {
  for (let i = 0; i < Math.max(5, iterations / 10); i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return stats(samples);
}

/** Times a synchronous `fn` over many iterations as one block: µs per call. */
function microsPerCall(iterations: number, fn: () => unknown) {
  for (let i = 0; i < Math.max(50, iterations / 10); i++) fn();
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) fn();
  return round(((performance.now() - t0) * 1000) / iterations, 2);
}

async function main() {
  const out = process.argv[2];
  const db = await getDb();
  const driver = await dbDriver();

  const principals: { email: string; principal: Principal }[] = [];
  for (const u of USERS) {
    const [row] = await db.select({ id: users.id }).from(users).where(eq(users.email, u.email));
    if (!row) throw new Error(`demo user ${u.email} is missing: seed the database first`);
    const principal = await loadPrincipal(db, row.id);
    if (!principal) throw new Error(`demo user ${u.email} is not active`);
    principals.push({ email: u.email, principal });
  }

  // What every signed-in request pays before its page: reading the session token (middleware and
  // page each decode it; middleware re-issues it), loading the principal, building the ability.
  const admin = principals.find((p) => p.email === "admin@acme.example")!.principal;
  const secret = process.env.AUTH_SECRET ?? "bench-only-secret-0123456789abcdef0123456789";
  const salt = "authjs.session-token";
  const token = await encode({ token: { sub: admin.userId, authTime: 1 }, secret, salt });
  const sessionTokenMs = {
    decode: await timeEach(QUERIES, () => decode({ token, secret, salt })),
    encode: await timeEach(QUERIES, () => encode({ token: { sub: admin.userId, authTime: 1 }, secret, salt })),
  };
  const loadPrincipalMs = await timeEach(QUERIES, () => loadPrincipal(db, admin.userId));
  const abilityBuildUs = Object.fromEntries(principals.map(({ email, principal }) => [email, microsPerCall(BUILDS, () => defineAbilityFor(principal))]));
  const buildValues = Object.values(abilityBuildUs);

  const ukAdmin = principals.find((p) => p.email === LIST_USER)!.principal;
  const ability = defineAbilityFor(ukAdmin);
  const translateUs = {
    User: microsPerCall(BUILDS, () => accessibleWhere(ability, "read", "User")),
    Order: microsPerCall(BUILDS, () => accessibleWhere(ability, "read", "Order")),
  };

  // A list page's two queries: one page of rows, and the total count, both filtered in SQL.
  const usersPage = () =>
    db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(accessibleWhere(ability, "read", "User")).orderBy(asc(users.name)).limit(50);
  const usersCount = () => db.select({ n: count() }).from(users).where(accessibleWhere(ability, "read", "User"));
  const ordersPage = () =>
    db.select({ id: orders.id, number: orders.number, totalMinor: orders.totalMinor }).from(orders).where(accessibleWhere(ability, "read", "Order")).orderBy(desc(orders.createdAt)).limit(50);
  const ordersCount = () => db.select({ n: count() }).from(orders).where(accessibleWhere(ability, "read", "Order"));
  const unfilteredOrders = () => db.select({ id: orders.id, number: orders.number, totalMinor: orders.totalMinor }).from(orders).orderBy(desc(orders.createdAt)).limit(50);

  const rows = { users: (await usersPage()).length, orders: (await ordersPage()).length, allOrders: (await db.select({ n: count() }).from(orders))[0]!.n };
  const listMs = {
    usersPage: await timeEach(QUERIES, usersPage),
    usersCount: await timeEach(QUERIES, usersCount),
    ordersPage: await timeEach(QUERIES, ordersPage),
    ordersCount: await timeEach(QUERIES, ordersCount),
    ordersPageUnfiltered: await timeEach(QUERIES, unfilteredOrders),
  };

  const result = {
    driver,
    iterations: { abilityBuilds: BUILDS, queries: QUERIES },
    sessionTokenMs,
    loadPrincipalMs,
    abilityBuildUs: { perUser: abilityBuildUs, mean: round(buildValues.reduce((a, b) => a + b, 0) / buildValues.length, 2), max: Math.max(...buildValues) },
    accessibleWhereUs: translateUs,
    list: { as: LIST_USER, rows, ms: listMs },
  };
  if (out) await writeFile(out, JSON.stringify(result, null, 2));
  else console.log(JSON.stringify(result, null, 2));
  await closeDb();
}

main().catch(async (error) => {
  console.error(error);
  await closeDb().catch(() => {});
  process.exit(1);
});
