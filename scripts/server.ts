/**
 * The production server (`npm start`): Next's request handler in a plain http server, so one
 * instance of many behind a load balancer can
 *   - give every request an id (nginx's X-Request-Id when well formed, else a new one) that the
 *     audit log, the JSON log line and the trace all carry, and send it back to the client;
 *   - log one JSON line per request (pino) with who asked, and route Next's own console output
 *     into the same JSON stream;
 *   - trace requests and database queries over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set;
 *   - drain on SIGTERM: refuse new connections, answer what is in flight, close the database
 *     pool, exit (lib/server/drain.ts). /api/ready answers 503 from the first moment of it.
 *
 * Usage: tsx scripts/server.ts [-p PORT] [-H HOST]  (PORT and HOST env vars work too).
 */
import http from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";
import { log, logRequest, routeConsoleToLog } from "@/lib/observability/log";
import { runWithRequest } from "@/lib/observability/request-context";
import { startTracing, withRequestSpan } from "@/lib/observability/tracing";
import { createDrain } from "@/lib/server/drain";
import { requestIdFrom } from "@/lib/request-id";

const { values: args } = parseArgs({ options: { port: { type: "string", short: "p" }, hostname: { type: "string", short: "H" } }, strict: false });
const port = Number(args.port ?? process.env.PORT ?? 3000);
const host = (args.hostname as string | undefined) ?? process.env.HOST ?? undefined;
const instance = process.env.INSTANCE_ID || undefined;
const trustProxy = ["true", "1"].includes(process.env.TRUST_PROXY ?? "");
// How long in-flight requests get after SIGTERM (a balancer usually waits 30 s before SIGKILL).
const shutdownMs = Number(process.env.SHUTDOWN_TIMEOUT_MS ?? 25_000);

routeConsoleToLog();
const tracing = startTracing({ serviceName: "trellis", instance });

// Imported after tracing starts, so the instrumentation sees `pg` load.
const { default: next } = await import("next");
const app = next({ dev: false, dir: path.resolve(import.meta.dirname, ".."), port, hostname: host });
await app.prepare();
const handle = app.getRequestHandler();

const server = http.createServer((req, res) => {
  const started = performance.now();
  drain.track(req, res);
  // The id the balancer made (nginx's $request_id) is kept only behind a trusted proxy; a client
  // reaching an instance directly does not choose the id its audit events carry.
  const requestId = requestIdFrom(trustProxy ? (req.headers["x-request-id"] as string | undefined) : undefined);
  req.headers["x-request-id"] = requestId;
  res.setHeader("X-Request-Id", requestId);
  if (instance) res.setHeader("X-Trellis-Instance", instance);

  // One object for the request: noteActor fills in who asked, and the "close" listener (which runs
  // in the response's async context, not the request's) reads it from here.
  const ctx = { requestId, instance };
  runWithRequest(ctx, () => {
    const kind = req.headers["next-router-prefetch"] ? "prefetch" : req.headers.rsc ? "rsc" : undefined;
    res.once("close", () => logRequest({ method: req.method, url: req.url, status: res.statusCode, durationMs: performance.now() - started, kind, ctx }));
    // The load balancer stops sending here once readiness fails; until it notices, requests are served.
    if (drain.draining && req.url?.split("?")[0] === "/api/ready") {
      res.writeHead(503, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify({ status: "draining" }));
      return;
    }
    void withRequestSpan({ method: req.method ?? "GET", url: req.url ?? "/", requestId, headers: req.headers }, res, () => handle(req, res)).catch((error: unknown) => {
      log.error({ err: error }, "request handler failed");
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
});
// Longer than nginx's upstream keepalive_timeout, so nginx closes idle connections first and
// never sends a request down one the server is closing at the same moment.
server.keepAliveTimeout = 65_000;
const drain = createDrain(server);

server.listen(port, host, () => log.info({ port, host: host ?? "*" }, "listening"));

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal, inFlight: drain.inFlight }, "draining");
  const { timedOut } = await drain.shutdown(shutdownMs);
  // The database handles live on globalThis (db/client.ts), shared with Next's bundled copy.
  for (const key of [Symbol.for("trellis.db"), Symbol.for("trellis.db.replica")]) {
    const handle = (globalThis as Record<symbol, Promise<{ close: () => Promise<void> }> | undefined>)[key];
    await Promise.resolve(handle)
      .then((h) => h?.close())
      .catch(() => undefined);
  }
  await tracing?.shutdown().catch(() => undefined);
  log.info({ timedOut }, "stopped");
  // Non-zero when requests had to be cut off, so a supervisor can tell a clean stop from a forced one.
  process.exit(timedOut ? 1 : 0);
}
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
