/**
 * `npm run bench` (after scripts/bench.sh has built the app): for the embedded database and for
 * PostgreSQL, in one run each,
 *   1. seeds a fresh database with the demo data;
 *   2. times, in process, building an ability per demo user and filtering a list (scripts/bench/authz.ts);
 *   3. starts the built app (`npm start`: scripts/server.ts), signs in as a demo user through next-auth's credentials
 *      callback, and measures with autocannon the bare page (the signed-out /login: server-rendered,
 *      no database, no session) and the signed-in /accounts, /users and /dashboard;
 *   4. prints req/s, p95, server CPU per request and the ratio of each signed-in page to the bare
 *      page (DESIGN.md's budget: at least 0.6);
 *   5. loads every portal page as the browser would and sums the gzipped size of the scripts it
 *      loads first (the noModule polyfills, which modern browsers skip, are left out): at most 150 kB;
 *   6. adds the large enterprise of DESIGN.md's budgets (100,000 orders, 20,000 users, 5,000 sites:
 *      lib/demo/large-enterprise.ts) and times its lists in process against hand-written SQL for
 *      the same rows (scripts/bench/scale.ts), then each list page's server time over HTTP, one
 *      request at a time (budget: under 100 ms; within 1.3× of the raw SQL);
 *   7. the cluster (scripts/bench/cluster.mjs): signed-in /dashboard through nginx with 1 and with
 *      3 instances, and the ratio.
 * Results go to bench-results/<timestamp>.json and, as tables, bench-results/<timestamp>.md and
 * bench-results/latest.md (which the README shows). A benchmark, not a test: it fails only when it
 * cannot measure (the app does not start, sign-in fails, a route answers errors), never for a budget.
 *
 * Environment: BENCH_DATABASE_URL (default postgres://trellis:trellis@127.0.0.1:5432/trellis_bench),
 * BENCH_DATABASES (default "pglite,postgres"), BENCH_CONNECTIONS (10), BENCH_DURATION (10 s),
 * BENCH_WARMUP (3 s), BENCH_PORT (a free port), BENCH_USER (admin@acme.example), NEXT_DIST_DIR,
 * BENCH_SCALE=0 (skip step 6), BENCH_SCALE_DATABASES (default "pglite,postgres": where step 6 runs), BENCH_SCALE_REQUESTS (20),
 * BENCH_PROFILE=1 (then also, per signed-in route, a run against a server under `node --cpu-prof`,
 * with the profile kept in bench-results/ and summarised by package: where a page's time goes).
 */
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { gzipSync } from "node:zlib";
import autocannon from "autocannon";
import { generate } from "otplib";
import pg from "pg";
import { benchCluster } from "./cluster.mjs";
import { summarize } from "./profile.mjs";

const root = path.resolve(import.meta.dirname, "../..");
const cfg = {
  databaseUrl: process.env.BENCH_DATABASE_URL || "postgres://trellis:trellis@127.0.0.1:5432/trellis_bench",
  databases: (process.env.BENCH_DATABASES || "pglite,postgres").split(",").map((s) => s.trim()).filter(Boolean),
  connections: Number(process.env.BENCH_CONNECTIONS || 10),
  duration: Number(process.env.BENCH_DURATION || 10),
  warmup: Number(process.env.BENCH_WARMUP || 3),
  user: process.env.BENCH_USER || "admin@acme.example",
  password: process.env.BENCH_PASSWORD || "trellis-demo",
  distDir: process.env.NEXT_DIST_DIR || ".next-bench",
  profile: process.env.BENCH_PROFILE === "1",
  scale: process.env.BENCH_SCALE !== "0",
  scaleDatabases: (process.env.BENCH_SCALE_DATABASES || "pglite,postgres").split(",").map((s) => s.trim()),
  scaleRequests: Number(process.env.BENCH_SCALE_REQUESTS || 20),
};
const SCALE_BUDGET_MS = 100;
const SCALE_RATIO = 1.3;
/** Large-enterprise pages timed over HTTP (step 6): who asks, and what the page must show. */
const SCALE_PAGES = [
  { path: "/orders", as: "admin@northwind.example", expect: "NW-" },
  { path: "/orders?status=completed&page=40", as: "admin@northwind.example", expect: "NW-" },
  { path: "/orders", as: "le01.admin@northwind.example", expect: "NW-" },
  { path: "/orders", as: "user00001@northwind.example", expect: "NW-" },
  { path: "/approvals", as: "cfo@northwind.example", expect: "NW-" },
  { path: "/approvals", as: "le01.approver@northwind.example", expect: "NW-" },
  { path: "/bills", as: "admin@northwind.example", expect: "INV-NW-" },
  { path: "/bills?status=overdue", as: "admin@northwind.example", expect: "INV-NW-" },
  { path: "/billing", as: "admin@northwind.example", expect: "Billing overview" },
  { path: "/billing", as: "le01.admin@northwind.example", expect: "Billing overview" },
  { path: "/disputes", as: "admin@northwind.example", expect: "Disputes" },
  // The CSP console across every enterprise, the large one included, and its support sessions.
  { path: "/csp", as: "csp.admin@csp.example", expect: "Northwind Group" },
  // Most in need first: the attention counts of every enterprise, in SQL, before paging.
  { path: "/csp?sort=attention", as: "csp.admin@csp.example", expect: "Northwind Group" },
  { path: "/support-access", as: "admin@northwind.example", expect: "Support access" },
  // Enterprise identity: the sign-in policy and SSO settings, and SCIM provisioning (its groups list).
  { path: "/identity", as: "admin@northwind.example", expect: "Single sign-on" },
  { path: "/provisioning", as: "admin@northwind.example", expect: "Provisioning" },
];
const TARGET = 0.6;
const JS_BUDGET_KB = 150;
const ROUTES = [
  { name: "bare", path: "/login", signedIn: false, expect: "Sign in" },
  { name: "accounts", path: "/accounts", signedIn: true, expect: "Acme Corp" },
  { name: "users", path: "/users", signedIn: true, expect: "Oliver Ord" },
  { name: "dashboard", path: "/dashboard", signedIn: true, expect: "Good to see you" },
  { name: "health", path: "/api/health", signedIn: false, expect: '"status":"ok"' },
];
const COMPARED = ["accounts", "users", "dashboard"];
/** Every portal page, as the demo user of the run sees it (pages with an id use a demo row's). */
const PAGES = ["/login", "/dashboard", "/accounts", "/sites", "/sites/new", "/users", "/users/invite", "/users/import", "/orders", "/contracts", "/catalog", "/bills", "/audit", "/access-review", "/outbox", "/me"];
/** Pages only other demo users see: ordering (the orderer) and deciding (an approver). */
const PAGES_AS = [
  ["/orders/new", "orderer@acme.example"],
  ["/approvals", "cfo@acme.example"],
  ["/contracts/new", "am@csp.example"],
  ["/catalog/new", "csp.admin@csp.example"],
  ["/csp", "am@csp.example"],
  ["/csp/onboard", "csp.admin@csp.example"],
  ["/support-access", "admin@acme.example"],
  ["/identity", "admin@acme.example"],
  ["/provisioning", "admin@acme.example"],
  ["/me/security", "orderer@acme.example"],
];

const log = (...a) => console.log(...a);
const round = (n, d = 2) => (n == null || Number.isNaN(n) ? null : Math.round(n * 10 ** d) / 10 ** d);

let server = null; // the one child process group we started, so we can always stop it
process.on("exit", () => stopServerSync());
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => process.exit(130));

function run(cmd, args, env, label) {
  const r = spawnSync(cmd, args, { cwd: root, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (r.status !== 0) throw new Error(`${label} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

async function freePort() {
  if (process.env.BENCH_PORT) return Number(process.env.BENCH_PORT);
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function postgresReachable(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("select 1");
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

async function startServer(env, port, logFile, profileDir = null) {
  const { openSync } = await import("node:fs");
  const out = openSync(logFile, "a");
  const nodeArgs = profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [];
  // The production server (npm start), with its per-request JSON log line, as deployed.
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", path.join(root, "scripts/server.ts"), "-p", String(port), "-H", "127.0.0.1"], {
    cwd: root,
    env,
    detached: true, // its own process group: stopped as a whole, by its id
    stdio: ["ignore", out, out],
  });
  server = child;
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}; see ${logFile}`);
    try {
      const res = await fetch(`${base}/api/health`);
      if (res.ok) return base;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the app did not become healthy within 90 s; see ${logFile}`);
}

async function stopServer() {
  const child = server;
  if (!child) return;
  server = null;
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }, 10_000);
  await exited;
  clearTimeout(timer);
}

function stopServerSync() {
  if (server && server.exitCode === null) {
    try {
      process.kill(-server.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

/** Cookies from a response, merged into a jar (name → value). */
function keepCookies(jar, res) {
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(";");
    const i = pair.indexOf("=");
    jar.set(pair.slice(0, i).trim(), pair.slice(i + 1).trim());
  }
}
const cookieHeader = (jar) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

/** The demo CSP users' TOTP secrets (DEMO VALUES, lib/demo/mfa.ts and the README). */
const DEMO_TOTP = Object.fromEntries(
  [...readFileSync(new URL("../../lib/demo/mfa.ts", import.meta.url), "utf8").matchAll(/"([^"]+)":\s*\{\s*secret:\s*"([A-Z2-7]+)"/g)].map((m) => [m[1], m[2]]),
);
const spentSteps = new Map();

/** A code of the person's demo secret for a step not used yet (the server refuses a step twice): this one, the next, or after a wait. */
async function demoTotpCode(email) {
  const secret = DEMO_TOTP[email];
  if (!secret) throw new Error(`no demo TOTP secret for ${email}`);
  for (;;) {
    const now = Math.floor(Date.now() / 30_000);
    const step = Math.max(now, (spentSteps.get(secret) ?? -1) + 1);
    if (step <= now + 1) {
      spentSteps.set(secret, step);
      return generate({ secret, epoch: step * 30 });
    }
    await new Promise((resolve) => setTimeout(resolve, (now + 1) * 30_000 - Date.now() + 50));
  }
}

/** Signs in through next-auth's credentials callback, as the login form does, and returns the cookies. */
async function signIn(base, email, password) {
  const jar = new Map();
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  keepCookies(jar, csrfRes);
  const { csrfToken } = await csrfRes.json();
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(jar) },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${base}/dashboard` }),
  });
  keepCookies(jar, res);
  let location = res.headers.get("location") ?? "";
  if (location.includes("code=mfa_required")) {
    // Two-step verification (the demo CSP users): the code step, under the challenge cookie just set.
    const second = await fetch(`${base}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(jar) },
      body: new URLSearchParams({ csrfToken, code: await demoTotpCode(email), callbackUrl: `${base}/dashboard` }),
    });
    keepCookies(jar, second);
    location = second.headers.get("location") ?? "";
  }
  if (![...jar.keys()].some((k) => k.endsWith("authjs.session-token")) || location.includes("error=")) {
    throw new Error(`sign-in as ${email} failed (status ${res.status}, location ${location})`);
  }
  return cookieHeader(jar);
}

/** Checks that a route answers 200 with its content (a signed-in page, not the login page). */
async function check(base, route, cookie) {
  const res = await fetch(`${base}${route.path}`, { redirect: "manual", headers: route.signedIn ? { cookie } : {} });
  const body = await res.text();
  if (res.status !== 200 || !body.includes(route.expect)) {
    throw new Error(`${route.path} answered ${res.status}${res.headers.get("location") ? ` → ${res.headers.get("location")}` : ""}, not the expected page`);
  }
}

function percentile(sorted, p) {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

/** One autocannon run; latencies are recorded per response so that p95 is exact. */
function cannon(url, cookie, duration) {
  return new Promise((resolve, reject) => {
    const latencies = [];
    const instance = autocannon(
      { url, connections: cfg.connections, duration, headers: cookie ? { cookie } : {}, timeout: 30 },
      (error, result) => (error ? reject(error) : resolve({ result, latencies })),
    );
    instance.on("response", (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
}

/**
 * CPU time the server process has used so far, in ms (Linux /proc; null elsewhere). CPU ms per
 * request is what a route costs, and it is far less disturbed by other work on the machine than
 * req/s is (the load generator and anything else running share the same cores).
 */
async function serverCpuMs() {
  if (!server?.pid) return null;
  try {
    const stat = await readFile(`/proc/${server.pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime
    return (ticks * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}
const CLOCK_TICKS = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout?.trim()) || 100;

async function measure(base, route, cookie) {
  const url = `${base}${route.path}`;
  if (cfg.warmup > 0) await cannon(url, cookie, cfg.warmup);
  const cpuBefore = await serverCpuMs();
  const { result, latencies } = await cannon(url, cookie, cfg.duration);
  const cpuAfter = await serverCpuMs();
  latencies.sort((a, b) => a - b);
  const total = result.requests.total;
  return {
    path: route.path,
    requests: total,
    rps: round(total / (result.duration || cfg.duration), 1),
    p50: round(percentile(latencies, 0.5)),
    p95: round(percentile(latencies, 0.95)),
    p99: round(percentile(latencies, 0.99)),
    serverCpuMsPerRequest: cpuBefore == null || cpuAfter == null || !total ? null : round((cpuAfter - cpuBefore) / total, 3),
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

function ratios(http) {
  const out = {};
  for (const name of COMPARED) {
    const throughput = round(http[name].rps / http.bare.rps);
    // p95 as a ratio of the bare page's: bare p95 / route p95 (1 = as fast, 0.5 = twice as slow).
    const p95 = round(http.bare.p95 / http[name].p95);
    // Server CPU per request, the bare page's over the route's: the same kind of ratio, robust to a busy machine.
    const cpu = http.bare.serverCpuMsPerRequest && http[name].serverCpuMsPerRequest ? round(http.bare.serverCpuMsPerRequest / http[name].serverCpuMsPerRequest) : null;
    out[name] = { throughput, p95, cpu, throughputPass: throughput >= TARGET, p95Pass: p95 >= TARGET };
  }
  return out;
}

/**
 * First-load JavaScript of each page: the scripts its HTML loads (not the noModule polyfills), each
 * fetched from the server and gzipped as a CDN would serve it, summed in kB.
 */
async function firstLoadJs(base, cookie) {
  const sizes = new Map();
  const out = [];
  const pages = [...PAGES.map((p) => [p, null]), ...PAGES_AS];
  for (const [page, as] of pages) {
    const pageCookie = as ? await signIn(base, as, cfg.password) : cookie;
    const res = await fetch(`${base}${page}`, { redirect: "manual", headers: page === "/login" ? {} : { cookie: pageCookie } });
    if (res.status !== 200) {
      out.push({ page, status: res.status });
      continue;
    }
    const html = await res.text();
    const srcs = [...html.matchAll(/<script\b([^>]*)>/g)]
      .map((m) => m[1])
      .filter((attrs) => !/\bnoModule\b/i.test(attrs))
      .map((attrs) => /\bsrc="([^"]+)"/.exec(attrs)?.[1])
      .filter(Boolean);
    let bytes = 0;
    for (const src of new Set(srcs)) {
      if (!sizes.has(src)) sizes.set(src, gzipSync(Buffer.from(await (await fetch(new URL(src, base))).arrayBuffer())).length);
      bytes += sizes.get(src);
    }
    const kB = round(bytes / 1024, 1);
    out.push({ page: as ? `${page} (as ${as})` : page, scripts: new Set(srcs).size, kB, pass: kB <= JS_BUDGET_KB });
  }
  return out;
}

async function benchDatabase(kind, port, runDir) {
  const env = { ...process.env, NODE_ENV: "production", NEXT_DIST_DIR: cfg.distDir, NEXT_TELEMETRY_DISABLED: "1" };
  delete env.PGLITE_DIR;
  delete env.DATABASE_URL;
  if (kind === "pglite") env.PGLITE_DIR = path.join(runDir, "pglite");
  else {
    const problem = await postgresReachable(cfg.databaseUrl);
    if (problem) return { skipped: `PostgreSQL at ${cfg.databaseUrl.replace(/\/\/[^@]*@/, "//…@")} is not reachable: ${problem}` };
    env.DATABASE_URL = cfg.databaseUrl;
  }

  log(`\n== ${kind}: seeding the demo data ==`);
  log(run("npx", ["tsx", "--conditions=react-server", "scripts/seed.ts"], env, "seed").trim());

  log(`== ${kind}: ability build and list filter, in process ==`);
  const authzFile = path.join(runDir, `authz-${kind}.json`);
  run("npx", ["tsx", "--conditions=react-server", "scripts/bench/authz.ts", authzFile], env, "authz bench");
  const authz = JSON.parse(await readFile(authzFile, "utf8"));

  log(`== ${kind}: HTTP, ${cfg.connections} connections, ${cfg.warmup} s warm-up + ${cfg.duration} s per route ==`);
  const logFile = path.join(runDir, `server-${kind}.log`);
  const base = await startServer(env, port, logFile);
  try {
    const cookie = await signIn(base, cfg.user, cfg.password);
    for (const route of ROUTES) await check(base, route, cookie);
    const http = {};
    for (const route of ROUTES) {
      http[route.name] = await measure(base, route, route.signedIn ? cookie : null);
      const r = http[route.name];
      log(`   ${route.path.padEnd(12)} ${String(r.rps).padStart(8)} req/s   p95 ${String(r.p95).padStart(7)} ms   server CPU ${r.serverCpuMsPerRequest} ms/req   (${r.requests} requests, non-2xx ${r.non2xx}, errors ${r.errors})`);
      if (r.non2xx || r.errors || r.timeouts) throw new Error(`${route.path} answered ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts: the measurement is not valid`);
    }
    const js = kind === cfg.databases[0] ? await firstLoadJs(base, cookie) : undefined;
    await stopServer();
    const profiles = cfg.profile ? await profileRoutes(kind, env, port, runDir, logFile) : undefined;
    const scale = cfg.scale && cfg.scaleDatabases.includes(kind) ? await benchScale(kind, env, port, runDir, logFile) : undefined;
    return { signedInAs: cfg.user, http, ratios: ratios(http), authz, profiles, js, scale };
  } finally {
    await stopServer();
  }
}

/**
 * Step 6: the large enterprise. Its lists in process against raw SQL (scripts/bench/scale.ts), then
 * each list page over HTTP, one request at a time, so a request's time is the server's time for it.
 */
async function benchScale(kind, env, port, runDir, logFile) {
  log(`== ${kind}: large enterprise (generating it takes a minute), lists in process vs raw SQL ==`);
  const file = path.join(runDir, `scale-${kind}.json`);
  log(run("npx", ["tsx", "--conditions=react-server", "--require", "./scripts/bench/react-server-shims.cjs", "scripts/bench/scale.ts", file], env, "scale bench").trimEnd());
  const inProcess = JSON.parse(await readFile(file, "utf8"));
  log(`== ${kind}: large enterprise pages over HTTP, ${cfg.scaleRequests} requests each, one at a time ==`);
  const base = await startServer(env, port, logFile);
  const pages = [];
  try {
    const cookies = new Map();
    // The largest bill's page too: its id comes from the in-process run.
    const largestBill = inProcess.largestBill ? [{ path: `/bills/${inProcess.largestBill}`, as: "admin@northwind.example", expect: "INV-NW-" }] : [];
    // …and the large enterprise's customer page (its figures and what needs attention).
    const customer = inProcess.enterpriseId ? [{ path: `/csp/customers/${inProcess.enterpriseId}`, as: "csp.admin@csp.example", expect: "Needs attention" }] : [];
    for (const page of [...SCALE_PAGES, ...largestBill, ...customer]) {
      if (!cookies.has(page.as)) cookies.set(page.as, await signIn(base, page.as, cfg.password));
      const get = async () => {
        const t0 = performance.now();
        const res = await fetch(`${base}${page.path}`, { redirect: "manual", headers: { cookie: cookies.get(page.as) } });
        const body = await res.text();
        const ms = performance.now() - t0;
        if (res.status !== 200 || !body.includes(page.expect)) throw new Error(`${page.path} as ${page.as} answered ${res.status}, not the expected page`);
        return ms;
      };
      for (let i = 0; i < 3; i++) await get();
      const cpuBefore = await serverCpuMs();
      const times = [];
      for (let i = 0; i < cfg.scaleRequests; i++) times.push(await get());
      const cpuAfter = await serverCpuMs();
      times.sort((a, b) => a - b);
      const r = { path: page.path, as: page.as, p50: round(percentile(times, 0.5)), p95: round(percentile(times, 0.95)), serverCpuMsPerRequest: cpuBefore == null ? null : round((cpuAfter - cpuBefore) / times.length, 1) };
      r.pass = r.p95 < SCALE_BUDGET_MS;
      pages.push(r);
      log(`   ${`${page.path} as ${page.as}`.padEnd(72)} p50 ${String(r.p50).padStart(6)} ms   p95 ${String(r.p95).padStart(6)} ms   ${r.pass ? "PASS" : "OVER BUDGET"}`);
    }
  } finally {
    await stopServer();
  }
  return { ...inProcess, pages };
}

/** Per signed-in route: a fresh server under the V8 profiler, the same load, and where the time went. */
async function profileRoutes(kind, env, port, runDir, logFile) {
  const out = {};
  for (const route of ROUTES.filter((r) => r.signedIn)) {
    const dir = path.join(root, "bench-results", `profile-${new Date().toISOString().replace(/[:.]/g, "-")}-${kind}-${route.name}`);
    await mkdir(dir, { recursive: true });
    const base = await startServer(env, port, logFile, dir);
    try {
      const cookie = await signIn(base, cfg.user, cfg.password);
      const m = await measure(base, route, cookie);
      log(`   profiled ${route.path}: ${m.rps} req/s (slower under the profiler)`);
    } finally {
      await stopServer();
    }
    const { readdir } = await import("node:fs/promises");
    const file = (await readdir(dir)).find((f) => f.endsWith(".cpuprofile"));
    if (!file) continue;
    const text = summarize(path.join(dir, file), 15);
    log(text.replace(/^/gm, "   "));
    out[route.name] = { file: path.relative(root, path.join(dir, file)), summary: text };
  }
  return out;
}

function summary(results) {
  const lines = ["", "==================== Trellis benchmark ====================", `${results.machine.cpus} CPUs · node ${results.machine.node} · ${cfg.connections} connections · ${cfg.duration} s per route · signed in as ${cfg.user}`];
  for (const [kind, r] of Object.entries(results.databases)) {
    lines.push("", `-- ${kind} --`);
    if (r.skipped) {
      lines.push(`   skipped: ${r.skipped}`);
      continue;
    }
    lines.push("   route            req/s    p50 ms    p95 ms   server CPU ms/req");
    for (const [name, h] of Object.entries(r.http)) lines.push(`   ${name.padEnd(12)} ${String(h.rps).padStart(9)} ${String(h.p50).padStart(9)} ${String(h.p95).padStart(9)} ${String(h.serverCpuMsPerRequest).padStart(12)}`);
    for (const [name, q] of Object.entries(r.ratios)) {
      lines.push(
        `   ${name}/bare  throughput ${q.throughput.toFixed(2)} ${q.throughputPass ? "PASS" : "BELOW TARGET"}   p95 (bare/${name}) ${q.p95.toFixed(2)} ${q.p95Pass ? "PASS" : "BELOW TARGET"}` +
          `   (target ≥ ${TARGET})${q.cpu != null ? `   CPU per request (bare/${name}) ${q.cpu.toFixed(2)}` : ""}`,
      );
    }
    const a = r.authz;
    lines.push(
      `   ability build: mean ${a.abilityBuildUs.mean} µs, max ${a.abilityBuildUs.max} µs per build (${a.iterations.abilityBuilds} builds per demo user)`,
      `   accessibleWhere: ${a.accessibleWhereUs.User} µs (User), ${a.accessibleWhereUs.Order} µs (Order) per translation`,
      `   per request before the page: session token decode p50 ${a.sessionTokenMs.decode.p50} ms (×2: middleware and page), re-issue p50 ${a.sessionTokenMs.encode.p50} ms (middleware), ` +
        `load principal (2 queries) p50 ${a.loadPrincipalMs.p50} ms / p95 ${a.loadPrincipalMs.p95} ms`,
      `   list as ${a.list.as}: users page p50 ${a.list.ms.usersPage.p50} ms (p95 ${a.list.ms.usersPage.p95}), users count p50 ${a.list.ms.usersCount.p50} ms, ` +
        `orders page p50 ${a.list.ms.ordersPage.p50} ms (p95 ${a.list.ms.ordersPage.p95}; unfiltered ${a.list.ms.ordersPageUnfiltered.p50}), orders count p50 ${a.list.ms.ordersCount.p50} ms`,
    );
  }
  for (const [kind, r] of Object.entries(results.databases)) {
    if (!r.scale) continue;
    const c = r.scale.counts;
    lines.push("", `-- ${kind}: large enterprise (${c.orders} orders, ${c.lines} order lines, ${c.bill_lines} bill lines, ${c.users} users, ${c.sites} sites): budget ${SCALE_BUDGET_MS} ms server time, ${SCALE_RATIO}× raw SQL --`);
    for (const x of r.scale.cases) lines.push(`   ${x.name.padEnd(52)} ${String(x.total).padStart(6)} rows   list p50 ${String(x.pageMs.p50).padStart(6)} ms   raw SQL ${String(x.rawMs.p50).padStart(6)} ms   ×${x.ratio} ${x.ratio <= SCALE_RATIO ? "PASS" : "ABOVE"}`);
    for (const p of r.scale.pages) lines.push(`   page ${`${p.path} as ${p.as}`.padEnd(72)} p50 ${String(p.p50).padStart(6)} ms   p95 ${String(p.p95).padStart(6)} ms   ${p.pass ? "PASS" : "OVER BUDGET"}`);
  }
  const c = results.cluster;
  if (c?.runs?.length) {
    lines.push("", `-- cluster: signed-in ${c.page} through nginx (PgBouncer, primary + streaming replica), all on ${results.machine.cpus} cores --`);
    for (const r of c.runs) lines.push(`   ${String(r.instances).padStart(2)} instance${r.instances === 1 ? " " : "s"}  ${String(r.rps).padStart(7)} req/s   p95 ${String(r.p95).padStart(6)} ms`);
    lines.push(`   throughput ×${c.ratio} with ${c.runs[c.runs.length - 1].instances} instances over 1`);
  } else if (c) lines.push("", `-- cluster: ${c.skipped ? `skipped (${c.skipped})` : `failed: ${c.error}`} --`);
  const js = Object.values(results.databases).find((r) => r.js)?.js;
  if (js) {
    lines.push("", `-- first-load JavaScript, gzipped (budget ${JS_BUDGET_KB} kB) --`);
    for (const j of js) lines.push(`   ${j.page.padEnd(16)} ${j.kB != null ? `${String(j.kB).padStart(7)} kB  ${j.pass ? "PASS" : "OVER BUDGET"}` : `answered ${j.status}`}`);
  }
  lines.push("", "(ratios are relative to the bare page, the signed-out /login, in the same run; the load generator shares the machine's cores)");
  return lines.join("\n");
}

/** The same figures as markdown tables, for bench-results/latest.md and the README. */
function markdown(results) {
  const out = [`Measured ${results.startedAt.slice(0, 16).replace("T", " ")} UTC at ${results.commit ?? "an uncommitted tree"} on ${results.machine.cpus} CPUs (${results.machine.node}); ${cfg.connections} connections, ${cfg.duration} s per route, signed in as ${cfg.user}.`, ""];
  out.push("| database | page | req/s | p95 ms | server CPU ms/req | req/s vs bare page (target ≥ 0.6) |", "|---|---|---:|---:|---:|---|");
  for (const [kind, r] of Object.entries(results.databases)) {
    if (!r.http) {
      out.push(`| ${kind} | ${r.skipped ? `skipped: ${r.skipped}` : `failed: ${r.error}`} | | | | |`);
      continue;
    }
    for (const name of ["bare", ...COMPARED]) {
      const h = r.http[name];
      const q = r.ratios[name];
      out.push(`| ${kind} | ${h.path}${name === "bare" ? " (bare, signed out)" : ""} | ${h.rps} | ${h.p95} | ${h.serverCpuMsPerRequest ?? "—"} | ${q ? `${q.throughput.toFixed(2)} ${q.throughputPass ? "✅" : "❌"}` : "—"} |`);
    }
  }
  for (const [kind, r] of Object.entries(results.databases)) {
    if (!r.scale) continue;
    const c = r.scale.counts;
    out.push("", `Large enterprise on ${kind}: ${c.orders} orders, ${c.lines} order lines, ${c.bills} bills with ${c.bill_lines} lines, ${c.users} users, ${c.sites} sites.`, "");
    out.push(`| list (in process) | rows | list p50 ms | raw SQL p50 ms | ratio (target ≤ ${SCALE_RATIO}) |`, "|---|---:|---:|---:|---|");
    for (const x of r.scale.cases) out.push(`| ${x.name} | ${x.total} | ${x.pageMs.p50} | ${x.rawMs.p50} | ${x.ratio} ${x.ratio <= SCALE_RATIO ? "✅" : "❌"} |`);
    out.push("", `| page over HTTP, one request at a time | as | p50 ms | p95 ms (budget < ${SCALE_BUDGET_MS}) |`, "|---|---|---:|---|");
    for (const p of r.scale.pages) out.push(`| ${p.path} | ${p.as} | ${p.p50} | ${p.p95} ${p.pass ? "✅" : "❌"} |`);
  }
  const c = results.cluster;
  if (c?.runs?.length) {
    out.push("", `Cluster (nginx → instances → PgBouncer in transaction mode → PostgreSQL primary, replica streaming), signed-in ${c.page}, all on this machine's ${results.machine.cpus} cores:`, "");
    out.push("| instances | req/s | p95 ms |", "|---:|---:|---:|");
    for (const r of c.runs) out.push(`| ${r.instances} | ${r.rps} | ${r.p95} |`);
    out.push("", `Throughput with ${c.runs[c.runs.length - 1].instances} instances over 1: ×${c.ratio}.`);
  } else if (c) out.push("", `Cluster: ${c.skipped ? `skipped (${c.skipped})` : `failed: ${c.error}`}.`);
  const js = Object.values(results.databases).find((r) => r.js)?.js;
  if (js) {
    out.push("", `| page | first-load JS, gzipped (budget ${JS_BUDGET_KB} kB) |`, "|---|---|");
    for (const j of js) out.push(`| ${j.page} | ${j.kB != null ? `${j.kB} kB ${j.pass ? "✅" : "❌"}` : `answered ${j.status}`} |`);
  }
  return out.join("\n") + "\n";
}

async function main() {
  const started = new Date();
  const runDir = await mkdtemp(path.join(os.tmpdir(), "trellis-bench-"));
  const port = await freePort();
  const commit = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).stdout.trim() || null;
  const results = {
    startedAt: started.toISOString(),
    commit,
    machine: { cpus: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.release()}` },
    config: { connections: cfg.connections, durationS: cfg.duration, warmupS: cfg.warmup, user: cfg.user, target: TARGET, distDir: cfg.distDir },
    databases: {},
  };
  let failed = false;
  try {
    for (const kind of cfg.databases) {
      if (kind !== "pglite" && kind !== "postgres") throw new Error(`unknown database "${kind}" in BENCH_DATABASES`);
      try {
        results.databases[kind] = await benchDatabase(kind, port, runDir);
        if (results.databases[kind].skipped) log(`\n== ${kind}: skipped: ${results.databases[kind].skipped} ==`);
      } catch (error) {
        failed = true;
        results.databases[kind] = { error: error instanceof Error ? error.message : String(error) };
        console.error(`\n${kind}: ${results.databases[kind].error}`);
        const serverLog = path.join(runDir, `server-${kind}.log`);
        const tail = await readFile(serverLog, "utf8").catch(() => "");
        if (tail) console.error(`--- last lines of the server log ---\n${tail.split("\n").slice(-30).join("\n")}`);
      }
    }
    await stopServer();
    try {
      results.cluster = await benchCluster({ root, distDir: cfg.distDir, signIn, user: cfg.user, password: cfg.password, connections: cfg.connections, duration: cfg.duration, warmup: cfg.warmup, log });
    } catch (error) {
      failed = true;
      results.cluster = { error: error instanceof Error ? error.message : String(error) };
      console.error(`\ncluster: ${results.cluster.error}`);
    }
  } finally {
    await stopServer();
    await rm(runDir, { recursive: true, force: true });
  }
  results.finishedAt = new Date().toISOString();
  const outDir = path.join(root, "bench-results");
  await mkdir(outDir, { recursive: true });
  const file = path.join(outDir, `${started.toISOString().replace(/[:.]/g, "-")}.json`);
  await writeFile(file, JSON.stringify(results, null, 2));
  const md = markdown(results);
  await writeFile(file.replace(/\.json$/, ".md"), md);
  await writeFile(path.join(outDir, "latest.md"), md);
  // The README shows the latest run between its bench markers.
  const readmePath = path.join(root, "README.md");
  const readme = await readFile(readmePath, "utf8").catch(() => null);
  const block = /<!-- bench:start -->[\s\S]*?<!-- bench:end -->/;
  if (readme && block.test(readme)) await writeFile(readmePath, readme.replace(block, `<!-- bench:start -->\n${md}<!-- bench:end -->`));
  log(summary({ ...results, databases: Object.fromEntries(Object.entries(results.databases).filter(([, r]) => !r.error)) }));
  log(`\nresults: ${path.relative(root, file)}`);
  if (failed) process.exit(1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
