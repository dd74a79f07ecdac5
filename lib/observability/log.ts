import { format } from "node:util";
import pino, { type DestinationStream, type Level, type Logger } from "pino";
import { currentRequest, type RequestContext } from "./request-context";

/**
 * The process's JSON logger (pino, one line per event on stdout). Every line names the service and
 * instance; inside a request it also names the request id (the one the audit log records), the
 * user and the enterprise, from the request context. Secrets never reach a line: keys that hold
 * them are censored wherever they sit (below), and request paths lose their query and any token.
 *
 * No `server-only` import: scripts/server.ts loads this outside Next.
 */

/** Keys whose values are secrets (or hashes and sealed copies of them), wherever they appear. */
export const SECRET_KEYS = [
  "password",
  "passwordHash",
  "currentPassword",
  "newPassword",
  "secret",
  "secretSealed",
  "clientSecret",
  "clientSecretSealed",
  "token",
  "tokenHash",
  "accessToken",
  "refreshToken",
  "idToken",
  "sessionToken",
  "code",
  "codeHash",
  "totp",
  "recoveryCode",
  "recoveryCodes",
  "authorization",
  "Authorization",
  "cookie",
  "Cookie",
  "set-cookie",
  "Set-Cookie",
] as const;

// pino's redact paths match a fixed depth (`*.k` is exactly one level down, arrays included), so each
// key gets a path for the top level and for three levels of nesting: `{ user: { mfa: { secret } } }`
// and `{ req: { headers: { cookie } } }` are covered. Deeper objects should not be logged whole.
const NESTING = 3;
export const REDACT_PATHS = SECRET_KEYS.flatMap((k) =>
  Array.from({ length: NESTING + 1 }, (_, depth) => {
    const parents = Array(depth).fill("*").join(".");
    // `set-cookie` is not an identifier, so it takes bracket notation: `*.*["set-cookie"]`.
    if (!/^[A-Za-z_$][\w$]*$/.test(k)) return `${parents}["${k}"]`;
    return parents ? `${parents}.${k}` : k;
  }),
);

const CENSOR = "[redacted]";

/**
 * pino's error serializer, except that an error's own `code` (ECONNREFUSED, PostgreSQL's 23505) is
 * written as `errorCode`: it says what went wrong and is no secret, but a key named `code` is
 * censored wherever it sits (OAuth and TOTP codes) and pino does not tell the censor whose key it is.
 * (Log errors under `err`; that is the key this serializer, and pino's, applies to.)
 */
function serializeError(error: unknown): unknown {
  let out = scrubError(pino.stdSerializers.err(error as Error) as unknown);
  // pino folds causes into the stack text; the cause's code (PostgreSQL's SQLSTATE under drizzle's error) is kept beside it.
  const causeCode = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  if (out && typeof out === "object" && (typeof causeCode === "string" || typeof causeCode === "number")) out = { ...out, causeErrorCode: causeCode };
  if (!out || typeof out !== "object" || !("code" in out)) return out;
  const { code, ...rest } = out as Record<string, unknown>;
  return typeof code === "string" || typeof code === "number" ? { ...rest, errorCode: code } : rest;
}

/** Fields of database errors that carry row values: drizzle's query parameters, PostgreSQL's detail (`Key (email)=(…)`). */
const VALUE_FIELDS = new Set(["params", "parameters", "detail", "where", "internalQuery"]);

/**
 * A database error's message without the values: drizzle writes "Failed query: <sql>\nparams: <values>"
 * (passwords' hashes, e-mails, tokens' hashes), and the stack starts with that message.
 */
export function scrubErrorText(text: string): string {
  return text.replace(/(Failed query: [\s\S]*?)\nparams: [^\n]*/g, "$1");
}

/** A serialized error (and its causes) without the fields and message parts that carry values. */
export function scrubError(value: unknown, depth = 0): unknown {
  if (!value || typeof value !== "object" || depth > 4) return typeof value === "string" ? scrubErrorText(value) : value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (VALUE_FIELDS.has(k)) continue;
    out[k] = typeof v === "string" ? scrubErrorText(v) : k === "cause" || k === "aggregateErrors" ? scrubError(v, depth + 1) : v;
  }
  return out;
}

function omitUndefined<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Who the line is about: the request id and the actor, when there is a request. */
function requestFields(ctx: RequestContext | undefined) {
  if (!ctx) return {};
  return omitUndefined({ requestId: ctx.requestId, userId: ctx.userId, enterpriseId: ctx.enterpriseId, supportedBy: ctx.supportedBy });
}

function defaultLevel(): string {
  if (process.env.LOG_LEVEL) return process.env.LOG_LEVEL;
  // Tests assert on behaviour, not on log lines; a test that wants lines makes its own logger.
  return process.env.VITEST ? "silent" : "info";
}

/**
 * A logger with the portal's fields, redaction and format. Production code uses `log` (one per
 * process); tests pass a stream to read the lines back.
 */
export function createLogger(options: { stream?: DestinationStream; level?: string } = {}): Logger {
  const config = {
    level: options.level ?? defaultLevel(),
    base: omitUndefined({ service: "trellis", instance: process.env.INSTANCE_ID || undefined }),
    timestamp: pino.stdTimeFunctions.isoTime,
    // "level":"error" reads better in a log viewer than "level":50.
    formatters: { level: (label: string) => ({ level: label }) },
    // Fields given at the call win over these (pino's default merge), so a line written after the
    // request has ended can still pass the request's fields itself (requestLogFields does).
    mixin: () => requestFields(currentRequest()),
    serializers: { err: serializeError },
    redact: { paths: REDACT_PATHS, censor: CENSOR },
  };
  return options.stream ? pino(config, options.stream) : pino(config);
}

// One logger per process, shared by the server script's copy of this module and Next's bundled one.
const key = Symbol.for("trellis.logger");
type GlobalWithLogger = typeof globalThis & { [key]?: Logger };

export function logger(): Logger {
  const g = globalThis as GlobalWithLogger;
  g[key] ??= createLogger();
  return g[key];
}

export const log: Logger = logger();

/**
 * The path to log or name a span by: never the query (OAuth callbacks carry the code and state
 * there, exports their filters), and an invitation link's token replaced by a placeholder.
 */
export function logPath(url: string | undefined): string {
  let path = url || "/";
  // An absolute-form request target (`GET http://host/path HTTP/1.1`) is rare but legal.
  if (/^https?:\/\//i.test(path)) {
    try {
      path = new URL(path).pathname;
    } catch {
      path = "/";
    }
  }
  path = path.split(/[?#]/, 1)[0] || "/";
  return path.replace(/^\/invitations\/[^/]+/i, "/invitations/[token]");
}

export type RequestLogInput = {
  method: string | undefined;
  url: string | undefined;
  status: number;
  durationMs: number;
  /** What kind of request Next served: a link prefetch or a client navigation's RSC payload (both may render without the actor). */
  kind?: "prefetch" | "rsc";
  /** The request's context object (the one given to runWithRequest); see requestLogFields. */
  ctx?: RequestContext;
};

/**
 * The fields of the one line the server writes per request, when the response has finished.
 * Pass `ctx`: the response's "close" event may fire outside the request's async context (a client
 * that hung up), where the mixin would find no request; the object itself still names the actor
 * noteActor recorded on it.
 */
export function requestLogFields(r: RequestLogInput) {
  return {
    ...requestFields(r.ctx),
    method: r.method ?? "GET",
    path: logPath(r.url),
    status: r.status,
    durationMs: Math.round(r.durationMs * 10) / 10,
    ...(r.kind ? { kind: r.kind } : {}),
  };
}

/** Writes the request line: `msg: "request"`, at error level for 5xx answers. */
export function logRequest(r: RequestLogInput, target: Logger = logger()): void {
  const fields = requestLogFields(r);
  if (r.status >= 500) target.error(fields, "request");
  else target.info(fields, "request");
}

type ConsoleMethod = "debug" | "log" | "info" | "warn" | "error";
const CONSOLE_LEVELS: Record<ConsoleMethod, Level> = { debug: "debug", log: "info", info: "info", warn: "warn", error: "error" };
type ConsoleLike = Record<ConsoleMethod, (...args: unknown[]) => void>;

/**
 * Sends console output (Next's own messages and errors, and any console.error of ours) into the
 * JSON log, so stdout holds only JSON lines. Each call becomes one line at the matching level; the
 * first Error among the arguments goes into `err` (message, stack, cause), and its message stands
 * in for it in `msg` so the stack is not written twice. Returns a function that puts console back.
 *
 * Only for the server process: tests keep their console (tests/support/setup.ts watches
 * console.error), so a test passes a stand-in `con`.
 */
export function routeConsoleToLog(target: Logger = logger(), con: ConsoleLike = console as unknown as ConsoleLike): () => void {
  const originals = { ...con };
  for (const method of Object.keys(CONSOLE_LEVELS) as ConsoleMethod[]) {
    const level = CONSOLE_LEVELS[method];
    con[method] = (...args: unknown[]) => {
      if (!target.isLevelEnabled(level)) return;
      const err = args.find((a): a is Error => a instanceof Error);
      // Objects go into `args`, where redaction applies; only plain values are formatted into `msg`.
      const objects = args.filter((a) => a !== null && typeof a === "object" && !(a instanceof Error));
      const msg = scrubErrorText(format(...args.filter((a) => !objects.includes(a)).map((a) => (a instanceof Error ? a.message : a))));
      const fields = { ...(err ? { err } : {}), ...(objects.length ? { args: objects } : {}) };
      if (err || objects.length) target[level](fields, msg);
      else target[level](msg);
    };
  }
  return () => {
    for (const method of Object.keys(CONSOLE_LEVELS) as ConsoleMethod[]) con[method] = originals[method];
  };
}
