import { Resolver } from "node:dns/promises";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditEvents, notifications, roleAssignments, ssoConnections, userSessions, users } from "@/db/schema";
import { loadSessionPrincipal } from "@/lib/auth/load-principal";
import { demoId } from "@/lib/demo/ids";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { changeSwitch, recordTestPassed, saveConnection } from "@/lib/identity/connection";
import { checkDiscovery } from "@/lib/identity/discovery";
import { addDomain, verifyDomain, type TxtLookup } from "@/lib/identity/domains";
import { connectionSchema } from "@/lib/identity/schemas";
import { completeSsoSignIn } from "@/lib/identity/sso-sign-in";
import { signInRouteFor } from "@/lib/identity/sso-route";
import { open } from "@/lib/identity/secret-box";
import { startTestDns, startTestIdentityProvider, subjectFor, TEST_CLIENT_ID, TEST_CLIENT_SECRET, type TestDns, type TestIdentityProvider } from "../../e2e/support/identity-provider";
import * as scimUsersRoute from "@/app/api/scim/v2/Users/route";
import { createScimToken } from "@/lib/scim/tokens";
import { resetDemoData } from "../support/db";
import { contextFor } from "../support/principals";

const ADMIN = "admin@acme.example";
const ACME = demoId("node:acme");
const client = { address: "203.0.113.7", userAgent: "vitest", requestId: "test" };

let db: Db;
let idp: TestIdentityProvider;
let dns: TestDns;
let lookup: TxtLookup;

beforeAll(async () => {
  const base = 21000 + Math.floor(Math.random() * 20000);
  dns = await startTestDns(base + 1);
  idp = await startTestIdentityProvider(base, ["http://localhost:3000"], dns);
  const resolver = new Resolver({ timeout: 2000, tries: 1 });
  resolver.setServers([dns.server]);
  lookup = (name) => resolver.resolveTxt(name);
});
afterAll(async () => {
  await idp?.close();
  await dns?.close();
});
beforeEach(async () => {
  db = await resetDemoData();
});

const settings = (over: Record<string, unknown> = {}) => connectionSchema.parse({ issuer: idp.issuer, clientId: TEST_CLIENT_ID, clientSecret: TEST_CLIENT_SECRET, ...over });

/** Acme's connection saved, tested, its domain verified through DNS, and switched on. */
async function ssoOn(over: Record<string, unknown> = {}) {
  const ctx = await contextFor(db, ADMIN);
  await saveConnection(db, ctx, settings(over));
  const claimed = await addDomain(db, ctx, "acme.example");
  dns.setTxt(claimed.recordName, claimed.recordValue);
  await verifyDomain(db, ctx, "acme.example", lookup);
  const [row] = await db.select().from(ssoConnections).where(eq(ssoConnections.enterpriseId, ACME));
  await recordTestPassed(db, ctx, row!.id, { sub: subjectFor(ADMIN), email: ADMIN, domainVerified: true });
  await changeSwitch(db, ctx, { setting: "enabled", value: true });
  return row!.id;
}

const claims = (email: string, over: Record<string, unknown> = {}) => ({ sub: subjectFor(email), email, email_verified: true, name: "Pat Newcomer", ...over });

describe("setting up single sign-on", () => {
  it("stores the client secret sealed, never in the audit log, and only for admins of the whole enterprise", async () => {
    await saveConnection(db, await contextFor(db, ADMIN), settings());
    const [row] = await db.select().from(ssoConnections).where(eq(ssoConnections.enterpriseId, ACME));
    expect(row!.clientSecretSealed).not.toContain(TEST_CLIENT_SECRET);
    expect(open(row!.clientSecretSealed, "sso-client-secret")).toBe(TEST_CLIENT_SECRET);
    expect(() => open(row!.clientSecretSealed, "totp-secret")).toThrow();
    const events = await db.select().from(auditEvents).where(eq(auditEvents.action, "identity.sso.create"));
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events[0])).not.toContain(TEST_CLIENT_SECRET);

    // A subtree admin does not even see the enterprise's sign-in settings.
    await expect(saveConnection(db, await contextFor(db, "uk.admin@acme.example"), settings())).rejects.toBeInstanceOf(NotFoundError);
    await expect(saveConnection(db, await contextFor(db, "orderer@acme.example"), settings())).rejects.toBeInstanceOf(NotFoundError);
  });

  it("refuses a default unit of another enterprise and changes nothing", async () => {
    await expect(saveConnection(db, await contextFor(db, ADMIN), settings({ defaultNodeId: demoId("node:globex") }))).rejects.toMatchObject({ status: 400 });
    expect(await db.select().from(ssoConnections)).toHaveLength(0);
  });

  it("checks the provider's discovery document: the real issuer passes, a wrong one and an unreachable one are explained", async () => {
    expect(await checkDiscovery(idp.issuer)).toMatchObject({ ok: true });
    const wrong = await checkDiscovery(idp.wrongIssuer);
    expect(wrong).toMatchObject({ ok: false });
    expect(!wrong.ok && wrong.problem).toContain("calls itself");
    const down = await checkDiscovery("http://127.0.0.1:9/");
    expect(down.ok).toBe(false);
  });

  it("claims a domain for one enterprise only, never one other organisations' people use", async () => {
    const acme = await contextFor(db, ADMIN);
    const globex = await contextFor(db, "admin@globex.example");
    await addDomain(db, globex, "globex-sso.example");
    await expect(addDomain(db, acme, "globex-sso.example")).rejects.toBeInstanceOf(ConflictError);
    // Acme's people and the CSP's staff use these: claiming them would take their sign-in.
    await expect(addDomain(db, globex, "acme.example")).rejects.toBeInstanceOf(ConflictError);
    await expect(addDomain(db, acme, "csp.example")).rejects.toBeInstanceOf(ConflictError);
  });

  it("verifies a domain only when its DNS TXT record holds the token", async () => {
    const ctx = await contextFor(db, ADMIN);
    const claimed = await addDomain(db, ctx, "acme.example");
    await expect(verifyDomain(db, ctx, "acme.example", lookup)).rejects.toBeInstanceOf(ConflictError);
    dns.setTxt(claimed.recordName, "trellis-verify=someone-elses-token");
    await expect(verifyDomain(db, ctx, "acme.example", lookup)).rejects.toBeInstanceOf(ConflictError);
    dns.setTxt(claimed.recordName, claimed.recordValue);
    await verifyDomain(db, ctx, "acme.example", lookup);
    expect(await db.select().from(auditEvents).where(eq(auditEvents.action, "identity.domain.verify"))).toHaveLength(1);
  });

  it("is switched on only after a passed test and with a verified domain; changing the provider switches it off", async () => {
    const ctx = await contextFor(db, ADMIN);
    await saveConnection(db, ctx, settings());
    await expect(changeSwitch(db, ctx, { setting: "enabled", value: true })).rejects.toThrow(/Test the connection/);
    await expect(changeSwitch(db, ctx, { setting: "passwordSignIn", value: false })).rejects.toBeInstanceOf(ConflictError);
    await db.delete(ssoConnections);
    await ssoOn();
    expect((await signInRouteFor("someone@ACME.example".toLowerCase(), db)).sso).not.toBeNull();
    await saveConnection(db, ctx, settings({ clientSecret: "a-new-secret" }));
    const [row] = await db.select().from(ssoConnections);
    expect(row).toMatchObject({ enabled: false, testedAt: null });
    expect((await signInRouteFor("someone@acme.example", db)).sso).toBeNull();
  });
});

describe("signing in through the enterprise's provider", () => {
  it("routes the domain's e-mails to the provider, and refuses passwords once they are switched off", async () => {
    await ssoOn();
    expect(await signInRouteFor("orderer@acme.example", db)).toMatchObject({ sso: { enterpriseId: ACME }, passwordAllowed: true });
    expect(await signInRouteFor("admin@globex.example", db)).toEqual({ sso: null, passwordAllowed: true });
    await changeSwitch(db, await contextFor(db, ADMIN), { setting: "passwordSignIn", value: false });
    expect(await signInRouteFor("orderer@acme.example", db)).toMatchObject({ passwordAllowed: false });
  });

  it("creates an unknown person with no roles in the chosen unit, tells the admins, and opens an SSO session", async () => {
    await ssoOn({ defaultNodeId: demoId("node:acme-uk") });
    const outcome = await completeSsoSignIn(db, (await db.select().from(ssoConnections))[0]!.id, claims("pat.newcomer@acme.example"), client);
    expect(outcome).toMatchObject({ ok: true, created: true });
    if (!outcome.ok) return;
    const [user] = await db.select().from(users).where(eq(users.id, outcome.userId));
    expect(user).toMatchObject({ email: "pat.newcomer@acme.example", enterpriseId: ACME, unitNodeId: demoId("node:acme-uk"), status: "active", provisionedBy: "sso", ssoSubject: subjectFor("pat.newcomer@acme.example"), passwordHash: null });
    expect(await db.select().from(roleAssignments).where(eq(roleAssignments.userId, outcome.userId))).toHaveLength(0);
    const [session] = await db.select().from(userSessions).where(eq(userSessions.id, outcome.sessionId));
    expect(session).toMatchObject({ userId: outcome.userId, authMethod: "sso" });
    expect((await loadSessionPrincipal(db, outcome.sessionId))?.principal).toMatchObject({ userId: outcome.userId, email: "pat.newcomer@acme.example" });
    // Both the whole-enterprise admin and the UK admin (whose scope holds the unit) are told.
    const told = await db.select({ userId: notifications.userId }).from(notifications).where(eq(notifications.kind, "user.sso_joined"));
    expect(told.map((t) => t.userId).sort()).toEqual([demoId(`user:${ADMIN}`), demoId("user:uk.admin@acme.example")].sort());

    // The second sign-in finds the same person by their subject, even with a changed address claim.
    const again = await completeSsoSignIn(db, (await db.select().from(ssoConnections))[0]!.id, claims("pat.newcomer@acme.example"), client);
    expect(again).toMatchObject({ ok: true, created: false, userId: outcome.userId });
  });

  it("gives a newcomer the default role the admin chose, on the chosen unit", async () => {
    await ssoOn({ defaultRole: "billing_viewer", defaultNodeId: demoId("node:acme-uk") });
    const outcome = await completeSsoSignIn(db, (await db.select().from(ssoConnections))[0]!.id, claims("sam.viewer@acme.example"), client);
    expect(outcome.ok).toBe(true);
    const roles = await db.select().from(roleAssignments).where(eq(roleAssignments.userId, outcome.ok ? outcome.userId : ""));
    expect(roles).toMatchObject([{ role: "billing_viewer", scopeNodeId: demoId("node:acme-uk"), enterpriseId: ACME }]);
  });

  it("links an existing person at their first SSO sign-in and keeps their roles", async () => {
    const id = await ssoOn();
    const outcome = await completeSsoSignIn(db, id, claims("orderer@acme.example"), client);
    expect(outcome).toMatchObject({ ok: true, created: false, userId: demoId("user:orderer@acme.example") });
    const [user] = await db.select().from(users).where(eq(users.id, demoId("user:orderer@acme.example")));
    expect(user!.ssoSubject).toBe(subjectFor("orderer@acme.example"));
    expect((await db.select().from(roleAssignments).where(eq(roleAssignments.userId, user!.id))).length).toBeGreaterThan(0);
    // Another subject claiming the same address later is refused: the account is bound.
    expect(await completeSsoSignIn(db, id, claims("orderer@acme.example", { sub: "someone-else" }), client)).toEqual({ ok: false, reason: "subject_mismatch" });
  });

  it("refuses addresses outside the verified domains, unverified addresses, deactivated people and a switched-off connection, opening no session", async () => {
    const id = await ssoOn();
    expect(await completeSsoSignIn(db, id, claims("admin@globex.example"), client)).toEqual({ ok: false, reason: "domain" });
    expect(await completeSsoSignIn(db, id, claims("mallory@evil.example"), client)).toEqual({ ok: false, reason: "domain" });
    expect(await completeSsoSignIn(db, id, claims("new.person@acme.example", { email_verified: false }), client)).toEqual({ ok: false, reason: "email_unverified" });
    expect(await completeSsoSignIn(db, id, { sub: "x" }, client)).toEqual({ ok: false, reason: "email_missing" });
    await db.update(users).set({ status: "deactivated" }).where(eq(users.email, "billing@acme.example"));
    expect(await completeSsoSignIn(db, id, claims("billing@acme.example"), client)).toEqual({ ok: false, reason: "deactivated" });
    await changeSwitch(db, await contextFor(db, ADMIN), { setting: "enabled", value: false });
    expect(await completeSsoSignIn(db, id, claims("orderer@acme.example"), client)).toEqual({ ok: false, reason: "not_available" });
    expect(await db.select().from(userSessions)).toHaveLength(0);
    expect(await db.select().from(users).where(eq(users.email, "new.person@acme.example"))).toHaveLength(0);
    const refusals = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "auth.sign_in"), eq(auditEvents.outcome, "failed")));
    // Each refusal about a person is audited (a switched-off connection names no one to record).
    expect(refusals).toHaveLength(5);
  });

  it("accepts an invited person's invitation when they sign in through SSO", async () => {
    const id = await ssoOn();
    await db.update(users).set({ status: "invited" }).where(eq(users.email, "siteadmin@acme.example"));
    const outcome = await completeSsoSignIn(db, id, claims("siteadmin@acme.example"), client);
    expect(outcome.ok).toBe(true);
    const [user] = await db.select().from(users).where(eq(users.email, "siteadmin@acme.example"));
    expect(user!.status).toBe("active");
  });

  it("signs in a person the identity provider provisioned through SCIM, as that same person", async () => {
    const id = await ssoOn();
    const { token } = await createScimToken(db, await contextFor(db, ADMIN), { name: "Entra ID" });
    const created = await scimUsersRoute.POST(
      new Request("http://localhost:3000/api/scim/v2/Users", {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/scim+json" },
        body: JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "river.scim@acme.example", externalId: "entra-42", name: { givenName: "River", familyName: "Scim" }, active: true }),
      }),
      { params: Promise.resolve({}) } as never,
    );
    expect(created.status).toBe(201);
    const scimId = ((await created.json()) as { id: string }).id;
    const outcome = await completeSsoSignIn(db, id, claims("river.scim@acme.example"), client);
    expect(outcome).toMatchObject({ ok: true, created: false, userId: scimId });
    const [user] = await db.select().from(users).where(eq(users.id, scimId));
    expect(user).toMatchObject({ provisionedBy: "scim", externalId: "entra-42", ssoSubject: subjectFor("river.scim@acme.example"), status: "active" });
  });

  it("never routes an account of another organisation or the CSP to the provider, even at a claimed domain", async () => {
    await ssoOn();
    await db.insert(users).values({ email: "late.staff@acme.example", name: "Late Staff", enterpriseId: null, status: "active" });
    expect(await signInRouteFor("late.staff@acme.example", db)).toEqual({ sso: null, passwordAllowed: true });
    expect((await signInRouteFor("orderer@acme.example", db)).sso).not.toBeNull();
  });

  it("forgets the bound subjects when the issuer changes: a subject is only unique at its issuer", async () => {
    const id = await ssoOn();
    await completeSsoSignIn(db, id, claims("orderer@acme.example"), client);
    await saveConnection(db, await contextFor(db, ADMIN), settings({ issuer: idp.wrongIssuer }));
    const [user] = await db.select().from(users).where(eq(users.email, "orderer@acme.example"));
    expect(user!.ssoSubject).toBeNull();
  });
});
