import path from "node:path";

/** Where the test cluster lives and its ports (scripts/cluster/lib.sh derives the same ones). */
const port = Number(process.env.E2E_CLUSTER_PORT ?? 8700);
const dir = process.env.E2E_CLUSTER_DIR ?? "/tmp/trellis-e2e-cluster";
export const CLUSTER = {
  port,
  url: `http://localhost:${port}`,
  dir,
  /** How many app instances global-setup.ts starts, on port + 1 … port + instances. */
  instances: 3,
  logs: path.join(dir, "logs"),
  run: path.join(dir, "run"),
  primaryPort: port + 100,
  replicaPort: port + 101,
  /** The OTLP receiver the instances export traces to (global-setup.ts). */
  otlpPort: port + 110,
  spansFile: `${dir}-spans.jsonl`,
};
