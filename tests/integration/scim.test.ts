import { and, eq, isNotNull } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditEvents, roleAssignments, scimTokens, users } from "@/db/schema";
import { loadSessionPrincipal } from "@/lib/auth/load-principal";
import { demoId } from "@/lib/demo/ids";
import { createSession } from "@/lib/sessions/mutations";
import { addGroupRole } from "@/lib/scim/mappings";
import { createScimToken, revokeScimToken } from "@/lib/scim/tokens";
import * as usersRoute from "@/app/api/scim/v2/Users/route";
import * as userRoute from "@/app/api/scim/v2/Users/[id]/route";
import * as groupsRoute from "@/app/api/scim/v2/Groups/route";
import * as groupRoute from "@/app/api/scim/v2/Groups/[id]/route";
import * as configRoute from "@/app/api/scim/v2/ServiceProviderConfig/route";
import * as schemasRoute from "@/app/api/scim/v2/Schemas/route";
import * as schemaRoute from "@/app/api/scim/v2/Schemas/[id]/route";
import * as resourceTypesRoute from "@/app/api/scim/v2/ResourceTypes/route";
import * as restRoute from "@/app/api/scim/v2/[...rest]/route";
import { resetDemoData } from "../support/db";
import { contextFor } from "../support/principals";

/**
 * SCIM 2.0 against the real database through the route handlers, walking what the well-known
 * conformance suites (Microsoft's SCIM validator, Okta's Runscope tests) check, plus Trellis's rules:
 * the token's scope, rule 3, sessions ended by deactivation, the audit trail with the token as actor.
 */
let db: Db;
const node = (key: string) => demoId(`node:${key}`);
const BASE = "http://localhost:3000/api/scim/v2";
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";

type Handler = (req: Request, ctx: { params: Promise<never> }) => Promise<Response>;

async function call(handler: unknown, token: string | null, method: string, path: string, options: { body?: unknown; params?: Record<string, unknown>; headers?: Record<string, string>; raw?: string } = {}) {
  const headers: Record<string, string> = { ...(token ? { authorization: `Bearer ${token}` } : {}), ...options.headers };
  if (options.body !== undefined || options.raw !== undefined) headers["content-type"] ??= "application/scim+json";
  const req = new Request(`${BASE}${path}`, { method, headers, body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)) });
  const res = await (handler as Handler)(req, { params: Promise.resolve((options.params ?? {}) as never) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, any>) : null }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function tokenFor(email: string, name = "Entra ID") {
  const ctx = await contextFor(db, email);
  return (await createScimToken(db, ctx, { name })).token;
}

const newUser = (userName: string, more: Record<string, unknown> = {}) => ({
  schemas: [USER],
  userName,
  externalId: `ext-${userName}`,
  name: { givenName: "Pat", familyName: "Lee" },
  displayName: "Pat Lee",
  emails: [{ value: userName, type: "work", primary: true }],
  active: true,
  ...more,
});

async function create(token: string, userName: string, more: Record<string, unknown> = {}) {
  const res = await call(usersRoute.POST, token, "POST", "/Users", { body: newUser(userName, more) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body!;
}

function expectScimError(res: { status: number; body: Record<string, unknown> | null; headers: Headers }, status: number, scimType?: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/scim\+json/);
  expect(res.body).toMatchObject({ schemas: [ERROR], status: String(status), ...(scimType ? { scimType } : {}) });
  expect(typeof res.body!.detail).toBe("string");
}

beforeEach(async () => {
  db = await resetDemoData();
});

describe("authentication", () => {
  it("refuses a missing, malformed, unknown or revoked token with 401, WWW-Authenticate and a SCIM error body", async () => {
    expectScimError(await call(usersRoute.GET, null, "GET", "/Users"), 401);
    const res = await call(usersRoute.GET, "not-a-token", "GET", "/Users");
    expectScimError(res, 401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expectScimError(await call(usersRoute.GET, `trellis_scim_${"A".repeat(43)}`, "GET", "/Users"), 401);
    const token = await tokenFor("admin@acme.example");
    expect((await call(usersRoute.GET, token, "GET", "/Users")).status).toBe(200);
    const [row] = await db.select({ id: scimTokens.id }).from(scimTokens);
    await revokeScimToken(db, await contextFor(db, "admin@acme.example"), row!.id);
    expectScimError(await call(usersRoute.GET, token, "GET", "/Users"), 401);
  });

  it("stops working when its creator is no longer an admin over its scope", async () => {
    const token = await tokenFor("uk.admin@acme.example");
    expect((await call(usersRoute.GET, token, "GET", "/Users")).status).toBe(200);
    await db.update(users).set({ status: "deactivated" }).where(eq(users.email, "uk.admin@acme.example"));
    expectScimError(await call(usersRoute.GET, token, "GET", "/Users"), 401);
    await db.update(users).set({ status: "active" }).where(eq(users.email, "uk.admin@acme.example"));
    expect((await call(usersRoute.GET, token, "GET", "/Users")).status).toBe(200);
    await db.delete(roleAssignments).where(and(eq(roleAssignments.userId, demoId("user:uk.admin@acme.example")), eq(roleAssignments.role, "enterprise_admin")));
    expectScimError(await call(usersRoute.GET, token, "GET", "/Users"), 401);
  });

  it("notes the token's last use", async () => {
    const token = await tokenFor("admin@acme.example");
    expect((await db.select().from(scimTokens))[0]!.lastUsedAt).toBeNull();
    await call(usersRoute.GET, token, "GET", "/Users?count=1");
    expect((await db.select().from(scimTokens))[0]!.lastUsedAt).toBeInstanceOf(Date);
  });
});

describe("discovery", () => {
  it("serves ServiceProviderConfig, Schemas and ResourceTypes as application/scim+json", async () => {
    const token = await tokenFor("admin@acme.example");
    const config = await call(configRoute.GET, token, "GET", "/ServiceProviderConfig");
    expect(config.status).toBe(200);
    expect(config.headers.get("content-type")).toMatch(/^application\/scim\+json/);
    expect(config.body).toMatchObject({ patch: { supported: true }, bulk: { supported: false }, filter: { supported: true, maxResults: 200 }, etag: { supported: true } });
    const schemas = await call(schemasRoute.GET, token, "GET", "/Schemas");
    expect(schemas.body!.Resources.map((s: { id: string }) => s.id)).toEqual([USER, GROUP]);
    expect((await call(schemaRoute.GET, token, "GET", `/Schemas/${USER}`, { params: { id: USER } })).body!.name).toBe("User");
    expectScimError(await call(schemaRoute.GET, token, "GET", "/Schemas/nope", { params: { id: "nope" } }), 404);
    expect((await call(resourceTypesRoute.GET, token, "GET", "/ResourceTypes")).body!.totalResults).toBe(2);
    expectScimError(await call(restRoute.POST, token, "POST", "/Bulk", { params: { rest: ["Bulk"] }, body: {} }), 501);
    expectScimError(await call(restRoute.GET, token, "GET", "/Nope", { params: { rest: ["Nope"] } }), 404);
  });
});

describe("users", () => {
  it("lists with paging: totalResults, startIndex, itemsPerPage; count capped; count=0 gives the total only", async () => {
    const token = await tokenFor("admin@acme.example");
    const all = await call(usersRoute.GET, token, "GET", "/Users");
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], startIndex: 1 });
    const total = all.body!.totalResults as number;
    expect(total).toBe(9); // Acme's nine people
    const page = await call(usersRoute.GET, token, "GET", "/Users?startIndex=3&count=4");
    expect(page.body).toMatchObject({ totalResults: total, startIndex: 3, itemsPerPage: 4 });
    expect(page.body!.Resources.map((r: { id: string }) => r.id)).toEqual(all.body!.Resources.slice(2, 6).map((r: { id: string }) => r.id));
    const none = await call(usersRoute.GET, token, "GET", "/Users?count=0");
    expect(none.body).toMatchObject({ totalResults: total, itemsPerPage: 0, Resources: [] });
    const huge = await call(usersRoute.GET, token, "GET", "/Users?count=99999999999999&startIndex=-5");
    expect(huge.body).toMatchObject({ totalResults: total, startIndex: 1, itemsPerPage: total });
    const past = await call(usersRoute.GET, token, "GET", "/Users?startIndex=500");
    expect(past.body).toMatchObject({ totalResults: total, startIndex: 500, itemsPerPage: 0 });
    expectScimError(await call(usersRoute.GET, token, "GET", "/Users?count=ten"), 400, "invalidValue");
  });

  it("filters: userName eq (any case), a filter matching nothing, externalId, emails, and/or/not, bad filters 400", async () => {
    const token = await tokenFor("admin@acme.example");
    const q = async (filter: string) => call(usersRoute.GET, token, "GET", `/Users?filter=${encodeURIComponent(filter)}`);
    const one = await q('userName eq "Orderer@Acme.example"');
    expect(one.body).toMatchObject({ totalResults: 1, Resources: [{ userName: "orderer@acme.example", active: true, emails: [{ value: "orderer@acme.example", type: "work", primary: true }] }] });
    expect((await q('userName eq "nobody@acme.example"')).body).toMatchObject({ totalResults: 0, Resources: [] });
    await create(token, "pat@acme.example");
    expect((await q('externalId eq "ext-pat@acme.example"')).body!.totalResults).toBe(1);
    expect((await q('externalId eq "EXT-pat@acme.example"')).body!.totalResults).toBe(0); // caseExact
    expect((await q('emails[type eq "work" and value co "pat@"]')).body!.totalResults).toBe(1);
    expect((await q('emails[type eq "work"].value eq "pat@acme.example"')).body!.totalResults).toBe(1);
    expect((await q('userName sw "admin" or userName sw "uk.admin"')).body!.totalResults).toBe(2);
    expect((await q('userName ew "@acme.example" and not (active eq false)')).body!.totalResults).toBe(10);
    expect((await q("externalId pr")).body!.totalResults).toBe(1);
    expect((await q('meta.lastModified gt "2000-01-01T00:00:00Z"')).body!.totalResults).toBe(10);
    expect((await q(`${USER}:userName eq "pat@acme.example"`)).body!.totalResults).toBe(1);
    expect((await q('id eq "not-a-uuid"')).body!.totalResults).toBe(0);
    expectScimError(await q('title eq "x"'), 400, "invalidFilter");
    expectScimError(await q("userName eq"), 400, "invalidFilter");
    expectScimError(await q('active gt true'), 400, "invalidFilter");
    expectScimError(await q('meta.created gt "yesterday"'), 400, "invalidFilter");
  });

  it("creates a user: 201, Location, ETag, provisioned by SCIM at the token's scope with no roles and no password", async () => {
    const token = await tokenFor("uk.admin@acme.example");
    const res = await call(usersRoute.POST, token, "POST", "/Users", { body: newUser("Pat@Acme.example") });
    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toMatch(/^application\/scim\+json/);
    const id = res.body!.id as string;
    expect(res.headers.get("location")).toBe(`${BASE}/Users/${id}`);
    expect(res.headers.get("etag")).toBe('W/"1"');
    expect(res.body).toMatchObject({ schemas: [USER], userName: "pat@acme.example", displayName: "Pat Lee", active: true, externalId: "ext-Pat@Acme.example", meta: { resourceType: "User", version: 'W/"1"', location: `${BASE}/Users/${id}` } });
    const [row] = await db.select().from(users).where(eq(users.id, id));
    expect(row).toMatchObject({ unitNodeId: node("acme-uk"), enterpriseId: node("acme"), provisionedBy: "scim", passwordHash: null, status: "active" });
    expect(await db.select().from(roleAssignments).where(eq(roleAssignments.userId, id))).toEqual([]);
    const got = await call(userRoute.GET, token, "GET", `/Users/${id}`, { params: { id } });
    expect(got.body).toMatchObject({ id, userName: "pat@acme.example" });
    const inactive = await create(token, "quiet@acme.example", { active: "False" });
    expect(inactive.active).toBe(false);
    expect((await db.select().from(users).where(eq(users.id, inactive.id)))[0]!.status).toBe("deactivated");
  });

  it("refuses a taken userName or externalId with 409 uniqueness, including another enterprise's address", async () => {
    const token = await tokenFor("admin@acme.example");
    await create(token, "pat@acme.example");
    expectScimError(await call(usersRoute.POST, token, "POST", "/Users", { body: newUser("PAT@acme.example", { externalId: "other" }) }), 409, "uniqueness");
    expectScimError(await call(usersRoute.POST, token, "POST", "/Users", { body: newUser("pat2@acme.example", { externalId: "ext-pat@acme.example" }) }), 409, "uniqueness");
    expectScimError(await call(usersRoute.POST, token, "POST", "/Users", { body: newUser("admin@globex.example", { externalId: "g" }) }), 409, "uniqueness");
  });

  it("answers bad input with 400 and unknown ids with 404, never 5xx", async () => {
    const token = await tokenFor("admin@acme.example");
    expectScimError(await call(usersRoute.POST, token, "POST", "/Users", { raw: "{not json" }), 400, "invalidSyntax");
    expectScimError(await call(usersRoute.POST, token, "POST", "/Users", { raw: "[1,2]" }), 400, "invalidSyntax");
    expectScimError(await call(usersRoute.POST, token, "POST", "/Users", { body: newUser("not-an-email") }), 400, "invalidValue");
    expectScimError(await call(usersRoute.POST, token, "POST", "/Users", { body: { schemas: [USER] } }), 400, "invalidValue");
    expectScimError(await call(usersRoute.POST, token, "POST", "/Users", { body: newUser("x@acme.example", { active: "maybe" }) }), 400, "invalidValue");
    expectScimError(await call(usersRoute.POST, token, "POST", "/Users", { body: newUser("x@acme.example"), headers: { "content-type": "text/plain" } }), 415);
    for (const id of ["nope", "00000000-0000-0000-0000-000000000000", "../etc", "'; drop table users;--"]) {
      expectScimError(await call(userRoute.GET, token, "GET", `/Users/${encodeURIComponent(id)}`, { params: { id } }), 404);
      expectScimError(await call(userRoute.PATCH, token, "PATCH", `/Users/x`, { params: { id }, body: { schemas: [PATCH], Operations: [{ op: "replace", path: "active", value: false }] } }), 404);
      expectScimError(await call(userRoute.DELETE, token, "DELETE", `/Users/x`, { params: { id } }), 404);
    }
  });

  it("keeps another enterprise's people, and people outside the token's scope or above it, invisible", async () => {
    const globex = await tokenFor("admin@globex.example", "Okta");
    const list = await call(usersRoute.GET, globex, "GET", "/Users");
    expect(list.body!.Resources.map((r: { userName: string }) => r.userName)).toEqual(["admin@globex.example"]);
    const ordererId = demoId("user:orderer@acme.example");
    expectScimError(await call(userRoute.GET, globex, "GET", `/Users/${ordererId}`, { params: { id: ordererId } }), 404);
    expectScimError(await call(userRoute.PUT, globex, "PUT", `/Users/${ordererId}`, { params: { id: ordererId }, body: newUser("orderer@acme.example") }), 404);
    expect((await call(usersRoute.GET, globex, "GET", `/Users?filter=${encodeURIComponent('userName eq "orderer@acme.example"')}`)).body!.totalResults).toBe(0);

    // Acme UK's token: UK people whose roles all lie in Acme UK; not the German billing viewer, not the CFO (a role on Acme Corp).
    const uk = await tokenFor("uk.admin@acme.example");
    const names = (await call(usersRoute.GET, uk, "GET", "/Users")).body!.Resources.map((r: { userName: string }) => r.userName).sort();
    expect(names).toEqual(["approver@acme.example", "billing@acme.example", "finance@acme.example", "orderer@acme.example", "siteadmin@acme.example", "uk.admin@acme.example"]);
    const cfo = demoId("user:cfo@acme.example");
    expectScimError(await call(userRoute.PATCH, uk, "PATCH", `/Users/${cfo}`, { params: { id: cfo }, body: { schemas: [PATCH], Operations: [{ op: "replace", path: "active", value: false }] } }), 404);
    expect((await db.select().from(users).where(eq(users.id, cfo)))[0]!.status).toBe("active");
  });

  it("PATCH replace and remove, with and without a path; ETag changes; a stale If-Match is 412", async () => {
    const token = await tokenFor("admin@acme.example");
    const pat = await create(token, "pat@acme.example");
    const id = pat.id as string;
    const patch = (Operations: unknown[], headers: Record<string, string> = {}) => call(userRoute.PATCH, token, "PATCH", `/Users/${id}`, { params: { id }, body: { schemas: [PATCH], Operations }, headers });

    const renamed = await patch([{ op: "replace", path: "displayName", value: "Patricia Lee" }], { "if-match": 'W/"1"' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ displayName: "Patricia Lee", name: { formatted: "Patricia Lee" } });
    expect(renamed.headers.get("etag")).toBe('W/"2"');
    expectScimError(await patch([{ op: "replace", path: "displayName", value: "Stale" }], { "if-match": 'W/"1"' }), 412);
    expect((await db.select().from(users).where(eq(users.id, id)))[0]!.name).toBe("Patricia Lee");

    const noPath = await patch([{ op: "replace", value: { userName: "patricia@acme.example", externalId: "p-1" } }]);
    expect(noPath.body).toMatchObject({ userName: "patricia@acme.example", externalId: "p-1" });
    const removed = await patch([{ op: "remove", path: "externalId" }]);
    expect(removed.status).toBe(200);
    expect(removed.body!.externalId).toBeUndefined();
    expectScimError(await patch([{ op: "remove" }]), 400, "noTarget");
    expectScimError(await patch([{ op: "replace", path: "id", value: "x" }]), 400, "mutability");
    expectScimError(await patch([{ op: "jump", path: "active", value: false }]), 400, "invalidSyntax");
    expectScimError(await patch([{ op: "replace", path: "userName", value: "admin@globex.example" }]), 409, "uniqueness");
    expectScimError(await patch([{ op: "replace", path: "emails[type eq", value: "x" }]), 400, "invalidPath");
    // A change made in the portal moves the ETag too (the trigger): an old If-Match cannot undo it.
    const before = (await call(userRoute.GET, token, "GET", `/Users/${id}`, { params: { id } })).headers.get("etag")!;
    await db.update(users).set({ name: "Changed in the portal" }).where(eq(users.id, id));
    expectScimError(await patch([{ op: "replace", path: "displayName", value: "From the IdP" }], { "if-match": before }), 412);
    const got = await call(userRoute.GET, token, "GET", `/Users/${id}`, { params: { id }, headers: { "if-none-match": before } });
    expect(got.status).toBe(200);
    const again = await call(userRoute.GET, token, "GET", `/Users/${id}`, { params: { id }, headers: { "if-none-match": got.headers.get("etag")! } });
    expect(again.status).toBe(304);
  });

  it("accepts Microsoft Entra's forms: capitalised ops, \"False\" as a string, emails[type eq \"work\"].value, value objects of paths", async () => {
    const token = await tokenFor("admin@acme.example");
    const pat = await create(token, "pat@acme.example");
    const id = pat.id as string;
    const res = await call(userRoute.PATCH, token, "PATCH", `/Users/${id}`, {
      params: { id },
      headers: { "content-type": "application/json" },
      body: {
        schemas: [PATCH],
        Operations: [
          { op: "Replace", path: 'emails[type eq "work"].value', value: "pat@acme.example" },
          { op: "Replace", path: "name.familyName", value: "Lee" },
          { op: "Add", value: { displayName: "Pat Q. Lee", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department": "Sales" } },
          { op: "Replace", path: "active", value: "False" },
        ],
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ displayName: "Pat Q. Lee", active: false });
    const back = await call(userRoute.PATCH, token, "PATCH", `/Users/${id}`, { params: { id }, body: { schemas: [PATCH], Operations: [{ op: "Replace", value: { active: "True" } }] } });
    expect(back.body!.active).toBe(true);
    expect((await db.select().from(users).where(eq(users.id, id)))[0]!.status).toBe("active");
  });

  it("PUT replaces the user", async () => {
    const token = await tokenFor("admin@acme.example");
    const pat = await create(token, "pat@acme.example");
    const id = pat.id as string;
    const res = await call(userRoute.PUT, token, "PUT", `/Users/${id}`, { params: { id }, body: { schemas: [USER], userName: "pat@acme.example", displayName: "Pat Replaced", active: true, locale: "de-DE", timezone: "Europe/Berlin" } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ displayName: "Pat Replaced", locale: "de-DE", timezone: "Europe/Berlin" });
    expect(res.body!.externalId).toBeUndefined();
  });

  it("deactivation through SCIM ends the person's sessions at their next request", async () => {
    const token = await tokenFor("admin@acme.example");
    const ordererId = demoId("user:orderer@acme.example");
    const session = await createSession(db, { id: ordererId, enterpriseId: node("acme") }, { address: null, userAgent: null });
    expect(await loadSessionPrincipal(db, session.id)).not.toBeNull();
    const res = await call(userRoute.PATCH, token, "PATCH", `/Users/${ordererId}`, { params: { id: ordererId }, body: { schemas: [PATCH], Operations: [{ op: "replace", path: "active", value: false }] } });
    expect(res.status).toBe(200);
    expect(await loadSessionPrincipal(db, session.id)).toBeNull();
    const events = await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, ordererId), eq(auditEvents.action, "user.deactivate")));
    expect(events).toHaveLength(1);
    expect(events[0]!.actorId).toBeNull();
    expect(events[0]!.actorTokenId).toBe((await db.select().from(scimTokens))[0]!.id);
  });

  it("DELETE deactivates, revokes roles, ends sessions, and the id is then 404 (created again: back under its id)", async () => {
    const token = await tokenFor("admin@acme.example");
    const ordererId = demoId("user:orderer@acme.example");
    const session = await createSession(db, { id: ordererId, enterpriseId: node("acme") }, { address: null, userAgent: null });
    const res = await call(userRoute.DELETE, token, "DELETE", `/Users/${ordererId}`, { params: { id: ordererId } });
    expect(res.status).toBe(204);
    expect(await loadSessionPrincipal(db, session.id)).toBeNull();
    const [row] = await db.select().from(users).where(eq(users.id, ordererId));
    expect(row).toMatchObject({ status: "deactivated" });
    expect(row!.scimDeletedAt).toBeInstanceOf(Date);
    expect(await db.select().from(roleAssignments).where(eq(roleAssignments.userId, ordererId))).toEqual([]);
    expectScimError(await call(userRoute.GET, token, "GET", `/Users/${ordererId}`, { params: { id: ordererId } }), 404);
    expectScimError(await call(userRoute.DELETE, token, "DELETE", `/Users/${ordererId}`, { params: { id: ordererId } }), 404);
    expect((await call(usersRoute.GET, token, "GET", `/Users?filter=${encodeURIComponent('userName eq "orderer@acme.example"')}`)).body!.totalResults).toBe(0);
    const back = await create(token, "orderer@acme.example");
    expect(back).toMatchObject({ id: ordererId, active: true });
  });

  it("never deactivates the enterprise's last admin", async () => {
    const token = await tokenFor("admin@acme.example");
    const adminId = demoId("user:admin@acme.example");
    expectScimError(await call(userRoute.PATCH, token, "PATCH", `/Users/${adminId}`, { params: { id: adminId }, body: { schemas: [PATCH], Operations: [{ op: "replace", path: "active", value: false }] } }), 409);
  });

  it("audits everything with the token as actor", async () => {
    const token = await tokenFor("admin@acme.example");
    const pat = await create(token, "pat@acme.example");
    await call(userRoute.PATCH, token, "PATCH", `/Users/${pat.id}`, { params: { id: pat.id }, body: { schemas: [PATCH], Operations: [{ op: "replace", path: "displayName", value: "P" }] } });
    const [t] = await db.select().from(scimTokens);
    const events = await db.select().from(auditEvents).where(isNotNull(auditEvents.actorTokenId));
    expect(events.map((e) => e.action).sort()).toEqual(["user.provision", "user.update"]);
    for (const e of events) expect(e).toMatchObject({ actorId: null, actorTokenId: t!.id, enterpriseId: node("acme") });
  });
});

describe("groups", () => {
  async function setup() {
    const token = await tokenFor("admin@acme.example");
    const pat = await create(token, "pat@acme.example");
    const sam = await create(token, "sam@acme.example");
    const g = await call(groupsRoute.POST, token, "POST", "/Groups", { body: { schemas: [GROUP], displayName: "Sales orderers", externalId: "g-1", members: [{ value: pat.id }] } });
    expect(g.status, JSON.stringify(g.body)).toBe(201);
    return { token, pat: pat.id as string, sam: sam.id as string, group: g.body! };
  }

  const viaRoles = (userId: string) => db.select().from(roleAssignments).where(and(eq(roleAssignments.userId, userId), isNotNull(roleAssignments.viaGroupRoleId)));

  it("creates, reads, lists and filters groups; 409 for a name taken in another case; 404 for unknown ids", async () => {
    const { token, pat, group } = await setup();
    expect(group).toMatchObject({ schemas: [GROUP], displayName: "Sales orderers", externalId: "g-1", members: [{ value: pat, display: "Pat Lee" }], meta: { resourceType: "Group", version: 'W/"1"' } });
    expectScimError(await call(groupsRoute.POST, token, "POST", "/Groups", { body: { schemas: [GROUP], displayName: "SALES ORDERERS" } }), 409, "uniqueness");
    const list = await call(groupsRoute.GET, token, "GET", `/Groups?filter=${encodeURIComponent('displayName eq "sales orderers"')}&excludedAttributes=members`);
    expect(list.body).toMatchObject({ totalResults: 1 });
    expect(list.body!.Resources[0].members).toBeUndefined();
    expect((await call(groupsRoute.GET, token, "GET", `/Groups?filter=${encodeURIComponent(`members[value eq "${pat}"]`)}`)).body!.totalResults).toBe(1);
    expect((await call(groupsRoute.GET, token, "GET", `/Groups?filter=${encodeURIComponent('displayName eq "nothing"')}`)).body!.totalResults).toBe(0);
    expectScimError(await call(groupRoute.GET, token, "GET", "/Groups/x", { params: { id: "x" } }), 404);
    const globex = await tokenFor("admin@globex.example");
    expectScimError(await call(groupRoute.GET, globex, "GET", `/Groups/${group.id}`, { params: { id: group.id } }), 404);
    expect((await call(groupsRoute.GET, globex, "GET", "/Groups")).body!.totalResults).toBe(0);
    expectScimError(await call(groupsRoute.POST, token, "POST", "/Groups", { body: { schemas: [GROUP], displayName: "Bad", members: [{ value: demoId("user:admin@globex.example") }] } }), 400, "invalidValue");
  });

  it("membership grants the mapped role and leaving revokes exactly it, keeping a role also held directly (Entra's forms)", async () => {
    const { token, pat, sam, group } = await setup();
    const admin = await contextFor(db, "admin@acme.example");
    const added = await addGroupRole(db, admin, { groupId: group.id, role: "orderer", scopeNodeId: node("london") });
    expect(added).toMatchObject({ granted: 1, members: 1 });
    expect(await viaRoles(pat)).toHaveLength(1);
    // Sam already holds the same role directly.
    await db.insert(roleAssignments).values({ userId: sam, enterpriseId: node("acme"), role: "orderer", scopeNodeId: node("london") });

    const patch = (Operations: unknown[], headers: Record<string, string> = {}) => call(groupRoute.PATCH, token, "PATCH", `/Groups/${group.id}`, { params: { id: group.id }, body: { schemas: [PATCH], Operations }, headers });
    const add = await patch([{ op: "Add", path: "members", value: [{ value: sam }] }]);
    expect(add.status, JSON.stringify(add.body)).toBe(200);
    expect(add.headers.get("etag")).toBe('W/"2"');
    expect((await viaRoles(sam)).map((r) => r.role)).toEqual(["orderer"]);
    expect(await db.select().from(roleAssignments).where(eq(roleAssignments.userId, sam))).toHaveLength(2);

    expectScimError(await patch([{ op: "Remove", path: `members[value eq "${sam}"]` }], { "if-match": 'W/"1"' }), 412);
    const removed = await patch([{ op: "Remove", path: `members[value eq "${sam}"]` }]);
    expect(removed.status).toBe(200);
    expect(await viaRoles(sam)).toEqual([]);
    expect((await db.select().from(roleAssignments).where(eq(roleAssignments.userId, sam))).map((r) => r.viaGroupRoleId)).toEqual([null]);

    // Entra's other removal form: the members named in the value.
    await patch([{ op: "Remove", path: "members", value: [{ value: pat }] }]);
    expect(await viaRoles(pat)).toEqual([]);
    const got = await call(groupRoute.GET, token, "GET", `/Groups/${group.id}`, { params: { id: group.id } });
    expect(got.body!.members).toEqual([]);

    const events = await db.select().from(auditEvents).where(and(isNotNull(auditEvents.actorTokenId), eq(auditEvents.subjectType, "RoleAssignment")));
    expect(events.map((e) => e.action).sort()).toEqual(["role.grant", "role.revoke", "role.revoke"]);
  });

  it("grants only what the token's ability allows; a subtree token may not change groups", async () => {
    const { token, pat, group } = await setup();
    const admin = await contextFor(db, "admin@acme.example");
    // The root admin maps a role on Acme Germany; the UK token's people would get it only through a root token.
    await addGroupRole(db, admin, { groupId: group.id, role: "billing_viewer", scopeNodeId: node("acme-de") });
    expect(await viaRoles(pat)).toHaveLength(1);
    const uk = await tokenFor("uk.admin@acme.example");
    expectScimError(await call(groupsRoute.POST, uk, "POST", "/Groups", { body: { schemas: [GROUP], displayName: "UK" } }), 403);
    expectScimError(await call(groupRoute.PATCH, uk, "PATCH", `/Groups/${group.id}`, { params: { id: group.id }, body: { schemas: [PATCH], Operations: [{ op: "add", path: "members", value: [{ value: pat }] }] } }), 404);
    // A member the token may add but not grant to: the CFO holds a role on Acme Corp, so no subtree token manages them;
    // a root token does, but never its own creator's… here: the root admin is a member; the mapping is granted within rules.
    const adminId = demoId("user:admin@acme.example");
    const res = await call(groupRoute.PATCH, token, "PATCH", `/Groups/${group.id}`, { params: { id: group.id }, body: { schemas: [PATCH], Operations: [{ op: "add", path: "members", value: [{ value: adminId }] }] } });
    expect(res.status).toBe(200);
    expect((await viaRoles(adminId)).map((r) => r.role)).toEqual(["billing_viewer"]);
  });

  it("refuses mapping the approver role or a CSP role, and never grants the mapping's admin themselves", async () => {
    const { token, group } = await setup();
    const admin = await contextFor(db, "admin@acme.example");
    await expect(addGroupRole(db, admin, { groupId: group.id, role: "approver", scopeNodeId: node("acme-uk") })).rejects.toThrow(/approval limit/);
    await expect(addGroupRole(db, admin, { groupId: group.id, role: "account_manager", scopeNodeId: node("acme") })).rejects.toThrow();
    const adminId = demoId("user:admin@acme.example");
    await call(groupRoute.PATCH, token, "PATCH", `/Groups/${group.id}`, { params: { id: group.id }, body: { schemas: [PATCH], Operations: [{ op: "add", path: "members", value: [{ value: adminId }] }] } });
    const result = await addGroupRole(db, admin, { groupId: group.id, role: "site_admin", scopeNodeId: node("acme") });
    expect(result).toMatchObject({ members: 2, granted: 1, refused: 1 });
    const uk = await contextFor(db, "uk.admin@acme.example");
    await expect(addGroupRole(db, uk, { groupId: group.id, role: "orderer", scopeNodeId: node("london") })).rejects.toThrow();
  });

  it("PUT replaces the member list; DELETE revokes members' roles and answers 404 afterwards", async () => {
    const { token, pat, sam, group } = await setup();
    const admin = await contextFor(db, "admin@acme.example");
    await addGroupRole(db, admin, { groupId: group.id, role: "technical_admin", scopeNodeId: node("acme-uk") });
    const put = await call(groupRoute.PUT, token, "PUT", `/Groups/${group.id}`, { params: { id: group.id }, body: { schemas: [GROUP], displayName: "Renamed", members: [{ value: sam }] } });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ displayName: "Renamed", members: [{ value: sam }] });
    expect(await viaRoles(pat)).toEqual([]);
    expect(await viaRoles(sam)).toHaveLength(1);
    expect((await call(groupRoute.DELETE, token, "DELETE", `/Groups/${group.id}`, { params: { id: group.id } })).status).toBe(204);
    expect(await viaRoles(sam)).toEqual([]);
    expectScimError(await call(groupRoute.GET, token, "GET", `/Groups/${group.id}`, { params: { id: group.id } }), 404);
  });
});
