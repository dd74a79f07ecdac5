import { afterEach, describe, expect, it, vi } from "vitest";
import { createLogger, logPath, logRequest, requestLogFields, routeConsoleToLog } from "./log";
import { currentRequest, noteActor, runWithRequest } from "./request-context";

/** A logger whose lines come back as parsed objects (and as raw text, to search for secrets). */
function capture(level = "debug") {
  const raw: string[] = [];
  const logger = createLogger({ level, stream: { write: (line: string) => void raw.push(line) } });
  return { logger, raw, lines: () => raw.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("log lines", () => {
  it("name the service and instance, with the level as a word", () => {
    vi.stubEnv("INSTANCE_ID", "web-2");
    const { logger, lines } = capture();
    logger.warn({ port: 3000 }, "listening");
    expect(lines()[0]).toMatchObject({ level: "warn", service: "trellis", instance: "web-2", port: 3000, msg: "listening" });
    expect(typeof lines()[0].time).toBe("string");
  });

  it("leave the instance out when INSTANCE_ID is not set", () => {
    vi.stubEnv("INSTANCE_ID", "");
    const { logger, lines } = capture();
    logger.info("x");
    expect(lines()[0]).not.toHaveProperty("instance");
  });

  it("carry the request id, and the actor once noted, inside a request only", async () => {
    const { logger, lines } = capture();
    logger.info("outside");
    await runWithRequest({ requestId: "req-1" }, async () => {
      logger.info("before sign-in is known");
      await Promise.resolve();
      noteActor("user-7", "ent-3");
      logger.info("after");
    });
    runWithRequest({ requestId: "req-2" }, () => {
      noteActor("csp-1", null);
      logger.info("staff");
    });
    const [outside, before, after, staff] = lines();
    expect(outside).not.toHaveProperty("requestId");
    expect(before).toMatchObject({ requestId: "req-1" });
    expect(before).not.toHaveProperty("userId");
    expect(after).toMatchObject({ requestId: "req-1", userId: "user-7", enterpriseId: "ent-3" });
    expect(staff).toMatchObject({ requestId: "req-2", userId: "csp-1", enterpriseId: null });
  });

  it("noteActor outside a request changes nothing", () => {
    noteActor("user-7", "ent-3");
    expect(currentRequest()).toBeUndefined();
  });

  it("never contain secrets, at the top level or nested", () => {
    const { logger, raw, lines } = capture();
    logger.info(
      {
        password: "S3cret-top",
        code: "oauth-code-123",
        user: { email: "a@b.example", passwordHash: "$2a$10$hashhash", recoveryCodes: ["RC-AAAA", "RC-BBBB"] },
        sso: { provider: { clientSecret: "cs-value", config: { secret: "deep-secret" } } },
        invitations: [{ token: "tok-in-array" }],
        mfa: { totp: "123456", recoveryCode: "RC-CCCC" },
        req: { headers: { authorization: "Bearer abc", cookie: "authjs.session-token=zzz", "set-cookie": ["a=b"], accept: "text/html" } },
        body: { token: "tok-body", newPassword: "n3w" },
      },
      "sign-in",
    );
    const text = raw.join("");
    for (const secret of ["S3cret-top", "oauth-code-123", "$2a$10$hashhash", "RC-AAAA", "cs-value", "deep-secret", "tok-in-array", "123456", "RC-CCCC", "Bearer abc", "session-token", "a=b", "tok-body", "n3w"]) {
      expect(text).not.toContain(secret);
    }
    const line = lines()[0] as Record<string, Record<string, unknown>>;
    expect(line.password).toBe("[redacted]");
    expect(line.sso).toEqual({ provider: { clientSecret: "[redacted]", config: { secret: "[redacted]" } } });
    // What is not a secret stays readable.
    expect(line.user.email).toBe("a@b.example");
    expect((line.req.headers as Record<string, unknown>).accept).toBe("text/html");
  });

  it("keep an error's message, stack and code (as errorCode), not its secrets", () => {
    const { logger, lines } = capture();
    const error = Object.assign(new Error("duplicate key"), { code: "23505", token: "tok-on-error" });
    logger.error({ err: error }, "insert failed");
    const err = lines()[0].err as Record<string, unknown>;
    expect(err).toMatchObject({ type: "Error", message: "duplicate key", errorCode: "23505", token: "[redacted]" });
    expect(err.stack).toContain("duplicate key");
  });
});

describe("logPath", () => {
  it("drops the query and fragment", () => {
    expect(logPath("/users?q=smith&page=2")).toBe("/users");
    expect(logPath("/bills/42#lines")).toBe("/bills/42");
    expect(logPath("/?x=1")).toBe("/");
    expect(logPath(undefined)).toBe("/");
    expect(logPath("")).toBe("/");
  });

  it("keeps the OAuth callback's path but never its code and state", () => {
    expect(logPath("/api/auth/callback/sso-acme?code=AUTHCODE&state=STATE&iss=https%3A%2F%2Fidp")).toBe("/api/auth/callback/sso-acme");
  });

  it("masks an invitation link's token, in any form of the path", () => {
    expect(logPath("/invitations/abcDEF123_-xyz")).toBe("/invitations/[token]");
    expect(logPath("/invitations/abcDEF123?_rsc=1x")).toBe("/invitations/[token]");
    expect(logPath("/invitations/abcDEF123/")).toBe("/invitations/[token]/");
    expect(logPath("/Invitations/abcDEF123")).toBe("/invitations/[token]");
    expect(logPath("http://portal.example/invitations/abcDEF123?x=1")).toBe("/invitations/[token]");
    expect(logPath("/invitations")).toBe("/invitations");
  });
});

describe("the request line", () => {
  it("has method, masked path, status and duration, and the request's fields from its context object", () => {
    const ctx = { requestId: "req-9", userId: "user-1", enterpriseId: "ent-1" };
    expect(requestLogFields({ method: "POST", url: "/invitations/tok123?x=1", status: 303, durationMs: 12.345, ctx })).toEqual({
      requestId: "req-9",
      userId: "user-1",
      enterpriseId: "ent-1",
      method: "POST",
      path: "/invitations/[token]",
      status: 303,
      durationMs: 12.3,
    });
  });

  it("is written at error level for a 5xx answer, info otherwise", () => {
    const { logger, lines } = capture();
    logRequest({ method: "GET", url: "/api/auth/callback/x?code=abc", status: 200, durationMs: 1, ctx: { requestId: "r1" } }, logger);
    logRequest({ method: "GET", url: "/", status: 502, durationMs: 1, ctx: { requestId: "r2" } }, logger);
    expect(lines()).toMatchObject([
      { level: "info", msg: "request", requestId: "r1", path: "/api/auth/callback/x", status: 200 },
      { level: "error", msg: "request", requestId: "r2", status: 502 },
    ]);
    expect(JSON.stringify(lines())).not.toContain("abc");
  });
});

describe("routeConsoleToLog", () => {
  // A stand-in console: the real one is watched by tests/support/setup.ts and must stay as it is.
  function fakeConsole() {
    const untouched = vi.fn();
    return { debug: untouched, log: untouched, info: untouched, warn: untouched, error: untouched, untouched };
  }

  it("turns each console call into one line at the matching level, with errors in err", () => {
    const { logger, lines } = capture();
    const con = fakeConsole();
    const restore = routeConsoleToLog(logger, con);
    con.log("ready on %s:%d", "host", 3000);
    con.warn("careful", { a: 1 });
    const error = new Error("render failed");
    con.error(" ⨯", error, "digest:", "123");
    con.debug("detail");
    restore();
    con.error("after restore");

    const [log, warn, err, debug] = lines();
    expect(log).toMatchObject({ level: "info", msg: "ready on host:3000" });
    expect(warn).toMatchObject({ level: "warn", msg: "careful", args: [{ a: 1 }] });
    expect(err).toMatchObject({ level: "error", msg: " ⨯ render failed digest: 123" });
    expect((err.err as Record<string, unknown>).stack).toContain("render failed");
    expect(debug).toMatchObject({ level: "debug", msg: "detail" });
    expect(lines()).toHaveLength(4);
    expect(con.untouched).toHaveBeenCalledTimes(1);
  });

  it("never writes a database error's values: drizzle's params, PostgreSQL's detail, objects' secrets", () => {
    const { logger, raw } = capture();
    const con = fakeConsole();
    const restore = routeConsoleToLog(logger, con);
    const cause = Object.assign(new Error('duplicate key value violates unique constraint "users_email_unique"'), { code: "23505", detail: "Key (email)=(ada@acme.example) already exists." });
    const failed = Object.assign(new Error('Failed query: insert into "users" ("email", "password_hash") values ($1, $2)\nparams: ada@acme.example,$2b$10$hashhashhash'), { query: 'insert into "users"', params: ["ada@acme.example", "$2b$10$hashhashhash"], cause });
    con.error("action users.invite failed", failed);
    con.warn("sign-in refused", { email: "x@y.example", password: "hunter2", nested: { token: "tok-123" } });
    restore();
    const text = raw.join("\n");
    expect(text).toContain("Failed query: insert into");
    expect(text).toContain("23505");
    for (const secret of ["ada@acme.example", "$2b$10$hashhashhash", "hunter2", "tok-123"]) expect(text).not.toContain(secret);
  });

  it("drops calls below the logger's level without formatting them", () => {
    const { logger, lines } = capture("info");
    const con = fakeConsole();
    const restore = routeConsoleToLog(logger, con);
    con.debug("noise");
    con.info("kept");
    restore();
    expect(lines()).toMatchObject([{ level: "info", msg: "kept" }]);
  });
});
