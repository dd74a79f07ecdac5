import { spawnSync } from "node:child_process";
import { appendFileSync, existsSync, rmSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { CLUSTER } from "./cluster-env";

const root = path.resolve(import.meta.dirname, "../..");

function cluster(script: "start" | "stop", env: Record<string, string>) {
  const res = spawnSync("bash", [`scripts/cluster/${script}.sh`], { cwd: root, env: { ...process.env, ...env }, stdio: "inherit", timeout: 600_000 });
  if (res.status !== 0) throw new Error(`scripts/cluster/${script}.sh exited with ${res.status}`);
}

/**
 * Starts an OTLP/HTTP receiver (each export appended to a file the tests read), then the cluster
 * with traces exported to it, from the build already in NEXT_DIST_DIR when there is one.
 */
export default async function globalSetup() {
  const env = {
    CLUSTER_DIR: CLUSTER.dir,
    CLUSTER_PORT: String(CLUSTER.port),
    CLUSTER_INSTANCES: String(CLUSTER.instances),
    CLUSTER_BUILD: existsSync(path.join(root, process.env.NEXT_DIST_DIR ?? ".next", "BUILD_ID")) ? "0" : "1",
    // The replica journey pauses replay for a while; the lag guard must not send reads back to the primary meanwhile.
    REPLICA_MAX_LAG_SECONDS: "600",
    SHUTDOWN_TIMEOUT_MS: "10000",
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${CLUSTER.otlpPort}`,
    OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
    OTEL_BSP_SCHEDULE_DELAY: "200",
  };
  cluster("stop", { CLUSTER_DIR: CLUSTER.dir, CLUSTER_PORT: String(CLUSTER.port) });
  rmSync(CLUSTER.spansFile, { force: true });

  const receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (req.method === "POST" && req.url === "/v1/traces") appendFileSync(CLUSTER.spansFile, Buffer.concat(chunks).toString("utf8").replace(/\n/g, " ") + "\n");
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{}");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(CLUSTER.otlpPort, "127.0.0.1", resolve));

  cluster("start", env);
  return async () => {
    cluster("stop", { CLUSTER_DIR: CLUSTER.dir, CLUSTER_PORT: String(CLUSTER.port), CLUSTER_KEEP: process.env.E2E_CLUSTER_KEEP ?? "0" });
    receiver.close();
  };
}
