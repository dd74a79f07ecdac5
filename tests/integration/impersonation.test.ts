import { randomUUID } from "node:crypto";
import { and, count, eq, isNull } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditEvents, contracts, impersonationSessions, notifications, orders, roleAssignments, userSessions } from "@/db/schema";
import { loadSessionPrincipal } from "@/lib/auth/load-principal";
import { defineAbilityFor } from "@/lib/authz/ability";
import { demoId } from "@/lib/demo/ids";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/errors";
import { startImpersonation, stopImpersonation } from "@/lib/impersonation/start";
import { changeSupportAccess } from "@/lib/impersonation/support-access";
import { decideOrder } from "@/lib/orders/decide";
import { createOrder } from "@/lib/orders/mutations";
import { createOrderInput, decideInput } from "@/lib/orders/schemas";
import { createSession, endSessions } from "@/lib/sessions/mutations";
import { resetDemoData } from "../support/db";
import { contextFor } from "../support/principals";

let db: Db;
beforeEach(async () => {
  db = await resetDemoData();
});

const user = (email: string) => demoId(`user:${email}`);
const AM = "am@csp.example";
const ORDERER = "orderer@acme.example";
const client = { address: "203.0.113.9", userAgent: "vitest" };
const REASON = "Ticket 4821: cannot find the fibre upgrade";

/** A signed-in session of the account manager, and its context, as a request would have them. */
async function signedIn(email = AM, now = new Date()) {
  const session = await createSession(db, { id: user(email), enterpriseId: null }, client, now);
  return { session: { id: session.id, userId: session.userId }, ctx: await contextFor(db, email) };
}

/** The request of the browser holding `sessionId`: its principal and ability, as the portal builds them. */
async function request(sessionId: string, now = new Date()) {
  const found = await loadSessionPrincipal(db, sessionId, now);
  if (!found) return null;
  return { ...found, ctx: { principal: found.principal, ability: defineAbilityFor(found.principal, now), requestId: "test" } };
}

async function impersonating(email = ORDERER, minutes = 30, now = new Date()) {
  const { session, ctx } = await signedIn(AM, now);
  const switched = await startImpersonation(db, ctx, session, { userId: user(email), reason: REASON, minutes }, client, now);
  return { old: session, switched, now };
}

async function orderInput() {
  const [active] = await db.select({ id: contracts.id }).from(contracts).where(and(eq(contracts.enterpriseId, demoId("node:acme")), eq(contracts.status, "active")));
  return createOrderInput.parse({
    contractId: active!.id,
    purchaseOrderNumber: "PO-SUPPORT",
    lines: [{ offeringId: demoId("offering:FIBRE-1G"), siteId: demoId("site:london"), subAccountId: demoId("node:london"), quantity: 1 }],
    requestKey: randomUUID(),
  });
}

describe("starting an impersonation", () => {
  it("opens a new session of the account manager showing the person's view; the old session ends and the person's own are untouched", async () => {
    const own = await createSession(db, { id: user(ORDERER), enterpriseId: demoId("node:acme") }, client);
    const { old, switched } = await impersonating();
    expect(switched.sessionId).not.toBe(old.id);
    const [oldRow] = await db.select().from(userSessions).where(eq(userSessions.id, old.id));
    expect(oldRow).toMatchObject({ endReason: "replaced" });
    expect(await loadSessionPrincipal(db, old.id)).toBeNull();

    const r = (await request(switched.sessionId))!;
    expect(r.principal).toMatchObject({ userId: user(ORDERER), email: ORDERER, impersonation: { byUserId: user(AM), byName: "Alex Morgan", writeAccess: false, reason: REASON } });
    expect(r.session.userId).toBe(user(AM));
    // The person's own session still works, as the person.
    expect((await request(own.id))!.principal).toMatchObject({ userId: user(ORDERER), impersonation: null });

    const [start] = await db.select().from(auditEvents).where(eq(auditEvents.action, "impersonation.start"));
    expect(start).toMatchObject({ actorId: user(AM), onBehalfOfId: user(ORDERER), enterpriseId: demoId("node:acme"), outcome: "success" });
    expect(start!.summary).toContain(REASON);
  });

  it("keeps the account manager's absolute lifetime: switching views never extends a session", async () => {
    const { old, switched } = await impersonating();
    const [oldRow] = await db.select().from(userSessions).where(eq(userSessions.id, old.id));
    expect(switched.expiresAt).toEqual(oldRow!.expiresAt);
  });

  it.each([
    ["a user of an enterprise not assigned to it", "admin@globex.example", NotFoundError],
    ["CSP staff", "csp.admin@csp.example", NotFoundError],
  ])("refuses %s, and writes nothing", async (_what, email, error) => {
    const { session, ctx } = await signedIn();
    await expect(startImpersonation(db, ctx, session, { userId: user(email), reason: REASON, minutes: 30 }, client)).rejects.toBeInstanceOf(error);
    expect((await db.select({ n: count() }).from(impersonationSessions))[0]!.n).toBe(0);
    expect((await request(session.id))!.principal.userId).toBe(user(AM));
  });

  it("refuses an unknown person, and a customer user trying it", async () => {
    const { session, ctx } = await signedIn();
    await expect(startImpersonation(db, ctx, session, { userId: randomUUID(), reason: REASON, minutes: 30 }, client)).rejects.toBeInstanceOf(NotFoundError);
    const admin = await signedIn("admin@acme.example");
    await expect(startImpersonation(db, admin.ctx, admin.session, { userId: user(ORDERER), reason: REASON, minutes: 30 }, client)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("never from inside an impersonation", async () => {
    const { switched } = await impersonating("admin@acme.example");
    const r = (await request(switched.sessionId))!;
    await expect(startImpersonation(db, r.ctx, { id: switched.sessionId, userId: user(AM) }, { userId: user(ORDERER), reason: REASON, minutes: 30 }, client)).rejects.toBeInstanceOf(ForbiddenError);
    expect((await db.select({ n: count() }).from(impersonationSessions))[0]!.n).toBe(1);
  });

  it("a replayed start on the replaced session changes nothing", async () => {
    const { session, ctx } = await signedIn();
    await startImpersonation(db, ctx, session, { userId: user(ORDERER), reason: REASON, minutes: 30 }, client);
    await expect(startImpersonation(db, ctx, session, { userId: user(ORDERER), reason: REASON, minutes: 30 }, client)).rejects.toBeInstanceOf(ForbiddenError);
    expect((await db.select({ n: count() }).from(impersonationSessions))[0]!.n).toBe(1);
  });
});

describe("while impersonating", () => {
  it("is read-only by default: placing an order is refused and nothing is written", async () => {
    const { switched } = await impersonating();
    const r = (await request(switched.sessionId))!;
    const before = (await db.select({ n: count() }).from(orders))[0]!.n;
    await expect(createOrder(db, r.ctx, await orderInput())).rejects.toBeInstanceOf(ForbiddenError);
    expect((await db.select({ n: count() }).from(orders))[0]!.n).toBe(before);
  });

  it("acts when the enterprise admin allows write access, recorded under both names", async () => {
    const { switched } = await impersonating();
    await changeSupportAccess(db, await contextFor(db, "admin@acme.example"), { change: "write", hours: 1 });
    const r = (await request(switched.sessionId))!;
    expect(r.principal.impersonation?.writeAccess).toBe(true);
    const { id } = await createOrder(db, r.ctx, await orderInput());
    const [row] = await db.select().from(orders).where(eq(orders.id, id));
    // The order is the person's (they can go on with it); the audit names both.
    expect(row!.createdById).toBe(user(ORDERER));
    const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, id), eq(auditEvents.subjectType, "Order")));
    expect(event).toMatchObject({ actorId: user(AM), onBehalfOfId: user(ORDERER) });
  });

  it("write access ends at its expiry, at the next request", async () => {
    const { switched, now } = await impersonating(ORDERER, 60);
    const minutes = (m: number) => new Date(now.getTime() + m * 60_000);
    // Allowed for an hour, fifty minutes ago: ten minutes are left.
    await changeSupportAccess(db, await contextFor(db, "admin@acme.example"), { change: "write", hours: 1 }, minutes(-50));
    expect((await request(switched.sessionId, minutes(5)))!.principal.impersonation?.writeAccess).toBe(true);
    expect((await request(switched.sessionId, minutes(11)))!.principal.impersonation?.writeAccess).toBe(false);
    // …and the admin can switch it off before then.
    await changeSupportAccess(db, await contextFor(db, "admin@acme.example"), { change: "write", hours: 1 }, minutes(11));
    expect((await request(switched.sessionId, minutes(12)))!.principal.impersonation?.writeAccess).toBe(true);
    await changeSupportAccess(db, await contextFor(db, "admin@acme.example"), { change: "write", hours: 0 }, minutes(12));
    expect((await request(switched.sessionId, minutes(13)))!.principal.impersonation?.writeAccess).toBe(false);
  });

  it("never approves, even with write access", async () => {
    await changeSupportAccess(db, await contextFor(db, "admin@acme.example"), { change: "write", hours: 4 });
    const [pending] = await db.select().from(orders).where(eq(orders.status, "pending_approval"));
    const { switched } = await impersonating("cfo@acme.example");
    const r = (await request(switched.sessionId))!;
    expect(r.principal.impersonation?.writeAccess).toBe(true);
    await expect(decideOrder(db, r.ctx, decideInput.parse({ orderId: pending!.id, level: 1, decision: "approved" }))).rejects.toBeInstanceOf(ForbiddenError);
    const [after] = await db.select().from(orders).where(eq(orders.id, pending!.id));
    expect(after!.status).toBe("pending_approval");
  });
});

describe("ending", () => {
  it("by the account manager: back in their own view in a new session; the person is told", async () => {
    const { switched } = await impersonating();
    const r = (await request(switched.sessionId))!;
    const back = await stopImpersonation(db, r.ctx, { id: switched.sessionId, userId: user(AM) }, client);
    expect((await request(back.sessionId))!.principal).toMatchObject({ userId: user(AM), impersonation: null });
    expect(await loadSessionPrincipal(db, switched.sessionId)).toBeNull();
    const [row] = await db.select().from(impersonationSessions);
    expect(row).toMatchObject({ endReason: "ended" });
    const [end] = await db.select().from(auditEvents).where(eq(auditEvents.action, "impersonation.end"));
    expect(end).toMatchObject({ actorId: user(AM), onBehalfOfId: user(ORDERER) });
    const told = await db.select().from(notifications).where(eq(notifications.userId, user(ORDERER)));
    expect(told.map((n) => n.kind)).toContain("support_session");
    // Replayed: the old session is over, nothing more happens.
    await expect(stopImpersonation(db, r.ctx, { id: switched.sessionId, userId: user(AM) }, client)).rejects.toBeInstanceOf(ForbiddenError);
    expect((await db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.action, "impersonation.end")))[0]!.n).toBe(1);
  });

  it("by itself at the time limit: the next request is the account manager's own view", async () => {
    const { switched, now } = await impersonating(ORDERER, 15);
    const later = new Date(now.getTime() + 16 * 60_000);
    const r = (await request(switched.sessionId, later))!;
    expect(r.principal).toMatchObject({ userId: user(AM), impersonation: null });
    const [row] = await db.select().from(impersonationSessions);
    // Ended at its limit, not at the request that found it over.
    expect(row).toMatchObject({ endReason: "expired" });
    expect(row!.endedAt).toEqual(row!.expiresAt);
    expect((await db.select({ n: count() }).from(notifications).where(and(eq(notifications.userId, user(ORDERER)), eq(notifications.kind, "support_session"))))[0]!.n).toBe(1);
  });

  it("when the enterprise switches support access off: ended at once, and no new one can start", async () => {
    const { switched } = await impersonating();
    await changeSupportAccess(db, await contextFor(db, "admin@acme.example"), { change: "support", enabled: false });
    expect((await db.select().from(impersonationSessions))[0]).toMatchObject({ endReason: "access_withdrawn" });
    expect((await request(switched.sessionId))!.principal.userId).toBe(user(AM));
    const { session, ctx } = await signedIn();
    await expect(startImpersonation(db, ctx, session, { userId: user(ORDERER), reason: REASON, minutes: 30 }, client)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(changeSupportAccess(db, await contextFor(db, "admin@acme.example"), { change: "write", hours: 1 })).rejects.toBeInstanceOf(ConflictError);
  });

  it("when the account manager loses the enterprise", async () => {
    const { switched } = await impersonating();
    await db.delete(roleAssignments).where(and(eq(roleAssignments.userId, user(AM)), eq(roleAssignments.role, "account_manager")));
    expect((await request(switched.sessionId))!.principal.userId).toBe(user(AM));
    expect((await db.select().from(impersonationSessions))[0]).toMatchObject({ endReason: "access_withdrawn" });
  });

  it("found over by a later start, it is recorded as having run out at its limit", async () => {
    const { now } = await impersonating(ORDERER, 15);
    const days = new Date(now.getTime() + 3 * 86_400_000);
    const { session, ctx } = await signedIn(AM, days);
    await startImpersonation(db, ctx, session, { userId: user("cfo@acme.example"), reason: REASON, minutes: 30 }, client, days);
    const [first] = await db.select().from(impersonationSessions).where(eq(impersonationSessions.targetUserId, user(ORDERER)));
    expect(first).toMatchObject({ endReason: "expired" });
    expect(first!.endedAt).toEqual(first!.expiresAt);
  });

  it("signing out in a support session is the account manager's own act, not one on the person's behalf", async () => {
    const { switched } = await impersonating();
    await db.transaction((tx) => endSessions(tx, user(AM), "sign_out", { principal: null, actorId: user(AM), requestId: null }, { only: switched.sessionId }));
    const [event] = await db.select().from(auditEvents).where(eq(auditEvents.action, "auth.sign_out"));
    expect(event).toMatchObject({ actorId: user(AM), onBehalfOfId: null });
  });

  it("with the account manager's session (signing out ends both)", async () => {
    const { switched } = await impersonating();
    await db.transaction((tx) => endSessions(tx, user(AM), "sign_out", { principal: null, requestId: null }, { only: switched.sessionId }));
    const open = await db.select().from(impersonationSessions).where(isNull(impersonationSessions.endedAt));
    expect(open).toHaveLength(0);
    expect((await db.select().from(impersonationSessions))[0]).toMatchObject({ endReason: "session_ended" });
  });
});

describe("support access switches", () => {
  it("only an admin of the whole enterprise changes them; each change is audited", async () => {
    // An admin of a subtree does not see the enterprise's switches at all.
    await expect(changeSupportAccess(db, await contextFor(db, "uk.admin@acme.example"), { change: "write", hours: 1 })).rejects.toBeInstanceOf(NotFoundError);
    await expect(changeSupportAccess(db, await contextFor(db, "orderer@acme.example"), { change: "write", hours: 1 })).rejects.toBeInstanceOf(NotFoundError);
    await expect(changeSupportAccess(db, await contextFor(db, AM), { change: "write", hours: 1 })).rejects.toBeInstanceOf(NotFoundError);
    const result = await changeSupportAccess(db, await contextFor(db, "admin@acme.example"), { change: "write", hours: 4 });
    expect(result.writeUntil!.getTime()).toBeGreaterThan(Date.now() + 3.9 * 3_600_000);
    const [event] = await db.select().from(auditEvents).where(eq(auditEvents.action, "support_access.update"));
    expect(event).toMatchObject({ actorId: user("admin@acme.example"), enterpriseId: demoId("node:acme"), onBehalfOfId: null });
  });

  it("an impersonating account manager cannot change them, even with write access", async () => {
    await changeSupportAccess(db, await contextFor(db, "admin@acme.example"), { change: "write", hours: 4 });
    const { switched } = await impersonating("admin@acme.example");
    const r = (await request(switched.sessionId))!;
    await expect(changeSupportAccess(db, r.ctx, { change: "support", enabled: true })).rejects.toBeInstanceOf(ForbiddenError);
  });
});
