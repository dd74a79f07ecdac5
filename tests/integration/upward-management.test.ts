import { count, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { auditEvents, invitations, outboxMessages, roleAssignments, userSessions, users } from "@/db/schema";
import { demoId } from "@/lib/demo/ids";
import { verifyCredentials } from "@/lib/auth/credentials";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { inviteUser, resendInvitation, revokeInvitation } from "@/lib/invitations/invite";
import { acceptInvitation, findOpenInvitation, InvitationNotValidError } from "@/lib/invitations/accept";
import { inviteInput } from "@/lib/invitations/schemas";
import { outboxList } from "@/lib/mail/list";
import { getOutboxMessage } from "@/lib/mail/queries";
import { endUserSessions } from "@/lib/sessions/mutations";
import { checkGrant, grantRole, insertGrant, revokeRole } from "@/lib/users/mutations";
import { deactivateUser } from "@/lib/users/mutations";
import { resetDemoData } from "../support/db";
import { contextFor } from "../support/principals";

/**
 * DESIGN.md rule 3, "no upward management", through the two escalations a review found:
 * 1. an admin of Acme UK reading (and resending) the outbox invitation of someone whose unit is in
 *    Acme UK but who is being made enterprise admin of all of Acme — the link would set that
 *    person's password and hand the subtree admin a root admin account;
 * 2. an admin of Acme UK revoking a London role held by the CFO, whose unit is Acme Corp.
 */
vi.mock("@/lib/mail/origin", () => ({ appOrigin: async () => "http://portal.test", originOf: () => "http://portal.test" }));

const node = (key: string) => demoId(`node:${key}`);
const user = (email: string) => demoId(`user:${email}`);

let db: Db;
beforeEach(async () => {
  db = await resetDemoData();
});

async function counts() {
  const n = async (t: typeof users | typeof roleAssignments | typeof invitations | typeof outboxMessages | typeof userSessions) => (await db.select({ n: count() }).from(t))[0]!.n;
  return { users: await n(users), assignments: await n(roleAssignments), invitations: await n(invitations), outbox: await n(outboxMessages), sessions: await n(userSessions) };
}

describe("an invitation that makes a London HQ person enterprise admin of Acme Corp", () => {
  async function inviteRootAdmin() {
    const root = await contextFor(db, "admin@acme.example");
    const input = inviteInput.parse({
      email: "rhea.root@acme.example",
      name: "Rhea Root",
      unitNodeId: node("london"),
      assignments: [{ role: "enterprise_admin", scopeNodeId: node("acme") }],
    });
    const result = await inviteUser(db, root, input, "http://portal.test");
    const [mail] = await db.select().from(outboxMessages).where(eq(outboxMessages.to, "rhea.root@acme.example"));
    return { userId: result.userId, mailId: mail!.id };
  }

  it("is not in uk.admin's outbox, and opening it by id is not found", async () => {
    const { mailId } = await inviteRootAdmin();
    const uk = await contextFor(db, "uk.admin@acme.example");
    const listed = [];
    for (let page = 1; ; page++) {
      const result = await outboxList.page(db, uk, outboxList.parse({ page: String(page) }));
      listed.push(...result.rows);
      if (page >= result.pages) break;
    }
    expect(JSON.stringify(listed)).not.toContain("rhea.root@acme.example");
    await expect(getOutboxMessage(db, uk.ability, mailId)).rejects.toBeInstanceOf(NotFoundError);
    // The admin who may manage her reads it.
    const root = await contextFor(db, "admin@acme.example");
    await expect(getOutboxMessage(db, root.ability, mailId)).resolves.toBeTruthy();
  });

  it("cannot be resent, revoked, deactivated, re-granted or signed out by uk.admin; nothing changes", async () => {
    const { userId } = await inviteRootAdmin();
    const uk = await contextFor(db, "uk.admin@acme.example");
    const before = await counts();
    const refused = [NotFoundError, ForbiddenError];
    for (const attempt of [
      () => resendInvitation(db, uk, userId, "http://portal.test"),
      () => revokeInvitation(db, uk, userId),
      () => deactivateUser(db, uk, userId),
      () => grantRole(db, uk, { userId, role: "orderer", scopeNodeId: node("london") }),
      () => endUserSessions(db, uk, userId),
    ]) {
      const error = await attempt().then(
        () => null,
        (e: unknown) => e,
      );
      expect(refused.some((E) => error instanceof E), String(error)).toBe(true);
    }
    expect(await counts()).toEqual(before);
  });

  it("re-inviting her address tells uk.admin only that it cannot be invited, and sends nothing", async () => {
    await inviteRootAdmin();
    const uk = await contextFor(db, "uk.admin@acme.example");
    const before = await counts();
    const input = inviteInput.parse({ email: "rhea.root@acme.example", name: "Rhea", unitNodeId: node("london"), assignments: [{ role: "orderer", scopeNodeId: node("london") }] });
    await expect(inviteUser(db, uk, input, "http://portal.test")).rejects.toThrow("rhea.root@acme.example cannot be invited.");
    expect(await counts()).toEqual(before);
  });
});

describe("an invitation link sent while uk.admin could manage the person", () => {
  it("stops working when admin@acme later grants them a role above uk.admin's scope", async () => {
    const uk = await contextFor(db, "uk.admin@acme.example");
    const input = inviteInput.parse({ email: "pat.later@acme.example", name: "Pat Later", unitNodeId: node("london"), assignments: [{ role: "orderer", scopeNodeId: node("london") }] });
    const invited = await inviteUser(db, uk, input, "http://portal.test");
    const token = invited.link.split("/invitations/")[1]!;
    expect(await findOpenInvitation(db, token)).not.toBeNull();
    const root = await contextFor(db, "admin@acme.example", "req-upgrade");
    await grantRole(db, root, { userId: invited.userId, role: "enterprise_admin", scopeNodeId: node("acme") });
    expect(await findOpenInvitation(db, token)).toBeNull();
    await expect(acceptInvitation(db, { token, password: "a long enough passphrase" }, null)).rejects.toBeInstanceOf(InvitationNotValidError);
    // uk.admin can no longer send a fresh one; admin@acme can.
    await expect(resendInvitation(db, uk, invited.userId, "http://portal.test")).rejects.toBeInstanceOf(ForbiddenError);
    await expect(resendInvitation(db, root, invited.userId, "http://portal.test")).resolves.toMatchObject({ userId: invited.userId });
  });
});

describe("a London role held by the CFO (unit Acme Corp)", () => {
  it("cannot be revoked by uk.admin, though the assignment lies in its scope", async () => {
    const root = await contextFor(db, "admin@acme.example");
    const granted = await grantRole(db, root, { userId: user("cfo@acme.example"), role: "orderer", scopeNodeId: node("london") });
    const uk = await contextFor(db, "uk.admin@acme.example");
    const before = await counts();
    await expect(revokeRole(db, uk, granted.id)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await counts()).toEqual(before);
    // admin@acme, whose scope holds all of the CFO's roles, may.
    await expect(revokeRole(db, root, granted.id)).resolves.toMatchObject({ id: granted.id });
  });

  it("nor can uk.admin revoke the London role of a London person who also holds a role on Acme Corp", async () => {
    const root = await contextFor(db, "admin@acme.example");
    const orderer = user("orderer@acme.example");
    await grantRole(db, root, { userId: orderer, role: "billing_viewer", scopeNodeId: node("acme") });
    const [london] = await db.select().from(roleAssignments).where(eq(roleAssignments.userId, orderer));
    const uk = await contextFor(db, "uk.admin@acme.example");
    await expect(revokeRole(db, uk, london!.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(deactivateUser(db, uk, orderer)).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("ending another person's sessions", () => {
  it("uk.admin ends a UK person's sessions; they end at the next request and the event names both", async () => {
    const signedIn = await verifyCredentials({ email: "approver@acme.example", password: "trellis-demo" });
    expect(signedIn.ok).toBe(true);
    const uk = await contextFor(db, "uk.admin@acme.example", "req-end");
    expect(await endUserSessions(db, uk, user("approver@acme.example"))).toBe(1);
    const [row] = await db.select().from(userSessions).where(eq(userSessions.userId, user("approver@acme.example")));
    expect(row).toMatchObject({ endReason: "ended_by_admin" });
    expect(row!.endedAt).toBeInstanceOf(Date);
    const [event] = await db.select().from(auditEvents).where(eq(auditEvents.requestId, "req-end"));
    expect(event).toMatchObject({ action: "session.end", actorId: user("uk.admin@acme.example"), subjectType: "Session" });
  });
});

describe("authorization checked again under the lock (PostgreSQL: real concurrency)", () => {
  it.skipIf(!process.env.DATABASE_URL)("a deactivation that passed its first check is refused once a root role granted meanwhile commits", async () => {
    const root = await contextFor(db, "admin@acme.example");
    const uk = await contextFor(db, "uk.admin@acme.example");
    const approver = user("approver@acme.example");
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const holding = new Promise<void>((resolve) => (locked = resolve));
    // admin@acme grants the approver a role on Acme Corp, and holds its transaction open.
    const granting = db.transaction(async (tx) => {
      await insertGrant(tx, root, await checkGrant(tx, root, { userId: approver, role: "billing_viewer", scopeNodeId: node("acme") }));
      locked();
      await gate;
    });
    await holding;
    // uk.admin's deactivation passes the check before its transaction (the grant is not committed)…
    const deactivating = deactivateUser(db, uk, approver).then(
      () => "deactivated",
      (e: unknown) => e,
    );
    await new Promise((r) => setTimeout(r, 200));
    release();
    await granting;
    // …and is refused by the check under the lock, which sees the committed grant.
    expect(await deactivating).toBeInstanceOf(ForbiddenError);
    const [row] = await db.select({ status: users.status }).from(users).where(eq(users.id, approver));
    expect(row!.status).toBe("active");
  });
});
