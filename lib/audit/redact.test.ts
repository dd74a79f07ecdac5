import { describe, expect, it } from "vitest";
import { REDACT_LIMITS, REDACTED, redact } from "./redact";

const json = (v: unknown) => JSON.stringify(v);
const within = (v: unknown) => expect(json(v).length).toBeLessThanOrEqual(REDACT_LIMITS.maxJson);

describe("redact: what the audit log keeps of a refused request's input", () => {
  it("keeps an ordinary input as it is", () => {
    const input = { userId: "7d1c6f0e-4a4f-4e36-9a53-0d3b7f0c1a11", role: "orderer", spendLimit: "2500.00", assignments: [{ role: "approver" }], ok: true, n: 3 };
    expect(redact(input)).toEqual(input);
    expect(redact(null)).toBeNull();
    expect(redact(undefined)).toBeNull();
    expect(redact("plain")).toBe("plain");
    expect(redact(42)).toBe(42);
  });

  it("redacts secrets by key, at any depth, and credentials by their look", () => {
    const out = redact({
      password: "hunter2hunter2",
      confirm: "hunter2hunter2",
      token: "abc",
      inviteToken: "abc",
      clientSecret: "s",
      passwordHash: "h",
      apiKey: "k",
      nested: { sessionToken: "t", list: [{ Authorization: "Bearer x" }] },
      note: "$2b$10$cVObJLM1V9HkXuI8mlK70eVuIsqxmqhF2wKwNF6gAtRH9HyXdTWBi",
      jwt: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig",
      name: "Ada",
    }) as Record<string, unknown>;
    expect(out).toEqual({
      password: REDACTED,
      confirm: REDACTED,
      token: REDACTED,
      inviteToken: REDACTED,
      clientSecret: REDACTED,
      passwordHash: REDACTED,
      apiKey: REDACTED,
      nested: { sessionToken: REDACTED, list: [{ Authorization: REDACTED }] },
      note: REDACTED,
      jwt: REDACTED,
      name: "Ada",
    });
  });

  it("reads FormData like an object (first value of a repeated key), files as a description", () => {
    const form = new FormData();
    form.append("name", "Ada");
    form.append("name", "again");
    form.append("password", "secret-secret");
    form.append("file", new File(["x".repeat(10)], "users.csv"));
    expect(redact(form)).toEqual({ name: "Ada", password: REDACTED, file: "[file users.csv, 10 bytes]" });
  });

  it("cuts every string to 200 characters and says how much was left out", () => {
    const out = redact({ name: "a".repeat(1_000_000) }) as { name: string };
    expect(out.name.startsWith("a".repeat(REDACT_LIMITS.maxString))).toBe(true);
    expect(out.name).toContain("[+999800 chars]");
    within(out);
    expect(redact("b".repeat(5000))).toMatch(/^b{200}…\[\+4800 chars\]$/);
  });

  it("keeps at most 30 keys and 20 items, and counts the rest", () => {
    const many = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i]));
    const out = redact(many) as Record<string, unknown>;
    expect(Object.keys(out)).toHaveLength(REDACT_LIMITS.maxKeys + 1);
    expect(out["…"]).toBe("9970 more keys");
    const list = redact(Array.from({ length: 1000 }, (_, i) => i)) as unknown[];
    expect(list).toHaveLength(REDACT_LIMITS.maxItems + 1);
    expect(list.at(-1)).toBe("…980 more");
  });

  it("stops at depth 4, so a deeply nested or self-referencing input cannot blow up", () => {
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 10_000; i++) deep = { d: deep };
    expect(redact(deep)).toEqual({ d: { d: { d: { d: "[truncated]" } } } });
    const loop: Record<string, unknown> = { name: "x" };
    loop.self = loop;
    expect(redact(loop)).toEqual({ name: "x", self: { name: "x", self: { name: "x", self: { name: "x", self: "[truncated]" } } } });
  });

  it("never records more than 2 KB of JSON, whatever the shape", () => {
    const wide = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`field${i}`, "z".repeat(200)]));
    const escapes = { a: "\u0001".repeat(1000), b: "\u0002".repeat(1000), c: ["\u0003".repeat(300), "\u0004".repeat(300)] };
    const nested = Array.from({ length: 30 }, () => Array.from({ length: 30 }, () => ({ x: "y".repeat(300), z: ["q".repeat(300)] })));
    const longKeys = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`${i}${"k".repeat(5000)}`, "v"]));
    for (const input of [wide, escapes, nested, longKeys]) {
      const out = redact(input);
      within(out);
      expect(json(out).length).toBeGreaterThan(500);
    }
    const out = redact(wide) as Record<string, unknown>;
    expect(out.field0).toBe("z".repeat(200));
    expect(Object.values(out).some((v) => v === "[truncated]" || String(v).includes("more key") || String(v).includes("chars]"))).toBe(true);
  });

  it("makes text storable in jsonb: NUL and lone surrogates become U+FFFD", () => {
    expect(redact({ a: "x\u0000y", b: "\uD800", c: "\uDC00z", d: "🙂", e: "\u202Eevil" })).toEqual({ a: "x\uFFFDy", b: "\uFFFD", c: "\uFFFDz", d: "🙂", e: "\u202Eevil" });
    expect(redact({ ["k\u0000"]: 1 })).toEqual({ ["k\uFFFD"]: 1 });
  });

  it("turns values JSON cannot carry into text", () => {
    expect(redact({ a: Infinity, b: NaN, c: -Infinity, d: 10n, e: new Date(Number.NaN), f: new Date(0), g: () => 1, h: Symbol("s") })).toEqual({
      a: "Infinity",
      b: "NaN",
      c: "-Infinity",
      d: "10",
      e: "Invalid Date",
      f: "1970-01-01T00:00:00.000Z",
      g: "[function]",
      h: "[symbol]",
    });
  });

  it("does not follow a forged __proto__ or throwing getters", () => {
    const forged = JSON.parse('{"__proto__": {"isAdmin": true}, "name": "x"}') as Record<string, unknown>;
    const out = redact(forged) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(json(out)).toBe('{"__proto__":{"isAdmin":true},"name":"x"}');
    const throwing = Object.defineProperty({}, "boom", {
      enumerable: true,
      get() {
        throw new Error("no");
      },
    });
    expect(redact(throwing)).toEqual({ boom: "[unreadable]" });
  });
});
