import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditEvents, loginThrottle, roleAssignments, userSessions, users } from "@/db/schema";
import { verifyCredentials } from "@/lib/auth/credentials";
import { loadPrincipal } from "@/lib/auth/load-principal";
import { resetDemoData } from "../support/db";

let db: Db;
beforeEach(async () => {
  db = await resetDemoData();
});

const client = (requestId: string | null) => ({ address: null, userAgent: null, requestId });
const userId = async (email: string) => (await db.select().from(users).where(eq(users.email, email)))[0]!.id;

describe("sign-in", () => {
  it("accepts the demo password, case-insensitively on the e-mail, opens a session row and audits the sign-in", async () => {
    const result = await verifyCredentials({ email: " UK.Admin@acme.example ", password: "trellis-demo" }, { address: "203.0.113.9", userAgent: "Test/1.0", requestId: "req-sign-in" });
    expect(result).toMatchObject({ ok: true, userId: await userId("uk.admin@acme.example") });
    const [u] = await db.select().from(users).where(eq(users.email, "uk.admin@acme.example"));
    expect(u!.lastSignInAt).toBeInstanceOf(Date);
    const [session] = await db.select().from(userSessions).where(eq(userSessions.id, (result as { sessionId: string }).sessionId));
    expect(session).toMatchObject({ userId: u!.id, ipAddress: "203.0.113.9", userAgent: "Test/1.0", endedAt: null });
    expect(session!.expiresAt.getTime() - session!.createdAt.getTime()).toBe(8 * 3_600_000);
    const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "auth.sign_in"), eq(auditEvents.requestId, "req-sign-in")));
    expect(event).toMatchObject({ outcome: "success", subjectType: "Session", subjectId: session!.id, nodeId: u!.unitNodeId });
  });

  it("gives the same answer for a wrong password and an unknown e-mail; audits failures of real accounts only", async () => {
    expect(await verifyCredentials({ email: "uk.admin@acme.example", password: "nope" }, client("req-f1"))).toEqual({ ok: false, reason: "invalid" });
    expect(await verifyCredentials({ email: "ghost@acme.example", password: "nope" }, client("req-f2"))).toEqual({ ok: false, reason: "invalid" });
    expect(await verifyCredentials({ email: "not an email", password: "" })).toEqual({ ok: false, reason: "invalid" });
    const failures = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "auth.sign_in"), eq(auditEvents.outcome, "failed")));
    expect(failures.map((e) => e.requestId)).toEqual(["req-f1"]);
  });

  it("throttles with growing delays, per account when the address is unknown, and the right password waits too", async () => {
    for (let i = 0; i < 5; i++) await verifyCredentials({ email: "approver@acme.example", password: `wrong-${i}` });
    const [row] = await db.select().from(loginThrottle).where(eq(loginThrottle.key, "account:approver@acme.example"));
    expect(row!.attempts).toBe(5);
    expect(row!.nextAllowedAt!.getTime()).toBeGreaterThan(Date.now());
    const refused = await verifyCredentials({ email: "approver@acme.example", password: "trellis-demo" }, client("req-t1"));
    expect(refused).toMatchObject({ ok: false, reason: "throttled" });
    // A flood of refusals writes one audit event, not one per request.
    await verifyCredentials({ email: "approver@acme.example", password: "trellis-demo" }, client("req-t2"));
    const throttled = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "auth.sign_in"), eq(auditEvents.outcome, "denied")));
    expect(throttled.map((e) => e.requestId)).toEqual(["req-t1"]);
    // Another e-mail is unaffected.
    expect((await verifyCredentials({ email: "finance@acme.example", password: "trellis-demo" })).ok).toBe(true);
  });

  it("counts a burst atomically: fifty concurrent wrong guesses get exactly five tries at the password", async () => {
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => verifyCredentials({ email: "cfo@acme.example", password: `guess-${i}` })));
    expect(results.filter((r) => !r.ok && r.reason === "invalid")).toHaveLength(5);
    expect(results.filter((r) => !r.ok && r.reason === "throttled")).toHaveLength(45);
  });

  it("with a known client address, a stranger's failures from elsewhere do not lock the owner out", async () => {
    for (let i = 0; i < 8; i++) await verifyCredentials({ email: "billing@acme.example", password: `wrong-${i}` }, { address: "198.51.100.66", userAgent: null, requestId: null });
    expect(await verifyCredentials({ email: "billing@acme.example", password: "wrong" }, { address: "198.51.100.66", userAgent: null, requestId: null })).toMatchObject({ reason: "throttled" });
    expect(await verifyCredentials({ email: "billing@acme.example", password: "trellis-demo" }, { address: "203.0.113.5", userAgent: null, requestId: null })).toMatchObject({ ok: true });
  });

  it("a stranger hammering an e-mail slows only the stranger: the owner's browser has a device cookie", async () => {
    const first = await verifyCredentials({ email: "de.billing@acme.example", password: "trellis-demo" });
    if (!first.ok) throw new Error("sign-in failed");
    for (let i = 0; i < 12; i++) await verifyCredentials({ email: "de.billing@acme.example", password: `stranger-${i}` });
    expect(await verifyCredentials({ email: "de.billing@acme.example", password: "trellis-demo" })).toMatchObject({ reason: "throttled" });
    const owner = await verifyCredentials({ email: "de.billing@acme.example", password: "trellis-demo" }, { ...client("req-owner"), deviceToken: first.deviceToken });
    expect(owner).toMatchObject({ ok: true, deviceToken: first.deviceToken });
    // A device cookie of another account does not help.
    expect(await verifyCredentials({ email: "de.billing@acme.example", password: "x" }, { ...client(null), deviceToken: "forged.token" })).toMatchObject({ reason: "throttled" });
  });

  it("refusals on made-up e-mails write nothing to the audit log", async () => {
    for (let i = 0; i < 8; i++) await verifyCredentials({ email: "nobody.at.all@acme.example", password: `guess-${i}` }, client("req-ghost"));
    expect(await db.select().from(auditEvents).where(eq(auditEvents.requestId, "req-ghost"))).toEqual([]);
  });

  it("clears the account's counter after a successful sign-in", async () => {
    await verifyCredentials({ email: "finance@acme.example", password: "wrong" });
    await verifyCredentials({ email: "finance@acme.example", password: "trellis-demo" });
    expect(await db.select().from(loginThrottle).where(eq(loginThrottle.key, "account:finance@acme.example"))).toHaveLength(0);
  });

  it("refuses a deactivated user", async () => {
    await db.update(users).set({ status: "deactivated" }).where(eq(users.email, "billing@acme.example"));
    expect(await verifyCredentials({ email: "billing@acme.example", password: "trellis-demo" })).toEqual({ ok: false, reason: "invalid" });
  });
});

describe("the principal, loaded per request", () => {
  it("carries the assignments in force with their scope paths", async () => {
    const p = await loadPrincipal(db, await userId("cfo@acme.example"));
    expect(p!.assignments.map((a) => [a.role, a.limitCurrency, a.scopeName])).toEqual(
      expect.arrayContaining([
        ["approver", "GBP", "Acme Corp"],
        ["approver", "EUR", "Acme Corp"],
      ]),
    );
    expect(p!.assignments.every((a) => a.scopePath?.startsWith("/"))).toBe(true);
  });

  it("is gone at the next request once the user is deactivated", async () => {
    const id = await userId("orderer@acme.example");
    const issued = Math.floor(Date.now() / 1000) - 10;
    expect(await loadPrincipal(db, id, issued)).not.toBeNull();
    await db.update(users).set({ status: "deactivated", sessionsValidAfter: new Date() }).where(eq(users.id, id));
    expect(await loadPrincipal(db, id, issued)).toBeNull();
  });

  it("ends sessions issued before sessionsValidAfter even after reactivation", async () => {
    const id = await userId("orderer@acme.example");
    const issued = Math.floor(Date.now() / 1000) - 60;
    await db.update(users).set({ status: "active", sessionsValidAfter: new Date() }).where(eq(users.id, id));
    expect(await loadPrincipal(db, id, issued)).toBeNull();
    expect(await loadPrincipal(db, id, Math.floor(Date.now() / 1000) + 1)).not.toBeNull();
  });

  it("drops expired assignments by themselves", async () => {
    const id = await userId("siteadmin@acme.example");
    await db.update(roleAssignments).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(roleAssignments.userId, id));
    const p = await loadPrincipal(db, id);
    expect(p!.assignments).toHaveLength(0);
  });
});
