import { and, count, desc, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { auditEvents, roleAssignments, users } from "@/db/schema";
import { demoId } from "@/lib/demo/ids";
import { loadPrincipal } from "@/lib/auth/load-principal";
import { defineAbilityFor } from "@/lib/authz/ability";
import { asSubject } from "@/lib/authz/subjects";
import { ConflictError, ForbiddenError, InvalidError, NotFoundError } from "@/lib/errors";
import { grantRole, revokeRole } from "@/lib/users/mutations";
import type { GrantInput } from "@/lib/users/schemas";
import { getUserDetail } from "@/lib/users/queries";
import { deactivateUser, reactivateUser } from "@/lib/users/mutations";
import { resetDemoData } from "../support/db";
import { contextFor } from "../support/principals";

// The action wrapper asks next-auth for the request's principal; here the test says who is asking.
const session = vi.hoisted(() => ({ ctx: null as null | { principal: unknown; ability: unknown } }));
vi.mock("@/lib/auth/principal", () => ({ currentContext: async () => session.ctx }));
// Lets a test make the audit write fail, to show the change rolls back with it.
const audit = vi.hoisted(() => ({ fail: false }));
vi.mock("@/lib/audit/record", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/audit/record")>();
  return {
    ...original,
    recordAudit: async (...args: Parameters<typeof original.recordAudit>) => {
      if (audit.fail) throw new Error("audit store unavailable");
      return original.recordAudit(...args);
    },
  };
});

const user = (email: string) => demoId(`user:${email}`);
const node = (key: string) => demoId(`node:${key}`);
const seedAssignment = (email: string, i = 0) => demoId(`assignment:${email}:${i}`);

let db: Db;
beforeEach(async () => {
  audit.fail = false;
  session.ctx = null;
  db = await resetDemoData();
});

async function counts() {
  const [a] = await db.select({ n: count() }).from(roleAssignments);
  const [e] = await db.select({ n: count() }).from(auditEvents);
  return { assignments: a!.n, events: e!.n };
}

const orderer = (userId: string, scopeNodeId: string, extra: Partial<GrantInput> = {}): GrantInput => ({ userId, role: "orderer", scopeNodeId, ...extra });

describe("granting a role", () => {
  it("uk.admin grants orderer on Manchester Branch to a UK user: the row and its audit event, together", async () => {
    const ctx = await contextFor(db, "uk.admin@acme.example", "req-grant-1");
    const created = await grantRole(db, ctx, orderer(user("approver@acme.example"), node("manchester"), { spendLimitMinor: 1_000_000, limitCurrency: "GBP" }));

    const [row] = await db.select().from(roleAssignments).where(eq(roleAssignments.id, created.id));
    expect(row).toMatchObject({
      userId: user("approver@acme.example"),
      role: "orderer",
      scopeNodeId: node("manchester"),
      enterpriseId: node("acme"),
      spendLimitMinor: 1_000_000,
      limitCurrency: "GBP",
      approvalLimitMinor: null,
      grantedById: user("uk.admin@acme.example"),
    });
    const [event] = await db.select().from(auditEvents).where(eq(auditEvents.subjectId, created.id));
    expect(event).toMatchObject({
      action: "role.grant",
      outcome: "success",
      subjectType: "RoleAssignment",
      actorId: user("uk.admin@acme.example"),
      nodeId: node("manchester"),
      enterpriseId: node("acme"),
      requestId: "req-grant-1",
      summary: "Granted Orderer on Manchester Branch",
      before: null,
    });
    expect(event!.after).toMatchObject({ id: created.id, userId: user("approver@acme.example"), role: "orderer", spendLimitMinor: 1_000_000 });

    // The grantee's next request carries the new role.
    const principal = await loadPrincipal(db, user("approver@acme.example"));
    expect(principal!.assignments.map((a) => [a.role, a.scopeNodeId])).toContainEqual(["orderer", node("manchester")]);
  });

  it("writes nothing when the audit event cannot be written (same transaction)", async () => {
    const ctx = await contextFor(db, "uk.admin@acme.example");
    const before = await counts();
    audit.fail = true;
    await expect(grantRole(db, ctx, orderer(user("approver@acme.example"), node("manchester")))).rejects.toThrow("audit store unavailable");
    await expect(revokeRole(db, ctx, seedAssignment("approver@acme.example"))).rejects.toThrow("audit store unavailable");
    await expect(deactivateUser(db, ctx, user("finance@acme.example"))).rejects.toThrow("audit store unavailable");
    audit.fail = false;
    expect(await counts()).toEqual(before);
    const [finance] = await db.select().from(users).where(eq(users.id, user("finance@acme.example")));
    expect(finance!.status).toBe("active");
  });

  it("uk.admin cannot grant on an Acme Germany node: not found, nothing written", async () => {
    const ctx = await contextFor(db, "uk.admin@acme.example");
    const before = await counts();
    for (const key of ["acme-de", "acme-de-ba", "berlin", "munich", "acme"]) {
      await expect(grantRole(db, ctx, orderer(user("approver@acme.example"), node(key)))).rejects.toBeInstanceOf(NotFoundError);
    }
    // A user outside its scope is not found either, whatever the node.
    await expect(grantRole(db, ctx, orderer(user("de.billing@acme.example"), node("manchester")))).rejects.toBeInstanceOf(NotFoundError);
    // Nor is a node of another enterprise.
    await expect(grantRole(db, ctx, orderer(user("approver@acme.example"), node("globex-rd")))).rejects.toBeInstanceOf(NotFoundError);
    expect(await counts()).toEqual(before);
  });

  it("admin@acme cannot put a user on a node of another enterprise", async () => {
    const ctx = await contextFor(db, "admin@acme.example");
    await expect(grantRole(db, ctx, orderer(user("approver@acme.example"), node("globex-rd")))).rejects.toBeInstanceOf(NotFoundError);
  });

  it("uk.admin cannot change its own roles: neither grant to itself nor revoke its own assignment", async () => {
    const ctx = await contextFor(db, "uk.admin@acme.example");
    const before = await counts();
    await expect(grantRole(db, ctx, orderer(user("uk.admin@acme.example"), node("manchester")))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(revokeRole(db, ctx, seedAssignment("uk.admin@acme.example"))).rejects.toBeInstanceOf(ForbiddenError);
    expect(await counts()).toEqual(before);
  });

  it.each(["csp_admin", "account_manager"] as const)("uk.admin cannot grant the CSP role %s", async (role) => {
    const ctx = await contextFor(db, "uk.admin@acme.example");
    const before = await counts();
    await expect(grantRole(db, ctx, { userId: user("approver@acme.example"), role, scopeNodeId: node("manchester") })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await counts()).toEqual(before);
  });

  it("refuses a malformed grant with a clear message", async () => {
    const ctx = await contextFor(db, "uk.admin@acme.example");
    await expect(grantRole(db, ctx, { userId: user("finance@acme.example"), role: "approver", scopeNodeId: node("manchester") })).rejects.toThrow(InvalidError);
    await expect(grantRole(db, ctx, orderer(user("finance@acme.example"), node("manchester"), { expiresAt: new Date(Date.now() - 1000) }))).rejects.toThrow("The expiry must be in the future.");
  });

  it("a site admin manages sites, not people: it can neither grant nor deactivate", async () => {
    const ctx = await contextFor(db, "siteadmin@acme.example");
    const before = await counts();
    await expect(grantRole(db, ctx, orderer(user("orderer@acme.example"), node("manchester")))).rejects.toBeInstanceOf(NotFoundError);
    await expect(deactivateUser(db, ctx, user("orderer@acme.example"))).rejects.toBeInstanceOf(NotFoundError);
    await expect(revokeRole(db, ctx, seedAssignment("orderer@acme.example"))).rejects.toBeInstanceOf(NotFoundError);
    // Its own row is readable, so acting on it is forbidden rather than not found.
    await expect(grantRole(db, ctx, orderer(user("siteadmin@acme.example"), node("manchester")))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(deactivateUser(db, ctx, user("siteadmin@acme.example"))).rejects.toBeInstanceOf(ForbiddenError);
    // Even a colleague whose unit is in its site scope.
    await db.insert(users).values({ id: demoId("user:new.manchester"), email: "new.manchester@acme.example", name: "Manny Chester", enterpriseId: node("acme"), unitNodeId: node("manchester") });
    await expect(deactivateUser(db, ctx, demoId("user:new.manchester"))).rejects.toBeInstanceOf(NotFoundError);
    expect(await counts()).toEqual(before);
  });
});

describe("revoking a role", () => {
  it("uk.admin revokes a UK user's assignment, with the old row as the audit event's before", async () => {
    const ctx = await contextFor(db, "uk.admin@acme.example", "req-revoke-1");
    const id = seedAssignment("orderer@acme.example");
    await revokeRole(db, ctx, id);
    expect(await db.select().from(roleAssignments).where(eq(roleAssignments.id, id))).toHaveLength(0);
    const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, id), eq(auditEvents.action, "role.revoke")));
    expect(event).toMatchObject({ actorId: user("uk.admin@acme.example"), nodeId: node("acme-uk"), requestId: "req-revoke-1", after: null, summary: "Revoked Orderer on Acme UK Ltd" });
    expect(event!.before).toMatchObject({ id, userId: user("orderer@acme.example"), role: "orderer", spendLimitMinor: 2_500_000 });
  });

  it("uk.admin cannot revoke an assignment outside its scope (cfo's on Acme Corp)", async () => {
    const ctx = await contextFor(db, "uk.admin@acme.example");
    await expect(revokeRole(db, ctx, seedAssignment("cfo@acme.example"))).rejects.toBeInstanceOf(NotFoundError);
    await expect(revokeRole(db, ctx, seedAssignment("de.billing@acme.example"))).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("the last enterprise admin", () => {
  /** admin@acme makes cfo a second enterprise admin on Acme Corp (the root). */
  async function secondRootAdmin() {
    const ada = await contextFor(db, "admin@acme.example");
    const seat = await grantRole(db, ada, { userId: user("cfo@acme.example"), role: "enterprise_admin", scopeNodeId: node("acme") });
    return seat.id;
  }

  it("nobody can deactivate or demote the only root admin: it cannot do it to itself", async () => {
    const ada = await contextFor(db, "admin@acme.example");
    await expect(deactivateUser(db, ada, user("admin@acme.example"))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(revokeRole(db, ada, seedAssignment("admin@acme.example"))).rejects.toBeInstanceOf(ForbiddenError);
    // uk.admin cannot even see it.
    const uk = await contextFor(db, "uk.admin@acme.example");
    await expect(deactivateUser(db, uk, user("admin@acme.example"))).rejects.toBeInstanceOf(NotFoundError);
  });

  it("with two root admins, one may deactivate the other", async () => {
    await secondRootAdmin();
    const cfo = await contextFor(db, "cfo@acme.example");
    const after = await deactivateUser(db, cfo, user("admin@acme.example"));
    expect(after.status).toBe("deactivated");
    const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, user("admin@acme.example")), eq(auditEvents.action, "user.deactivate")));
    expect(event).toMatchObject({ before: { status: "active" }, after: { status: "deactivated" }, actorId: user("cfo@acme.example") });
    // Its sessions are over: the next request finds no principal.
    expect(await loadPrincipal(db, user("admin@acme.example"))).toBeNull();
  });

  it("with two root admins, one may revoke the other's admin assignment", async () => {
    await secondRootAdmin();
    const cfo = await contextFor(db, "cfo@acme.example");
    await revokeRole(db, cfo, seedAssignment("admin@acme.example"));
    expect(await db.select().from(roleAssignments).where(eq(roleAssignments.id, seedAssignment("admin@acme.example")))).toHaveLength(0);
  });

  it("when two admins remove each other at once, the second removal is refused (ConflictError): deactivation", async () => {
    await secondRootAdmin();
    // Both requests were authorized while both were admins.
    const ada = await contextFor(db, "admin@acme.example");
    const cfo = await contextFor(db, "cfo@acme.example");
    await deactivateUser(db, ada, user("cfo@acme.example"));
    const before = await counts();
    await expect(deactivateUser(db, cfo, user("admin@acme.example"))).rejects.toBeInstanceOf(ConflictError);
    await expect(deactivateUser(db, cfo, user("admin@acme.example"))).rejects.toThrow(/last enterprise admin/);
    const [stillThere] = await db.select().from(users).where(eq(users.id, user("admin@acme.example")));
    expect(stillThere!.status).toBe("active");
    expect(await counts()).toEqual(before);
  });

  it("when two admins remove each other at once, the second removal is refused (ConflictError): revocation", async () => {
    const cfoSeat = await secondRootAdmin();
    const ada = await contextFor(db, "admin@acme.example");
    const cfo = await contextFor(db, "cfo@acme.example");
    await revokeRole(db, ada, cfoSeat);
    await expect(revokeRole(db, cfo, seedAssignment("admin@acme.example"))).rejects.toBeInstanceOf(ConflictError);
    expect(await db.select().from(roleAssignments).where(eq(roleAssignments.id, seedAssignment("admin@acme.example")))).toHaveLength(1);
  });

  it("an expired second admin seat does not count", async () => {
    // cfo's seat expired a minute ago; a request that loaded cfo's roles before that still tries.
    const seatId = demoId("assignment:cfo-expired-root-admin");
    await db.insert(roleAssignments).values({ id: seatId, userId: user("cfo@acme.example"), enterpriseId: node("acme"), role: "enterprise_admin", scopeNodeId: node("acme"), expiresAt: new Date(Date.now() - 60_000) });
    const fresh = await loadPrincipal(db, user("cfo@acme.example"));
    const stale = { ...fresh!, assignments: [...fresh!.assignments, { id: seatId, role: "enterprise_admin" as const, scopeNodeId: node("acme"), scopePath: `/${node("acme")}/`, approvalLimitMinor: null, spendLimitMinor: null, limitCurrency: null, expiresAt: null }] };
    const cfo = { principal: stale, ability: defineAbilityFor(stale), requestId: "stale" };
    await expect(deactivateUser(db, cfo, user("admin@acme.example"))).rejects.toBeInstanceOf(ConflictError);
    await expect(revokeRole(db, cfo, seedAssignment("admin@acme.example"))).rejects.toBeInstanceOf(ConflictError);
  });

  it("uk.admin, an admin of a subtree only, is not the last admin of the enterprise: it can be deactivated", async () => {
    const ada = await contextFor(db, "admin@acme.example");
    await deactivateUser(db, ada, user("uk.admin@acme.example"));
    await reactivateUser(db, ada, user("uk.admin@acme.example"));
    const [row] = await db.select().from(users).where(eq(users.id, user("uk.admin@acme.example")));
    expect(row!.status).toBe("active");
  });
});

describe("deactivate and reactivate", () => {
  it("uk.admin deactivates and reactivates a UK user, each with its audit event", async () => {
    const ctx = await contextFor(db, "uk.admin@acme.example");
    await deactivateUser(db, ctx, user("finance@acme.example"));
    await expect(deactivateUser(db, ctx, user("finance@acme.example"))).rejects.toBeInstanceOf(ConflictError);
    expect(await loadPrincipal(db, user("finance@acme.example"))).toBeNull();
    const after = await reactivateUser(db, ctx, user("finance@acme.example"));
    expect(after.status).toBe("active");
    await expect(reactivateUser(db, ctx, user("finance@acme.example"))).rejects.toBeInstanceOf(ConflictError);
    const events = await db.select({ action: auditEvents.action, before: auditEvents.before, after: auditEvents.after }).from(auditEvents).where(eq(auditEvents.subjectId, user("finance@acme.example"))).orderBy(auditEvents.id);
    expect(events).toEqual([
      { action: "user.deactivate", before: { status: "active" }, after: { status: "deactivated" } },
      { action: "user.reactivate", before: { status: "deactivated" }, after: { status: "active" } },
    ]);
  });

  it("nobody deactivates themselves", async () => {
    for (const email of ["uk.admin@acme.example", "admin@acme.example", "admin@globex.example"]) {
      const ctx = await contextFor(db, email);
      await expect(deactivateUser(db, ctx, ctx.principal.userId)).rejects.toBeInstanceOf(ForbiddenError);
    }
  });

  it("uk.admin cannot deactivate anyone outside its subtree", async () => {
    const ctx = await contextFor(db, "uk.admin@acme.example");
    for (const email of ["de.billing@acme.example", "cfo@acme.example", "admin@globex.example", "am@csp.example"]) {
      await expect(deactivateUser(db, ctx, user(email))).rejects.toBeInstanceOf(NotFoundError);
    }
  });
});

describe("expired assignments stop counting", () => {
  it("an expired assignment gives nothing; the same assignment unexpired does", async () => {
    const approver = user("approver@acme.example");
    const id = demoId("assignment:approver-expired-de-admin");
    await db.insert(roleAssignments).values({ id, userId: approver, enterpriseId: node("acme"), role: "enterprise_admin", scopeNodeId: node("acme-de"), expiresAt: new Date(Date.now() - 1000) });
    const expired = await loadPrincipal(db, approver);
    expect(expired!.assignments.map((a) => a.id)).not.toContain(id);
    const ability = defineAbilityFor(expired!);
    const deBillingPath = `/${node("acme")}/${node("acme-de")}/${node("acme-de-ba")}/`;
    const deBilling = asSubject("User", { id: user("de.billing@acme.example"), enterpriseId: node("acme"), path: deBillingPath, rolePaths: [deBillingPath] });
    expect(ability.can("read", deBilling)).toBe(false);
    expect(ability.can("deactivate", deBilling)).toBe(false);

    // Shown as expired to an admin who may read it.
    const ada = await contextFor(db, "admin@acme.example");
    const detail = await getUserDetail(db, ada.ability, ada.principal.userId, approver);
    expect(detail.assignments.find((a) => a.id === id)).toMatchObject({ expired: true, role: "enterprise_admin", scopeName: "Acme Germany GmbH" });
    expect(detail.assignments.find((a) => a.id === seedAssignment("approver@acme.example"))).toMatchObject({ expired: false });

    // The control: with the expiry in the future, the same row grants the role.
    await db.update(roleAssignments).set({ expiresAt: new Date(Date.now() + 3_600_000) }).where(eq(roleAssignments.id, id));
    const current = await loadPrincipal(db, approver);
    expect(current!.assignments.map((a) => a.id)).toContain(id);
    expect(defineAbilityFor(current!).can("deactivate", deBilling)).toBe(true);
    // And once that moment has passed, it stops by itself (no job needed).
    const later = await loadPrincipal(db, approver, undefined, new Date(Date.now() + 2 * 3_600_000));
    expect(later!.assignments.map((a) => a.id)).not.toContain(id);
  });
});

describe("forged requests through the action wrapper", () => {
  async function actAs(email: string) {
    const ctx = await contextFor(db, email);
    session.ctx = { principal: ctx.principal, ability: ctx.ability };
    return ctx;
  }
  const latestDenial = async () => (await db.select().from(auditEvents).where(eq(auditEvents.outcome, "denied")).orderBy(desc(auditEvents.id)).limit(1))[0];

  it("a grant on a German node is refused with 404, changes nothing, and the denial is recorded", async () => {
    const { grantRoleAction } = await import("@/lib/users/actions");
    await actAs("uk.admin@acme.example");
    const before = await counts();
    const result = await grantRoleAction({ userId: user("approver@acme.example"), role: "orderer", scopeNodeId: node("berlin") });
    expect(result).toMatchObject({ ok: false, status: 404 });
    const [assignments] = await db.select({ n: count() }).from(roleAssignments);
    expect(assignments!.n).toBe(before.assignments);
    const denial = await latestDenial();
    expect(denial).toMatchObject({ action: "role.grant", outcome: "denied", actorId: user("uk.admin@acme.example"), subjectType: "Request" });
    expect(denial!.after).toMatchObject({ input: { scopeNodeId: node("berlin"), role: "orderer" } });
  });

  it("a grant to oneself is refused with 403 and recorded", async () => {
    const { grantRoleAction, revokeRoleAction } = await import("@/lib/users/actions");
    await actAs("uk.admin@acme.example");
    const result = await grantRoleAction({ userId: user("uk.admin@acme.example"), role: "approver", scopeNodeId: node("acme-uk"), approvalLimit: "1000000", limitCurrency: "GBP" });
    expect(result).toMatchObject({ ok: false, status: 403 });
    expect(await latestDenial()).toMatchObject({ action: "role.grant", actorId: user("uk.admin@acme.example") });
    const revoke = await revokeRoleAction({ userId: user("uk.admin@acme.example"), assignmentId: seedAssignment("uk.admin@acme.example") });
    expect(revoke).toMatchObject({ ok: false, status: 403 });
    expect(await latestDenial()).toMatchObject({ action: "role.revoke" });
    expect(await db.select().from(roleAssignments).where(eq(roleAssignments.id, seedAssignment("uk.admin@acme.example")))).toHaveLength(1);
  });

  it("a revoke naming another user's assignment is not found", async () => {
    const { revokeRoleAction } = await import("@/lib/users/actions");
    await actAs("uk.admin@acme.example");
    const result = await revokeRoleAction({ userId: user("approver@acme.example"), assignmentId: seedAssignment("orderer@acme.example") });
    expect(result).toMatchObject({ ok: false, status: 404 });
    expect(await db.select().from(roleAssignments).where(eq(roleAssignments.id, seedAssignment("orderer@acme.example")))).toHaveLength(1);
  });

  it("the form's decimal limit is stored in minor units", async () => {
    const { grantRoleAction } = await import("@/lib/users/actions");
    await actAs("uk.admin@acme.example");
    const result = await grantRoleAction({ userId: user("orderer@acme.example"), role: "approver", scopeNodeId: node("london"), approvalLimit: "12,345.67", limitCurrency: "GBP", expiresOn: "2099-12-31" });
    expect(result.ok).toBe(true);
    const [row] = await db.select().from(roleAssignments).where(eq(roleAssignments.id, (result as { data: { id: string } }).data.id));
    // uk.admin works in Europe/London: the role stops counting at midnight there on 31 Dec 2099.
    expect(row).toMatchObject({ approvalLimitMinor: 1_234_567, limitCurrency: "GBP", expiresAt: new Date("2099-12-31T00:00:00Z") });
  });

  it("bad input is a 400 with field errors, and nothing is recorded as a denial", async () => {
    const { grantRoleAction } = await import("@/lib/users/actions");
    await actAs("uk.admin@acme.example");
    const before = await counts();
    const result = await grantRoleAction({ userId: user("orderer@acme.example"), role: "approver", scopeNodeId: node("london"), approvalLimit: "12.345", limitCurrency: "GBP" });
    expect(result).toMatchObject({ ok: false, status: 400, fieldErrors: { approvalLimit: ["At most 2 decimal places for GBP"] } });
    expect(await counts()).toEqual(before);
  });

  it("deactivating oneself is refused with 403; the last-admin race answers 409 with its message", async () => {
    const { deactivateUserAction } = await import("@/lib/users/actions");
    await actAs("admin@acme.example");
    expect(await deactivateUserAction({ userId: user("admin@acme.example") })).toMatchObject({ ok: false, status: 403 });

    await secondRoot();
    await actAs("cfo@acme.example"); // cfo's request was authorized while both were admins…
    const ada = await contextFor(db, "admin@acme.example");
    await deactivateUser(db, ada, user("cfo@acme.example")); // …and admin@acme removed cfo first.
    const result = await deactivateUserAction({ userId: user("admin@acme.example") });
    expect(result).toMatchObject({ ok: false, status: 409, error: "This is the last enterprise admin of the enterprise; grant the role to someone else first." });
  });

  it("without a session the wrapper answers 401 and touches nothing", async () => {
    const { deactivateUserAction } = await import("@/lib/users/actions");
    session.ctx = null;
    const before = await counts();
    expect(await deactivateUserAction({ userId: user("finance@acme.example") })).toMatchObject({ ok: false, status: 401 });
    expect(await counts()).toEqual(before);
  });

  async function secondRoot() {
    const ada = await contextFor(db, "admin@acme.example");
    await grantRole(db, ada, { userId: user("cfo@acme.example"), role: "enterprise_admin", scopeNodeId: node("acme") });
  }
});
