import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { auditEvents, scimTokens } from "@/db/schema";
import { auditList } from "@/lib/audit/list";
import { demoId } from "@/lib/demo/ids";
import { hashScimToken } from "@/lib/scim/tokens";
import { resetDemoData } from "../support/db";
import { contextFor } from "../support/principals";

// The action wrapper asks for the request's context; here a test decides who is asking.
const asking = vi.hoisted(() => ({ ctx: null as null | { principal: unknown; ability: unknown } }));
vi.mock("@/lib/auth/principal", () => ({ currentContext: async () => asking.ctx, currentPrincipal: async () => null, requireContext: async () => asking.ctx }));

const { createScimTokenAction, revokeScimTokenAction, addGroupRoleAction, removeGroupRoleAction } = await import("@/lib/scim/actions");
const { provisioningOverview } = await import("@/lib/scim/queries");
const usersRoute = await import("@/app/api/scim/v2/Users/route");
const groupsRoute = await import("@/app/api/scim/v2/Groups/route");

let db: Db;
const node = (key: string) => demoId(`node:${key}`);
const as = async (email: string) => (asking.ctx = await contextFor(db, email));

async function scim(handler: unknown, token: string, method: string, body?: unknown) {
  const req = new Request("http://localhost/api/scim/v2/x", { method, headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/scim+json" } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const res = await (handler as (r: Request, c: { params: Promise<object> }) => Promise<Response>)(req, { params: Promise.resolve({}) });
  return { status: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

beforeEach(async () => {
  db = await resetDemoData();
  asking.ctx = null;
});

describe("tokens on /provisioning", () => {
  it("creates a token shown once, stored only as its SHA-256, scoped to its creator's scope, audited", async () => {
    await as("uk.admin@acme.example");
    const result = await createScimTokenAction({ name: "  Entra ID  " });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.token).toMatch(/^trellis_scim_[A-Za-z0-9_-]{43}$/);
    const [row] = await db.select().from(scimTokens);
    expect(row).toMatchObject({ name: "Entra ID", scopeNodeId: node("acme-uk"), enterpriseId: node("acme"), tokenHash: hashScimToken(result.data.token), createdById: demoId("user:uk.admin@acme.example") });
    expect(JSON.stringify(row)).not.toContain(result.data.token);
    const [event] = await db.select().from(auditEvents).where(eq(auditEvents.action, "scim_token.create"));
    expect(event).toMatchObject({ actorId: demoId("user:uk.admin@acme.example"), subjectId: row!.id });
    expect(JSON.stringify(event)).not.toContain(result.data.token);

    const overview = await provisioningOverview(db, asking.ctx!.ability as never, asking.ctx!.principal as never);
    expect(overview).toMatchObject({ canCreate: true, scopeName: "Acme UK Ltd", managesGroups: false, nodes: [] });
    expect(overview.tokens).toEqual([expect.objectContaining({ name: "Entra ID", scopeName: "Acme UK Ltd", createdByName: "Uma Kent", lastUsedAt: null, revokedAt: null, canRevoke: true })]);
    expect(JSON.stringify(overview)).not.toContain(row!.tokenHash);
  });

  it("lists tokens within scope only; another enterprise's admin cannot revoke one (404); revoking twice is a conflict", async () => {
    await as("uk.admin@acme.example");
    const uk = await createScimTokenAction({ name: "UK" });
    await as("admin@acme.example");
    const root = await createScimTokenAction({ name: "Root" });
    expect(uk.ok && root.ok).toBe(true);
    if (!uk.ok || !root.ok) return;
    expect((await provisioningOverview(db, asking.ctx!.ability as never, asking.ctx!.principal as never)).tokens.map((t) => t.name).sort()).toEqual(["Root", "UK"]);
    await as("uk.admin@acme.example");
    expect((await provisioningOverview(db, asking.ctx!.ability as never, asking.ctx!.principal as never)).tokens.map((t) => t.name)).toEqual(["UK"]);
    expect(await revokeScimTokenAction({ tokenId: root.data.id })).toMatchObject({ ok: false, status: 404 });
    await as("admin@globex.example");
    expect(await revokeScimTokenAction({ tokenId: uk.data.id })).toMatchObject({ ok: false, status: 404 });
    await as("orderer@acme.example");
    expect(await createScimTokenAction({ name: "Mine" })).toMatchObject({ ok: false, status: 404 });
    await as("admin@acme.example");
    expect(await revokeScimTokenAction({ tokenId: uk.data.id })).toMatchObject({ ok: true });
    expect(await revokeScimTokenAction({ tokenId: uk.data.id })).toMatchObject({ ok: false, status: 409 });
    expect((await scim(usersRoute.GET, uk.data.token, "GET")).status).toBe(401);
    expect((await scim(usersRoute.GET, root.data.token, "GET")).status).toBe(200);
    expect(await createScimTokenAction({ name: "" })).toMatchObject({ ok: false, status: 400 });
  });

  it("shows the token as the actor in the audit log", async () => {
    await as("admin@acme.example");
    const created = await createScimTokenAction({ name: "Okta" });
    if (!created.ok) throw new Error(created.error);
    const res = await scim(usersRoute.POST, created.data.token, "POST", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "new@acme.example", displayName: "New Person" });
    expect(res.status).toBe(201);
    const { ability } = await contextFor(db, "admin@acme.example");
    const page = await auditList.page(db, { ability, timeZone: "UTC" }, auditList.parse({ action: "user.provision" }));
    expect(page.rows).toEqual([expect.objectContaining({ actorName: "SCIM token ‘Okta’", actorId: null, summary: "Provisioned New Person (new@acme.example) through SCIM" })]);
    expect((await auditList.page(db, { ability, timeZone: "UTC" }, auditList.parse({ q: "Okta" }))).rows.map((r) => r.action)).toContain("user.provision");
  });
});

describe("group role mappings on /provisioning", () => {
  it("an admin of the whole enterprise maps a role; members get it; removing the mapping revokes it; subtree admins cannot", async () => {
    await as("admin@acme.example");
    const created = await createScimTokenAction({ name: "Entra" });
    if (!created.ok) throw new Error(created.error);
    const pat = await scim(usersRoute.POST, created.data.token, "POST", { userName: "pat@acme.example" });
    const group = await scim(groupsRoute.POST, created.data.token, "POST", { displayName: "Billing team", members: [{ value: pat.body.id }] });
    expect(group.status).toBe(201);
    const overview = await provisioningOverview(db, asking.ctx!.ability as never, asking.ctx!.principal as never);
    expect(overview.managesGroups).toBe(true);
    expect(overview.nodes.map((n) => n.name)).toContain("Acme UK Ltd");

    expect(await addGroupRoleAction({ groupId: group.body.id, role: "approver", scopeNodeId: node("acme-uk") })).toMatchObject({ ok: false, status: 400 });
    expect(await addGroupRoleAction({ groupId: group.body.id, role: "csp_admin", scopeNodeId: node("acme-uk") })).toMatchObject({ ok: false, status: 403 });
    expect(await addGroupRoleAction({ groupId: group.body.id, role: "billing_viewer", scopeNodeId: node("globex") })).toMatchObject({ ok: false, status: 404 });
    const added = await addGroupRoleAction({ groupId: group.body.id, role: "billing_viewer", scopeNodeId: node("acme-uk-ba") });
    expect(added).toMatchObject({ ok: true, data: { granted: 1, members: 1 } });
    expect(await addGroupRoleAction({ groupId: group.body.id, role: "billing_viewer", scopeNodeId: node("acme-uk-ba") })).toMatchObject({ ok: false, status: 409 });

    await as("uk.admin@acme.example");
    expect(await addGroupRoleAction({ groupId: group.body.id, role: "orderer", scopeNodeId: node("london") })).toMatchObject({ ok: false, status: 404 });
    if (!added.ok) return;
    expect(await removeGroupRoleAction({ mappingId: added.data.id })).toMatchObject({ ok: false, status: 404 });
    await as("admin@acme.example");
    expect(await removeGroupRoleAction({ mappingId: added.data.id })).toMatchObject({ ok: true, data: { revoked: 1 } });
  });
});
