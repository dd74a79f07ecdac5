import { parse } from "csv-parse/sync";
import { count, eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { auditEvents } from "@/db/schema";
import { demoId } from "@/lib/demo/ids";
import { auditList } from "@/lib/audit/list";
import { auditFilterOptions } from "@/lib/audit/queries";
import { recordAudit } from "@/lib/audit/record";
import { resetDemoData } from "../support/db";
import { contextFor } from "../support/principals";

// The action wrapper and the route wrapper ask next-auth for the request's context; here a test
// decides who is asking.
const asking = vi.hoisted(() => ({ ctx: null as null | { principal: unknown; ability: unknown } }));
vi.mock("@/lib/auth/principal", () => ({ currentContext: async () => asking.ctx, currentPrincipal: async () => null, requireContext: async () => asking.ctx }));

const { updateSiteAction } = await import("@/lib/sites/actions");
const { GET: exportAudit } = await import("@/app/api/audit/export/route");

let db: Db;
const node = (key: string) => demoId(`node:${key}`);
const user = (email: string) => demoId(`user:${email}`);
const TZ = "Europe/London";

/** Events on UK, German, Globex and no node, by different people, at known times. */
async function seedEvents() {
  const uk = await contextFor(db, "uk.admin@acme.example");
  const acme = await contextFor(db, "admin@acme.example");
  const globex = await contextFor(db, "admin@globex.example");
  const at = (iso: string) => new Date(iso);
  const rows = [
    { actorId: uk.principal.userId, nodeId: node("london"), enterpriseId: node("acme"), action: "site.update", subjectType: "Site", summary: "Updated site London HQ", createdAt: at("2026-07-10T09:00:00Z") },
    { actorId: uk.principal.userId, nodeId: node("acme-uk"), enterpriseId: node("acme"), action: "role.grant", subjectType: "RoleAssignment", summary: "Granted Orderer on Acme UK Ltd", createdAt: at("2026-07-14T23:30:00Z") }, // 15 July in London
    { actorId: acme.principal.userId, nodeId: node("manchester"), enterpriseId: node("acme"), action: "site.update", subjectType: "Site", summary: "Updated site Manchester Branch", createdAt: at("2026-07-20T12:00:00Z") },
    { actorId: acme.principal.userId, nodeId: node("berlin"), enterpriseId: node("acme"), action: "site.update", subjectType: "Site", summary: "Updated site Berlin Office", createdAt: at("2026-07-21T12:00:00Z") },
    { actorId: acme.principal.userId, nodeId: node("acme"), enterpriseId: node("acme"), action: "policy.update", subjectType: "ApprovalPolicy", summary: "Changed Acme Corp's approval policy", createdAt: at("2026-07-22T12:00:00Z") },
    { actorId: globex.principal.userId, nodeId: node("globex-rd"), enterpriseId: node("globex"), action: "site.update", subjectType: "Site", summary: "Updated site Cypress Creek Lab", createdAt: at("2026-07-23T12:00:00Z") },
    { actorId: uk.principal.userId, nodeId: null, enterpriseId: node("acme"), action: "site.update", outcome: "denied", subjectType: "Request", summary: "Refused site.update", createdAt: at("2026-07-24T12:00:00Z") },
  ];
  await db.insert(auditEvents).values(rows);
}

const summaries = (rows: { summary: string }[]) => rows.map((r) => r.summary);

beforeEach(async () => {
  db = await resetDemoData();
  asking.ctx = null;
});

describe("audit log scope", () => {
  it("uk.admin sees events on UK nodes, not German ones, not other enterprises', not unplaced ones", async () => {
    await seedEvents();
    const { ability } = await contextFor(db, "uk.admin@acme.example");
    const { rows, total } = await auditList.page(db, { ability, timeZone: TZ }, auditList.parse({}));
    expect(summaries(rows)).toEqual(["Updated site Manchester Branch", "Granted Orderer on Acme UK Ltd", "Updated site London HQ"]);
    expect(total).toBe(3);
  });

  it("the enterprise admin sees all of Acme, globex only Globex, a site admin nothing", async () => {
    await seedEvents();
    const acme = await contextFor(db, "admin@acme.example");
    expect(summaries((await auditList.page(db, { ability: acme.ability, timeZone: TZ }, auditList.parse({}))).rows)).toEqual([
      "Changed Acme Corp's approval policy",
      "Updated site Berlin Office",
      "Updated site Manchester Branch",
      "Granted Orderer on Acme UK Ltd",
      "Updated site London HQ",
    ]);
    const globex = await contextFor(db, "admin@globex.example");
    expect(summaries((await auditList.page(db, { ability: globex.ability, timeZone: TZ }, auditList.parse({}))).rows)).toEqual(["Updated site Cypress Creek Lab"]);
    const siteAdmin = await contextFor(db, "siteadmin@acme.example");
    expect(siteAdmin.ability.can("read", "AuditEvent")).toBe(false);
    expect((await auditList.page(db, { ability: siteAdmin.ability, timeZone: TZ }, auditList.parse({}))).total).toBe(0);
  });

  it("offers in its filters only actions, subjects and people from visible events", async () => {
    await seedEvents();
    const { ability } = await contextFor(db, "uk.admin@acme.example");
    const options = await auditFilterOptions(db, ability);
    expect(options.actions).toEqual(["role.grant", "site.update"]);
    expect(options.subjects).toEqual(["RoleAssignment", "Site"]);
    expect(options.people.map((p) => p.name)).toEqual(["Ada Admin", "Uma Kent"]);
    expect(options.people.map((p) => p.name)).not.toContain("Glen Globex");
  });
});

describe("audit log filters", () => {
  it("by actor, action, subject, outcome and search", async () => {
    await seedEvents();
    const { ability } = await contextFor(db, "admin@acme.example");
    const list = (f: Record<string, string>) => auditList.page(db, { ability, timeZone: TZ }, auditList.parse(f)).then((r) => summaries(r.rows));
    expect(await list({ actor: user("uk.admin@acme.example") })).toEqual(["Granted Orderer on Acme UK Ltd", "Updated site London HQ"]);
    expect(await list({ action: "role.grant" })).toEqual(["Granted Orderer on Acme UK Ltd"]);
    expect(await list({ action: "site.update", actor: user("admin@acme.example") })).toEqual(["Updated site Berlin Office", "Updated site Manchester Branch"]);
    expect(await list({ subject: "ApprovalPolicy" })).toEqual(["Changed Acme Corp's approval policy"]);
    expect(await list({ outcome: "denied" })).toEqual([]);
    expect(await list({ q: "uma" })).toEqual(["Granted Orderer on Acme UK Ltd", "Updated site London HQ"]);
    expect(await list({ q: "berlin" })).toEqual(["Updated site Berlin Office"]);
    expect(await list({ q: "100%" })).toEqual([]);
  });

  it("by time, as calendar days in the viewer's time zone", async () => {
    await seedEvents();
    const { ability } = await contextFor(db, "uk.admin@acme.example");
    const list = (f: Record<string, string>, tz = TZ) => auditList.page(db, { ability, timeZone: tz }, auditList.parse(f)).then((r) => summaries(r.rows));
    // 2026-07-14T23:30Z is 15 July in London (BST) but 14 July in UTC.
    expect(await list({ from: "2026-07-15" })).toEqual(["Updated site Manchester Branch", "Granted Orderer on Acme UK Ltd"]);
    expect(await list({ from: "2026-07-15" }, "UTC")).toEqual(["Updated site Manchester Branch"]);
    expect(await list({ to: "2026-07-14" })).toEqual(["Updated site London HQ"]);
    expect(await list({ from: "2026-07-10", to: "2026-07-10" })).toEqual(["Updated site London HQ"]);
    expect(await list({ from: "2026-07-21" })).toEqual([]);
    // A malformed date is ignored, not an error.
    expect(await list({ from: "15/07/2026" })).toHaveLength(3);
  });

  it("paginates 50 per page, newest first, with the total", async () => {
    const { principal, ability } = await contextFor(db, "uk.admin@acme.example");
    await db.insert(auditEvents).values(
      Array.from({ length: 120 }, (_, i) => ({
        actorId: principal.userId,
        enterpriseId: node("acme"),
        nodeId: node("london"),
        action: "site.update",
        subjectType: "Site",
        summary: `Change ${i}`,
        createdAt: new Date(Date.UTC(2026, 5, 1, 0, i)),
      })),
    );
    const first = await auditList.page(db, { ability, timeZone: TZ }, auditList.parse({}));
    const third = await auditList.page(db, { ability, timeZone: TZ }, auditList.parse({ page: "3" }));
    expect(first.total).toBe(120);
    expect(first.rows).toHaveLength(50);
    expect(first.rows[0]!.summary).toBe("Change 119");
    expect(summaries(third.rows)).toEqual(Array.from({ length: 20 }, (_, i) => `Change ${19 - i}`));
  });

  it("exports in batches without losing or repeating events that share a timestamp", async () => {
    const { principal, ability } = await contextFor(db, "uk.admin@acme.example");
    // One transaction: every event gets the same now(), microseconds and all.
    await db.transaction(async (tx) => {
      for (let i = 0; i < 7; i++) {
        await recordAudit(tx, principal, "r", { action: "site.update", subjectType: "Site", nodeId: node("london"), summary: `Same time ${i}` });
      }
    });
    const seen: string[] = [];
    for await (const batch of auditList.batches(db, { ability, timeZone: TZ }, auditList.filtersOf(auditList.parse({})), { batchSize: 3 })) seen.push(...summaries(batch));
    expect(seen).toEqual(Array.from({ length: 7 }, (_, i) => `Same time ${6 - i}`));
  });
});

describe("the audit table is append-only", () => {
  it("refuses UPDATE, DELETE and TRUNCATE, and the event stays as written", async () => {
    const { principal } = await contextFor(db, "uk.admin@acme.example");
    await recordAudit(db, principal, "r1", { action: "site.update", subjectType: "Site", nodeId: node("london"), summary: "Original" });
    const [event] = await db.select().from(auditEvents);
    // drizzle wraps the database's error; the trigger's message is the cause.
    const refused = (op: string) => (e: unknown) => {
      const err = e as Error & { cause?: Error };
      return new RegExp(`append-only \\(${op} refused\\)`).test(`${err.message} ${err.cause?.message ?? ""}`);
    };
    await expect(db.update(auditEvents).set({ summary: "Rewritten" }).where(eq(auditEvents.id, event!.id))).rejects.toSatisfy(refused("UPDATE"));
    await expect(db.delete(auditEvents).where(eq(auditEvents.id, event!.id))).rejects.toSatisfy(refused("DELETE"));
    await expect(db.execute(sql`truncate audit_events`)).rejects.toSatisfy(refused("TRUNCATE"));
    const after = await db.select().from(auditEvents);
    expect(after).toEqual([event]);
  });
});

describe("refused attempts", () => {
  it("are recorded on the actor's unit, so the admins over them see the denial", async () => {
    asking.ctx = await contextFor(db, "siteadmin@acme.example");
    const [london] = await db.execute<Record<string, string>>(sql`select * from sites where id = ${demoId("site:london")}`).then((r) => r.rows);
    const result = await updateSiteAction({
      id: london!.id,
      name: "Hijacked",
      addressLine1: london!.address_line1,
      city: london!.city,
      postcode: london!.postcode,
      countryCode: london!.country_code,
      subAccountId: london!.sub_account_id,
    });
    expect(result).toMatchObject({ ok: false, status: 404 });
    const [denied] = await db.select().from(auditEvents);
    expect(denied).toMatchObject({ outcome: "denied", action: "site.update", nodeId: node("manchester"), actorId: user("siteadmin@acme.example") });

    const uk = await contextFor(db, "uk.admin@acme.example");
    const seen = await auditList.page(db, { ability: uk.ability, timeZone: TZ }, auditList.parse({ outcome: "denied" }));
    expect(seen.rows.map((r) => [r.actorName, r.summary])).toEqual([["Sita Admin", "Refused site.update: Not found"]]);
    const globex = await contextFor(db, "admin@globex.example");
    expect((await auditList.page(db, { ability: globex.ability, timeZone: TZ }, auditList.parse({}))).total).toBe(0);
  });

  it("a successful edit through the action is recorded once, a bad input not at all", async () => {
    asking.ctx = await contextFor(db, "uk.admin@acme.example");
    const bad = await updateSiteAction({ id: demoId("site:london"), name: "London HQ", addressLine1: "1 Canada Square", city: "London", postcode: "10117", countryCode: "GB", subAccountId: node("london") });
    expect(bad).toMatchObject({ ok: false, status: 400, fieldErrors: { postcode: [expect.stringMatching(/United Kingdom/)] } });
    expect((await db.select({ n: count() }).from(auditEvents))[0]!.n).toBe(0);
  });
});

describe("CSV export", () => {
  const get = (query = "") => exportAudit(new Request(`http://localhost/api/audit/export${query}`), { params: Promise.resolve({}) });

  it("streams the filtered events the caller may read, and records the export", async () => {
    await seedEvents();
    asking.ctx = await contextFor(db, "uk.admin@acme.example");
    const res = await get(`?actor=${user("uk.admin@acme.example")}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/csv/);
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="audit-log-\d{4}-\d{2}-\d{2}\.csv"/);
    const records = parse(await res.text(), { columns: true, bom: true }) as Record<string, string>[];
    expect(records.map((r) => r.Summary)).toEqual(["Granted Orderer on Acme UK Ltd", "Updated site London HQ"]);
    expect(records[0]).toMatchObject({ Actor: "Uma Kent", "Actor email": "uk.admin@acme.example", Action: "role.grant", Outcome: "success", "Time (UTC)": "2026-07-14T23:30:00.000Z", "Time (Europe/London)": "15 Jul 2026, 00:30" });
    const [recorded] = await db.select().from(auditEvents).where(eq(auditEvents.action, "audit.export"));
    expect(recorded).toMatchObject({ actorId: user("uk.admin@acme.example"), nodeId: node("acme-uk"), summary: "Exported 2 audit events as CSV" });
  });

  it("refuses those who may not export, and the signed-out", async () => {
    asking.ctx = await contextFor(db, "am@csp.example");
    expect((await get()).status).toBe(403);
    asking.ctx = await contextFor(db, "siteadmin@acme.example");
    expect((await get()).status).toBe(404);
    asking.ctx = null;
    expect((await get()).status).toBe(401);
  });
});
