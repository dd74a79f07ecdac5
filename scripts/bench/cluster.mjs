// The cluster row of `npm run bench`: signed-in page throughput through nginx with 1 and with 3 app
// instances (scripts/cluster/start.sh, PgBouncer in transaction mode, a streaming replica), from the
// bench's own build. On this machine every process shares the same cores, so the ratio says how
// much a second and third instance add here, not what separate hosts would give.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";

function tools() {
  const has = (bin) => existsSync(`/usr/sbin/${bin}`) || spawnSync("sh", ["-c", `command -v ${bin}`]).status === 0;
  const pg = existsSync("/usr/lib/postgresql") && readdirSync("/usr/lib/postgresql").some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/pg_basebackup`));
  return has("nginx") && has("pgbouncer") && pg;
}

function throughput(url, cookie, connections, duration) {
  return new Promise((resolve, reject) => {
    const latencies = [];
    const instance = autocannon({ url, connections, duration, headers: { cookie }, timeout: 30 }, (error, result) => {
      if (error) return reject(error);
      latencies.sort((a, b) => a - b);
      const at = latencies[Math.min(latencies.length - 1, Math.ceil(0.95 * latencies.length) - 1)];
      const p95 = at == null ? null : Math.round(at * 10) / 10;
      resolve({ requests: result.requests.total, rps: Math.round((result.requests.total / (result.duration || duration)) * 10) / 10, p95, non2xx: result.non2xx, errors: result.errors });
    });
    instance.on("response", (_c, _s, _b, t) => latencies.push(t));
  });
}

/**
 * Starts the cluster with each instance count in turn, signs in through nginx, loads `page`, and
 * returns req/s and p95 per count and the ratio of the last to the first. Null when nginx,
 * pgbouncer or PostgreSQL's server binaries are missing (or BENCH_CLUSTER=0).
 */
export async function benchCluster({ root, distDir, signIn, user, password, connections, duration, warmup, log, page = "/dashboard", counts = [1, 3] }) {
  if (process.env.BENCH_CLUSTER === "0") return { skipped: "BENCH_CLUSTER=0" };
  if (!tools()) return { skipped: "nginx, pgbouncer or PostgreSQL's server binaries are not installed" };
  const port = Number(process.env.BENCH_CLUSTER_PORT || 8900);
  const env = { ...process.env, CLUSTER_DIR: path.join(os.tmpdir(), "trellis-bench-cluster"), CLUSTER_PORT: String(port), CLUSTER_BUILD: "0", NEXT_DIST_DIR: distDir };
  delete env.DATABASE_URL;
  delete env.DATABASE_REPLICA_URL;
  const stop = () => spawnSync("bash", ["scripts/cluster/stop.sh"], { cwd: root, env, stdio: "ignore" });
  const runs = [];
  stop();
  try {
    for (const n of counts) {
      log(`\n== cluster: ${n} instance${n === 1 ? "" : "s"} behind nginx, ${connections} connections, ${duration} s on ${page} ==`);
      const started = spawnSync("bash", ["scripts/cluster/start.sh"], { cwd: root, env: { ...env, CLUSTER_INSTANCES: String(n) }, stdio: ["ignore", "ignore", "inherit"] });
      if (started.status !== 0) throw new Error(`the cluster with ${n} instances did not start`);
      const base = `http://127.0.0.1:${port}`;
      const cookie = await signIn(base, user, password);
      const check = await fetch(`${base}${page}`, { headers: { cookie }, redirect: "manual" });
      if (check.status !== 200) throw new Error(`${page} answered ${check.status} through the cluster`);
      if (warmup > 0) await throughput(`${base}${page}`, cookie, connections, warmup);
      const r = await throughput(`${base}${page}`, cookie, connections, duration);
      log(`   ${r.rps} req/s, p95 ${r.p95} ms (${r.non2xx} non-2xx, ${r.errors} errors)`);
      runs.push({ instances: n, ...r });
      stop();
    }
  } finally {
    stop();
  }
  const first = runs[0];
  const last = runs[runs.length - 1];
  return { page, runs, ratio: first && last && first.rps ? Math.round((last.rps / first.rps) * 100) / 100 : null };
}
