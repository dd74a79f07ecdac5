import type { IncomingHttpHeaders, ServerResponse } from "node:http";
import { createRequire } from "node:module";
import { hostname } from "node:os";
import { format } from "node:util";
import type * as Api from "@opentelemetry/api";
import type * as ContextAsyncHooks from "@opentelemetry/context-async-hooks";
import type * as Core from "@opentelemetry/core";
import type * as OtlpHttp from "@opentelemetry/exporter-trace-otlp-http";
import type * as Instrumentation from "@opentelemetry/instrumentation";
import type * as InstrumentationPg from "@opentelemetry/instrumentation-pg";
import type * as Resources from "@opentelemetry/resources";
import type * as SdkTrace from "@opentelemetry/sdk-trace";
import { log, logPath, scrubErrorText } from "./log";
import { currentRequest } from "./request-context";

/**
 * OpenTelemetry traces for the production server (scripts/server.ts): one SERVER span per HTTP
 * request, Next's own spans inside it, and a span per node-postgres query inside those, exported
 * over OTLP/HTTP. Off unless an OTLP endpoint is configured; then the exporter itself reads the
 * standard variables (OTEL_EXPORTER_OTLP_[TRACES_]ENDPOINT, _HEADERS, _TIMEOUT, _COMPRESSION).
 *
 * Only types are imported at the top: while tracing is off, not one OpenTelemetry module is loaded.
 * The SDK is loaded with a synchronous require (createRequire) rather than import(), so that
 * startTracing stays synchronous and has patched `pg` before the caller goes on to load Next.
 */

export type Tracing = {
  /** Sends the spans that have ended so far. */
  forceFlush(): Promise<void>;
  /** Sends what is left and stops: unregisters the provider, the context manager and the pg patch. */
  shutdown(): Promise<void>;
};

type State = { api: typeof Api; tracer: Api.Tracer; tracing: Tracing };

// On globalThis like the logger and the request context: two copies of this module (the server
// script's and one bundled by Next) must not start two SDKs.
const key = Symbol.for("trellis.tracing");
type GlobalWithTracing = typeof globalThis & { [key]?: State };

/** Whether the environment asks for traces: an OTLP endpoint is set and the SDK is not disabled. */
export function tracingConfigured(env: Record<string, string | undefined> = process.env): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === "true") return false;
  if (env.OTEL_TRACES_EXPORTER?.split(",").some((e) => e.trim() === "none")) return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim());
}

/**
 * Starts tracing when configured (see tracingConfigured), else returns null and loads nothing.
 * Call it before Next (and so `pg`) is loaded: the pg instrumentation patches the module as it is
 * required. Calling it again returns the running instance.
 */
export function startTracing(options: { serviceName: string; instance?: string }): Tracing | null {
  if (!tracingConfigured()) return null;
  const g = globalThis as GlobalWithTracing;
  if (g[key]) return g[key].tracing;

  const load = createRequire(import.meta.url);
  const api = load("@opentelemetry/api") as typeof Api;
  const { AsyncLocalStorageContextManager } = load("@opentelemetry/context-async-hooks") as typeof ContextAsyncHooks;
  const { W3CTraceContextPropagator } = load("@opentelemetry/core") as typeof Core;
  const { defaultResource, resourceFromAttributes, detectResources, envDetector } = load("@opentelemetry/resources") as typeof Resources;
  const { TracerProvider, BatchSpanProcessor } = load("@opentelemetry/sdk-trace") as typeof SdkTrace;
  const { OTLPTraceExporter } = load("@opentelemetry/exporter-trace-otlp-http") as typeof OtlpHttp;
  const { registerInstrumentations } = load("@opentelemetry/instrumentation") as typeof Instrumentation;
  const { PgInstrumentation } = load("@opentelemetry/instrumentation-pg") as typeof InstrumentationPg;

  // The SDK reports failed exports and bad settings through its diag logger, silent by default.
  const otelLog = log.child({ component: "opentelemetry" });
  api.diag.setLogger(
    {
      error: (m, ...a) => otelLog.error(format(m, ...a)),
      warn: (m, ...a) => otelLog.warn(format(m, ...a)),
      info: (m, ...a) => otelLog.info(format(m, ...a)),
      debug: (m, ...a) => otelLog.debug(format(m, ...a)),
      verbose: (m, ...a) => otelLog.trace(format(m, ...a)),
    },
    { logLevel: api.DiagLogLevel.WARN, suppressOverrideMessage: true },
  );

  // The installed exporter speaks OTLP/HTTP with JSON bodies only (no protobuf or gRPC exporter is
  // a dependency). Collectors accept both encodings on the same port, so JSON is sent either way.
  const protocol = (process.env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL || process.env.OTEL_EXPORTER_OTLP_PROTOCOL)?.trim();
  if (protocol && protocol !== "http/json") otelLog.warn({ protocol }, "OTLP protocol not available here; traces are sent as http/json");

  // service.name and service.instance.id from the caller; OTEL_SERVICE_NAME and
  // OTEL_RESOURCE_ATTRIBUTES, when set, win (merge: the argument's attributes take precedence).
  const resource = defaultResource()
    .merge(resourceFromAttributes({ "service.name": options.serviceName, "service.instance.id": options.instance || `${hostname()}:${process.pid}` }))
    .merge(detectResources({ detectors: [envDetector] }));

  const contextManager = new AsyncLocalStorageContextManager().enable();
  api.context.setGlobalContextManager(contextManager);
  // An upstream's `traceparent` continues its trace. Baggage is not read: a client could put anything there.
  api.propagation.setGlobalPropagator(new W3CTraceContextPropagator());

  // The scrubber runs first, so what the batch processor exports is already clean.
  const provider = new TracerProvider({ resource, spanProcessors: [scrubbingProcessor(), new BatchSpanProcessor({ exporter: new OTLPTraceExporter() })] });
  api.trace.setGlobalTracerProvider(provider);

  const unregister = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new PgInstrumentation({
        // Queries outside a request (startup, the drain's pool close) would each be a trace of their own.
        requireParentSpan: true,
        // Never the parameters (password hashes, tokens) or the rows: the statement text only,
        // which drizzle always sends with $1 placeholders.
        enhancedDatabaseReporting: false,
      }),
    ],
  });

  let stopped: Promise<void> | undefined;
  const tracing: Tracing = {
    forceFlush: () => provider.forceFlush(),
    shutdown() {
      stopped ??= (async () => {
        unregister();
        try {
          await provider.shutdown();
        } finally {
          api.trace.disable();
          api.context.disable();
          api.propagation.disable();
          api.diag.disable();
          delete g[key];
        }
      })();
      return stopped;
    },
  };
  g[key] = { api, tracer: provider.getTracer("trellis"), tracing };
  return tracing;
}

/** Attributes that hold a whole URL or its query (Next's own spans set `http.target` to the raw URL). */
const URL_ATTRIBUTES = ["http.target", "http.url", "url.full", "next.rsc", "url.query"];

/**
 * Cleans every span, ours and Next's, before it is exported: URLs lose their query and tokens
 * (invitation links, OAuth codes) as in the logs, and recorded exceptions lose the values a
 * database error's message carries.
 */
function scrubbingProcessor(): SpanProcessorLike {
  const clean = (span: MutableSpan) => {
    for (const key of URL_ATTRIBUTES) {
      const value = span.attributes[key];
      if (typeof value === "string") span.setAttribute(key, key === "url.query" ? "" : logPath(value));
    }
    for (const event of span.events) {
      const attributes = event.attributes as Record<string, unknown> | undefined;
      if (!attributes) continue;
      for (const key of ["exception.message", "exception.stacktrace"]) {
        if (typeof attributes[key] === "string") attributes[key] = scrubErrorText(attributes[key]);
      }
    }
  };
  return {
    onStart: (span) => clean(span),
    onEnding: (span) => clean(span),
    onEnd: () => undefined,
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
}
type MutableSpan = { attributes: Record<string, unknown>; events: { attributes?: unknown }[]; setAttribute(key: string, value: string): unknown };
type SpanProcessorLike = { onStart(span: MutableSpan): void; onEnding(span: MutableSpan): void; onEnd(): void; forceFlush(): Promise<void>; shutdown(): Promise<void> };

export type RequestSpanInfo = { method: string; url: string; requestId: string; headers: IncomingHttpHeaders };

/**
 * Runs `fn` (the request handler) inside a SERVER span, so the spans it causes (Next's, pg's) are
 * its children. The span continues an incoming `traceparent`, is named by method and path (the
 * logged path: no query, no invitation token), and ends when the response closes, with its status
 * and, if noteActor ran during the request, the user and enterprise. An error thrown by `fn` is
 * recorded on the span and thrown on. When tracing is off this is just `fn()`.
 *
 * Call it inside runWithRequest. Without `res`, the span ends when `fn` settles.
 */
export async function withRequestSpan<T>(info: RequestSpanInfo, res: ServerResponse | undefined, fn: () => T | Promise<T>): Promise<T> {
  const state = (globalThis as GlobalWithTracing)[key];
  if (!state) return await fn();
  const { api, tracer } = state;

  const path = logPath(info.url);
  const method = info.method.toUpperCase();
  const parent = api.propagation.extract(api.ROOT_CONTEXT, info.headers);
  const span = tracer.startSpan(
    `${method} ${path}`,
    { kind: api.SpanKind.SERVER, attributes: { "http.request.method": method, "url.path": path, "trellis.request_id": info.requestId } },
    parent,
  );
  // The same object noteActor fills in later in the request.
  const ctx = currentRequest();

  let ended = false;
  let failed = false;
  const end = () => {
    if (ended) return;
    ended = true;
    const status = res?.statusCode;
    if (status) span.setAttribute("http.response.status_code", status);
    if (status && status >= 500 && !failed) {
      span.setStatus({ code: api.SpanStatusCode.ERROR });
      span.setAttribute("error.type", String(status));
    }
    if (ctx?.userId) span.setAttribute("trellis.user_id", ctx.userId);
    if (ctx?.enterpriseId) span.setAttribute("trellis.enterprise_id", ctx.enterpriseId);
    span.end();
  };
  // The response's end, not the handler's: a streamed page is still being written when Next's
  // handler resolves. "close" fires on every response, finished or cut off by the client.
  res?.once("close", end);

  try {
    return await api.context.with(api.trace.setSpan(parent, span), fn);
  } catch (error) {
    failed = true;
    if (span.isRecording()) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: api.SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      span.setAttribute("error.type", error instanceof Error ? error.name : "Error");
    }
    throw error;
  } finally {
    if (!res) end();
  }
}
