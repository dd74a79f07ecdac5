import bcrypt from "bcryptjs";
import { and, count, desc, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { auditEvents, invitations, outboxMessages, roleAssignments, users } from "@/db/schema";
import { demoId } from "@/lib/demo/ids";
import { listReadableNodes } from "@/lib/accounts/queries";
import { loadPrincipal } from "@/lib/auth/load-principal";
import { defineAbilityFor } from "@/lib/authz/ability";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/errors";
import { acceptInvitation, findOpenInvitation, InvitationNotValidError } from "@/lib/invitations/accept";
import { inviteUser, latestInvitation, resendInvitation, revokeInvitation } from "@/lib/invitations/invite";
import { openInvitationForUser } from "@/lib/invitations/queries";
import { inviteInput, type InviteInput } from "@/lib/invitations/schemas";
import { hashInvitationToken } from "@/lib/invitations/tokens";
import { outboxList } from "@/lib/mail/list";
import { getOutboxMessage } from "@/lib/mail/queries";
import { findInvitationLink } from "@/lib/mail/templates";
import { resetDemoData } from "../support/db";
import { contextFor } from "../support/principals";

// The action wrapper asks next-auth for the request's principal; here the test says who is asking.
const session = vi.hoisted(() => ({ ctx: null as null | { principal: unknown; ability: unknown } }));
vi.mock("@/lib/auth/principal", () => ({ currentContext: async () => session.ctx }));
vi.mock("@/lib/mail/origin", () => ({ appOrigin: async () => "http://portal.test", originOf: () => "http://portal.test" }));
const signIn = vi.hoisted(() => vi.fn(async () => undefined));
vi.mock("@/lib/auth", () => ({ signIn }));
vi.mock("next-auth", () => ({ AuthError: class AuthError extends Error {} }));

const node = (key: string) => demoId(`node:${key}`);
const ORIGIN = "http://portal.test";
const PASSWORD = "a long enough passphrase";

let db: Db;
beforeEach(async () => {
  session.ctx = null;
  signIn.mockClear();
  db = await resetDemoData();
});

async function counts() {
  const n = async (table: typeof users | typeof roleAssignments | typeof invitations | typeof outboxMessages | typeof auditEvents) => (await db.select({ n: count() }).from(table))[0]!.n;
  return { users: await n(users), assignments: await n(roleAssignments), invitations: await n(invitations), outbox: await n(outboxMessages), audit: await n(auditEvents) };
}

function input(extra: Partial<Record<string, unknown>> = {}): InviteInput {
  return inviteInput.parse({
    email: "Nia.Newcomer@Acme.Example",
    name: "Nia Newcomer",
    unitNodeId: node("manchester"),
    assignments: [{ role: "orderer", scopeNodeId: node("manchester"), spendLimit: "5000", limitCurrency: "GBP" }],
    ...extra,
  });
}

const tokenOf = (link: string) => link.split("/invitations/")[1]!;

describe("inviting", () => {
  it("creates the user, assignments, invitation, outbox mail and audit events together", async () => {
    const ctx = await contextFor(db, "uk.admin@acme.example", "req-invite-1");
    const before = Date.now();
    const result = await inviteUser(db, ctx, input(), ORIGIN);

    const [user] = await db.select().from(users).where(eq(users.id, result.userId));
    expect(user).toMatchObject({ email: "nia.newcomer@acme.example", name: "Nia Newcomer", status: "invited", passwordHash: null, unitNodeId: node("manchester"), enterpriseId: node("acme") });

    const assignments = await db.select().from(roleAssignments).where(eq(roleAssignments.userId, result.userId));
    expect(assignments).toEqual([expect.objectContaining({ role: "orderer", scopeNodeId: node("manchester"), spendLimitMinor: 500_000, limitCurrency: "GBP", grantedById: ctx.principal.userId })]);

    const [invitation] = await db.select().from(invitations).where(eq(invitations.userId, result.userId));
    const token = tokenOf(result.link);
    expect(result.link).toBe(`${ORIGIN}/invitations/${token}`);
    expect(invitation!.tokenHash).toBe(hashInvitationToken(token));
    expect(JSON.stringify(invitation)).not.toContain(token);
    const ttl = invitation!.expiresAt.getTime() - before;
    expect(ttl).toBeGreaterThanOrEqual(72 * 3600_000 - 1000);
    expect(ttl).toBeLessThanOrEqual(72 * 3600_000 + 5000);

    const mails = await db.select().from(outboxMessages);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ to: "nia.newcomer@acme.example", enterpriseId: node("acme"), subject: "Uma Kent invited you to Acme Corp on Trellis" });
    expect(findInvitationLink(mails[0]!.text)).toBe(result.link);
    expect(mails[0]!.html).toContain(`href="${result.link}"`);

    const events = await db.select().from(auditEvents).where(eq(auditEvents.requestId, "req-invite-1")).orderBy(auditEvents.id);
    expect(events.map((e) => [e.action, e.actorId, e.nodeId])).toEqual([
      ["user.invite", ctx.principal.userId, node("manchester")],
      ["role.grant", ctx.principal.userId, node("manchester")],
    ]);
  });

  it("refuses uk.admin an assignment on Acme Germany and writes nothing: no user, no mail", async () => {
    const ctx = await contextFor(db, "uk.admin@acme.example");
    const before = await counts();
    const forged = input({ assignments: [{ role: "orderer", scopeNodeId: node("manchester") }, { role: "billing_viewer", scopeNodeId: node("acme-de") }] });
    await expect(inviteUser(db, ctx, forged, ORIGIN)).rejects.toBeInstanceOf(NotFoundError);
    expect(await counts()).toEqual(before);
    expect(await db.select().from(users).where(eq(users.email, "nia.newcomer@acme.example"))).toEqual([]);
  });

  it("refuses a unit outside the scope (404), a CSP role (403), and records the refusal through the action", async () => {
    const ctx = await contextFor(db, "uk.admin@acme.example");
    const before = await counts();
    await expect(inviteUser(db, ctx, input({ unitNodeId: node("berlin") }), ORIGIN)).rejects.toBeInstanceOf(NotFoundError);
    await expect(inviteUser(db, ctx, input({ assignments: [{ role: "account_manager", scopeNodeId: node("manchester") }] }), ORIGIN)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await counts()).toEqual(before);

    session.ctx = ctx;
    const { inviteUserAction } = await import("@/lib/invitations/actions");
    const result = await inviteUserAction({ email: "x@acme.example", name: "X", unitNodeId: node("manchester"), assignments: [{ role: "orderer", scopeNodeId: node("munich") }] });
    expect(result).toMatchObject({ ok: false, status: 404 });
    const after = await counts();
    expect({ ...after, audit: after.audit - 1 }).toEqual(before);
    const [denied] = await db.select().from(auditEvents).orderBy(desc(auditEvents.id)).limit(1);
    expect(denied).toMatchObject({ action: "user.invite", outcome: "denied", actorId: ctx.principal.userId });
  });

  it("refuses an e-mail that exists, whatever its case; re-inviting someone still invited is a resend", async () => {
    const ctx = await contextFor(db, "uk.admin@acme.example");
    await expect(inviteUser(db, ctx, input({ email: "Orderer@ACME.example" }), ORIGIN)).rejects.toThrow(new ConflictError("A user with the email orderer@acme.example already exists."));
    // Someone in another enterprise: the same answer, nothing more.
    await expect(inviteUser(db, ctx, input({ email: "admin@globex.example" }), ORIGIN)).rejects.toBeInstanceOf(ConflictError);

    const first = await inviteUser(db, ctx, input(), ORIGIN);
    const again = await inviteUser(db, ctx, input({ assignments: [] }), ORIGIN);
    expect(again).toMatchObject({ userId: first.userId, resent: true });
    expect(again.link).not.toBe(first.link);
    expect(await db.select().from(outboxMessages)).toHaveLength(2);
  });

  it("through the action: the result carries the user id, never the token", async () => {
    session.ctx = await contextFor(db, "uk.admin@acme.example");
    const { inviteUserAction } = await import("@/lib/invitations/actions");
    const result = await inviteUserAction({ email: "via.action@acme.example", name: "Via Action", unitNodeId: node("manchester"), assignments: [{ role: "orderer", scopeNodeId: node("manchester") }] });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const invitation = await latestInvitation(db, result.data.userId);
    expect(invitation).not.toBeNull();
    expect(JSON.stringify(result)).not.toMatch(/invitations\//);
    expect(result.data).toEqual({ userId: invitation!.userId, resent: false, mode: "outbox", mailFailed: false });
  });
});

describe("accepting", () => {
  it("sets the password once, activates the user, and the invitee then sees Manchester Branch and nothing else", async () => {
    const ctx = await contextFor(db, "uk.admin@acme.example");
    const { userId, link } = await inviteUser(db, ctx, input(), ORIGIN);
    const token = tokenOf(link);
    expect(await findOpenInvitation(db, token)).toMatchObject({ name: "Nia Newcomer", email: "nia.newcomer@acme.example", organisation: "Acme Corp" });

    await expect(acceptInvitation(db, { token, password: PASSWORD }, "req-accept")).resolves.toEqual({ userId, email: "nia.newcomer@acme.example" });
    const [user] = await db.select().from(users).where(eq(users.id, userId));
    expect(user!.status).toBe("active");
    expect(await bcrypt.compare(PASSWORD, user!.passwordHash!)).toBe(true);
    expect(user!.passwordHash!.startsWith("$2b$10$")).toBe(true);
    expect((await latestInvitation(db, userId))!.acceptedAt).not.toBeNull();
    const [event] = await db.select().from(auditEvents).where(eq(auditEvents.requestId, "req-accept"));
    expect(event).toMatchObject({ action: "invitation.accept", actorId: userId, subjectId: userId, before: { status: "invited" } });

    // Single use: the same link is refused and the password is not changed.
    await expect(acceptInvitation(db, { token, password: "another long passphrase" }, null)).rejects.toBeInstanceOf(InvitationNotValidError);
    expect(await findOpenInvitation(db, token)).toBeNull();
    const [still] = await db.select().from(users).where(eq(users.id, userId));
    expect(still!.passwordHash).toBe(user!.passwordHash);

    const principal = await loadPrincipal(db, userId);
    const nodes = await listReadableNodes(db, defineAbilityFor(principal!));
    expect(nodes.map((n) => n.name)).toEqual(["Manchester Branch"]);
  });

  it("through the action: sets the password and signs in to /dashboard; a used link answers 'no longer valid'", async () => {
    const { link } = await inviteUser(db, await contextFor(db, "uk.admin@acme.example"), input(), ORIGIN);
    const { acceptInvitationAction } = await import("@/lib/invitations/actions");
    const form = (password: string, confirm = password) => {
      const f = new FormData();
      f.set("token", tokenOf(link));
      f.set("password", password);
      f.set("confirm", confirm);
      return f;
    };
    expect(await acceptInvitationAction({}, form("too short"))).toEqual({ fieldErrors: { password: ["Use at least 12 characters"] } });
    expect(await acceptInvitationAction({}, form(PASSWORD, "something else entirely"))).toEqual({ fieldErrors: { confirm: ["The two passwords do not match"] } });
    expect(signIn).not.toHaveBeenCalled();
    expect(await acceptInvitationAction({}, form(PASSWORD))).toEqual({ accepted: true });
    expect(signIn).toHaveBeenCalledWith("credentials", { email: "nia.newcomer@acme.example", password: PASSWORD, redirectTo: "/dashboard" });
    expect(await acceptInvitationAction({}, form(PASSWORD))).toEqual({ invalid: true });
  });

  it("refuses an expired link, and unknown or malformed tokens, all the same way", async () => {
    const { userId, link, expiresAt } = await inviteUser(db, await contextFor(db, "uk.admin@acme.example"), input(), ORIGIN);
    const token = tokenOf(link);
    const later = new Date(expiresAt.getTime() + 1000);
    expect(await findOpenInvitation(db, token, later)).toBeNull();
    await expect(acceptInvitation(db, { token, password: PASSWORD }, null, later)).rejects.toBeInstanceOf(InvitationNotValidError);
    expect((await db.select().from(users).where(eq(users.id, userId)))[0]!.status).toBe("invited");
    for (const bad of ["A".repeat(43), "short", `${token}x`]) {
      expect(await findOpenInvitation(db, bad)).toBeNull();
      await expect(acceptInvitation(db, { token: bad, password: PASSWORD }, null)).rejects.toBeInstanceOf(InvitationNotValidError);
    }
  });
});

describe("resending and revoking", () => {
  it("resend: a new token and expiry and a new mail; the old link stops working", async () => {
    const ctx = await contextFor(db, "uk.admin@acme.example", "req-resend");
    const first = await inviteUser(db, ctx, input(), ORIGIN, new Date(Date.now() - 3600_000));
    const second = await resendInvitation(db, ctx, first.userId, ORIGIN);
    expect(second.link).not.toBe(first.link);
    expect(second.expiresAt.getTime()).toBeGreaterThan(first.expiresAt.getTime());
    expect(await findOpenInvitation(db, tokenOf(first.link))).toBeNull();
    await expect(acceptInvitation(db, { token: tokenOf(first.link), password: PASSWORD }, null)).rejects.toBeInstanceOf(InvitationNotValidError);
    const mails = await db.select().from(outboxMessages).orderBy(outboxMessages.createdAt);
    expect(mails.map((m) => findInvitationLink(m.text))).toEqual([first.link, second.link]);
    expect(await db.select({ a: auditEvents.action }).from(auditEvents).where(eq(auditEvents.requestId, "req-resend"))).toContainEqual({ a: "invitation.resend" });
    await expect(acceptInvitation(db, { token: tokenOf(second.link), password: PASSWORD }, null)).resolves.toMatchObject({ userId: first.userId });
    // Accepted: nothing left to resend.
    await expect(resendInvitation(db, ctx, first.userId, ORIGIN)).rejects.toBeInstanceOf(ConflictError);
  });

  it("resend works for an expired invitation", async () => {
    const ctx = await contextFor(db, "uk.admin@acme.example");
    const old = await inviteUser(db, ctx, input(), ORIGIN, new Date(Date.now() - 100 * 3600_000));
    expect(await openInvitationForUser(db, ctx.ability, old.userId)).toMatchObject({ state: "expired", canResend: true });
    const fresh = await resendInvitation(db, ctx, old.userId, ORIGIN);
    expect(await findOpenInvitation(db, tokenOf(fresh.link))).not.toBeNull();
    expect(await openInvitationForUser(db, ctx.ability, old.userId)).toMatchObject({ state: "pending" });
  });

  it("revoke: the link stops working and the invited user is deactivated, with an audit event", async () => {
    const ctx = await contextFor(db, "uk.admin@acme.example", "req-revoke");
    const { userId, link } = await inviteUser(db, ctx, input(), ORIGIN);
    await revokeInvitation(db, ctx, userId);
    const [user] = await db.select().from(users).where(eq(users.id, userId));
    expect(user).toMatchObject({ status: "deactivated" });
    expect(user!.deactivatedAt).not.toBeNull();
    expect((await latestInvitation(db, userId))!.revokedAt).not.toBeNull();
    expect(await findOpenInvitation(db, tokenOf(link))).toBeNull();
    await expect(acceptInvitation(db, { token: tokenOf(link), password: PASSWORD }, null)).rejects.toBeInstanceOf(InvitationNotValidError);
    const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.requestId, "req-revoke"), eq(auditEvents.action, "invitation.revoke")));
    expect(event).toMatchObject({ subjectId: userId, before: { status: "invited" }, after: expect.objectContaining({ status: "deactivated" }) });
    expect(await openInvitationForUser(db, ctx.ability, userId)).toBeNull();
    await expect(revokeInvitation(db, ctx, userId)).rejects.toBeInstanceOf(ConflictError);
  });

  it("outside the scope, an invitation is not found, not even its panel", async () => {
    const { userId } = await inviteUser(db, await contextFor(db, "uk.admin@acme.example"), input(), ORIGIN);
    const globex = await contextFor(db, "admin@globex.example");
    const orderer = await contextFor(db, "orderer@acme.example");
    expect(await openInvitationForUser(db, globex.ability, userId)).toBeNull();
    expect(await openInvitationForUser(db, orderer.ability, userId)).toBeNull();
    await expect(resendInvitation(db, globex, userId, ORIGIN)).rejects.toBeInstanceOf(NotFoundError);
    await expect(revokeInvitation(db, globex, userId)).rejects.toBeInstanceOf(NotFoundError);
    const admin = await contextFor(db, "admin@acme.example");
    expect(await openInvitationForUser(db, admin.ability, userId)).toMatchObject({ state: "pending", canResend: true, canRevoke: true, invitedByName: "Uma Kent" });
  });
});

describe("the outbox", () => {
  it("shows an admin only mail to people in its scope: uk.admin never sees a German invitee's link", async () => {
    const admin = await contextFor(db, "admin@acme.example");
    const uk = await contextFor(db, "uk.admin@acme.example");
    const german = await inviteUser(db, admin, input({ email: "dora@acme.example", name: "Dora", unitNodeId: node("berlin"), assignments: [{ role: "billing_viewer", scopeNodeId: node("acme-de-ba") }] }), ORIGIN);
    const british = await inviteUser(db, uk, input(), ORIGIN);
    const [germanMail] = await db.select().from(outboxMessages).where(eq(outboxMessages.to, "dora@acme.example"));

    const ukList = await outboxList.page(db, uk, outboxList.parse({}));
    expect(ukList.rows.map((r) => r.to)).toEqual(["nia.newcomer@acme.example"]);
    expect(ukList.total).toBe(1);
    await expect(getOutboxMessage(db, uk.ability, germanMail!.id)).rejects.toBeInstanceOf(NotFoundError);

    const adminList = await outboxList.page(db, admin, outboxList.parse({}));
    expect(adminList.rows.map((r) => r.to).sort()).toEqual(["dora@acme.example", "nia.newcomer@acme.example"]);
    expect(findInvitationLink((await getOutboxMessage(db, admin.ability, germanMail!.id)).text)).toBe(german.link);

    const globex = await contextFor(db, "admin@globex.example");
    expect((await outboxList.page(db, globex, outboxList.parse({}))).total).toBe(0);
    expect(british.link).not.toBe(german.link);
    // Newest first; by recipient on request.
    expect(adminList.rows.map((r) => r.to)).toEqual(["nia.newcomer@acme.example", "dora@acme.example"]);
    expect((await outboxList.page(db, admin, outboxList.parse({ sort: "to" }))).rows.map((r) => r.to)).toEqual(["dora@acme.example", "nia.newcomer@acme.example"]);
  });
});
