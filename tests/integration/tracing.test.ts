import http from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { gunzipSync } from "node:zlib";
import { trace } from "@opentelemetry/api";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { noteActor, runWithRequest } from "@/lib/observability/request-context";
import { startTracing, tracingConfigured, withRequestSpan, type Tracing } from "@/lib/observability/tracing";

/**
 * Traces leave the process over OTLP/HTTP: a stand-in collector on a loopback port receives what the
 * server would send, and the spans are checked as a collector would see them (the exporter sends
 * OTLP JSON: hex ids, attributes as { key, value: { stringValue | intValue } }).
 *
 * Note on `pg`: the instrumentation patches `pg/lib/client.js` as it is required, so the database
 * module is imported only after startTracing (db/client.ts imports drizzle's node-postgres driver,
 * which imports `pg`, at its top). Vitest runs each test file in a fresh worker, so `pg` is not
 * loaded yet; the test checks that rather than assuming it.
 */

type OtlpValue = { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number };
type OtlpSpan = {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: { key: string; value: OtlpValue }[];
  status?: { code?: number; message?: string };
  events?: { name: string }[];
};
type Received = OtlpSpan & { attrs: Record<string, unknown>; resource: Record<string, unknown> };
const SPAN_KIND_SERVER = 2;
const SPAN_KIND_CLIENT = 3;
const STATUS_ERROR = 2;

function attrs(list: { key: string; value: OtlpValue }[] = []): Record<string, unknown> {
  return Object.fromEntries(list.map(({ key, value }) => [key, value.stringValue ?? (value.intValue !== undefined ? Number(value.intValue) : (value.boolValue ?? value.doubleValue))]));
}

/** A minimal OTLP/HTTP trace receiver: POST /v1/traces with a JSON body (gzip if the exporter compresses). */
function startCollector() {
  const spans: Received[] = [];
  const contentTypes: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (req.method !== "POST" || req.url !== "/v1/traces") {
        res.writeHead(404).end();
        return;
      }
      contentTypes.push(String(req.headers["content-type"]));
      let body = Buffer.concat(chunks);
      if (req.headers["content-encoding"] === "gzip") body = gunzipSync(body);
      const payload = JSON.parse(body.toString("utf8")) as {
        resourceSpans: { resource?: { attributes?: { key: string; value: OtlpValue }[] }; scopeSpans: { spans: OtlpSpan[] }[] }[];
      };
      for (const rs of payload.resourceSpans) {
        for (const ss of rs.scopeSpans) for (const s of ss.spans) spans.push({ ...s, attrs: attrs(s.attributes), resource: attrs(rs.resource?.attributes) });
      }
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  return { server, spans, contentTypes };
}

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
}

const nodeRequire = createRequire(import.meta.url);
const loaded = (pattern: RegExp) => Object.keys(nodeRequire.cache).some((file) => pattern.test(file.replaceAll("\\", "/")));

describe("tracing off", () => {
  it("is off unless an OTLP endpoint is set, and off when the SDK is disabled", () => {
    expect(tracingConfigured({})).toBe(false);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: "  " })).toBe(false);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" })).toBe(true);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://collector:4318/v1/traces" })).toBe(true);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318", OTEL_SDK_DISABLED: "true" })).toBe(false);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318", OTEL_TRACES_EXPORTER: "none" })).toBe(false);
  });

  it("startTracing returns null, loads no SDK, and withRequestSpan just runs the handler", async () => {
    vi.stubEnv("OTEL_EXPORTER_OTLP_ENDPOINT", "");
    vi.stubEnv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "");
    try {
      expect(startTracing({ serviceName: "trellis" })).toBeNull();
      expect(loaded(/@opentelemetry\/(sdk-trace|exporter-trace-otlp-http|instrumentation-pg)\//)).toBe(false);
      const headers = { traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" };
      await expect(withRequestSpan({ method: "GET", url: "/", requestId: "r", headers }, undefined, () => 42)).resolves.toBe(42);
      await expect(withRequestSpan({ method: "GET", url: "/", requestId: "r", headers }, undefined, () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe("tracing on", () => {
  const collector = startCollector();
  let tracing: Tracing | null = null;
  // What the stand-in app does inside each request; a test sets it before sending its request.
  let work: () => Promise<void> = async () => {};
  const app = http.createServer((req, res) => {
    const requestId = String(req.headers["x-request-id"]);
    runWithRequest({ requestId }, () => {
      void withRequestSpan({ method: req.method ?? "GET", url: req.url ?? "/", requestId, headers: req.headers }, res, async () => {
        await work();
        res.writeHead(200, { "content-type": "text/plain" }).end("ok");
      }).catch(() => {
        res.writeHead(500).end();
      });
    });
  });
  let appUrl = "";
  let pgPreloaded = false;

  beforeAll(async () => {
    pgPreloaded = loaded(/\/node_modules\/pg\/lib\/client\.js$/);
    const port = await listen(collector.server);
    vi.stubEnv("OTEL_EXPORTER_OTLP_ENDPOINT", "");
    vi.stubEnv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", `http://127.0.0.1:${port}/v1/traces`);
    vi.stubEnv("OTEL_SDK_DISABLED", "");
    tracing = startTracing({ serviceName: "trellis", instance: "test-1" });
    appUrl = `http://127.0.0.1:${await listen(app)}`;
  });

  afterAll(async () => {
    await tracing?.shutdown();
    vi.unstubAllEnvs();
    if (process.env.DATABASE_URL) await (await import("@/db/client")).closeDb();
    await new Promise((r) => app.close(r));
    await new Promise((r) => collector.server.close(r));
    // The global provider is gone: spans started now record nothing and go nowhere.
    expect(trace.getTracer("after").startSpan("x").isRecording()).toBe(false);
  });

  /** Sends the spans that have ended and waits until the collector holds one that matches. */
  async function received(match: (s: Received) => boolean): Promise<Received> {
    let found: Received | undefined;
    await vi.waitFor(
      async () => {
        await tracing!.forceFlush();
        found = collector.spans.find(match);
        if (!found) throw new Error("not received yet");
      },
      { timeout: 10_000, interval: 50 },
    );
    return found!;
  }

  it("starts, and a second start returns the running instance", () => {
    expect(tracing).not.toBeNull();
    expect(startTracing({ serviceName: "trellis" })).toBe(tracing);
  });

  it("sends a SERVER span per request, continuing the caller's trace, with the request id and the actor", async () => {
    work = async () => noteActor("user-42", "ent-7");
    const upstreamTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
    const upstreamSpan = "00f067aa0ba902b7";
    const response = await fetch(`${appUrl}/invitations/secret-token-123?code=abc`, {
      headers: { "x-request-id": "req-trace-1", traceparent: `00-${upstreamTrace}-${upstreamSpan}-01` },
    });
    expect(response.status).toBe(200);

    const span = await received((s) => s.attrs["trellis.request_id"] === "req-trace-1");
    expect(span).toMatchObject({ name: "GET /invitations/[token]", kind: SPAN_KIND_SERVER, traceId: upstreamTrace, parentSpanId: upstreamSpan });
    expect(span.attrs).toMatchObject({
      "http.request.method": "GET",
      "url.path": "/invitations/[token]",
      "http.response.status_code": 200,
      "trellis.user_id": "user-42",
      "trellis.enterprise_id": "ent-7",
    });
    expect(span.resource).toMatchObject({ "service.name": "trellis", "service.instance.id": "test-1" });
    expect(JSON.stringify(collector.spans)).not.toMatch(/secret-token-123|code=abc/);
    expect(collector.contentTypes[0]).toContain("application/json");
  });

  it("marks the span as failed when the handler throws, with the exception recorded", async () => {
    work = async () => {
      throw new TypeError("handler broke");
    };
    const response = await fetch(`${appUrl}/users`, { headers: { "x-request-id": "req-trace-2" } });
    expect(response.status).toBe(500);
    const span = await received((s) => s.attrs["trellis.request_id"] === "req-trace-2");
    expect(span.status).toMatchObject({ code: STATUS_ERROR, message: "handler broke" });
    expect(span.attrs).toMatchObject({ "http.response.status_code": 500, "error.type": "TypeError" });
    expect(span.events?.map((e) => e.name)).toContain("exception");
    // No traceparent came in: a trace of its own.
    expect(span.parentSpanId ?? "").toBe("");
  });

  describe.skipIf(!process.env.DATABASE_URL)("on PostgreSQL", () => {
    it("makes each query through drizzle and node-postgres a child span of the request", async () => {
      // See the note at the top: pg must be loaded after the instrumentation is registered.
      expect(pgPreloaded, "pg was loaded before tracing started in this worker").toBe(false);
      const { getDb } = await import("@/db/client");
      work = async () => {
        const db = await getDb();
        await db.execute(sql`select 1 as one where ${"not-a-secret-param"} <> ''`);
      };
      const response = await fetch(`${appUrl}/bills`, { headers: { "x-request-id": "req-trace-db" } });
      expect(response.status).toBe(200);

      const server = await received((s) => s.attrs["trellis.request_id"] === "req-trace-db");
      const query = await received((s) => s.traceId === server.traceId && s.name.startsWith("pg.query"));
      expect(query.kind).toBe(SPAN_KIND_CLIENT);
      expect(query.parentSpanId).toBe(server.spanId);
      expect(query.attrs["db.system.name"]).toBe("postgresql");
      expect(String(query.attrs["db.query.text"])).toContain("select 1 as one");
      // The statement's text, never its parameters.
      expect(JSON.stringify(query)).not.toContain("not-a-secret-param");
    });
  });
});
