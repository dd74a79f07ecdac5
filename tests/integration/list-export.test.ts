import { AbilityBuilder, createMongoAbility } from "@casl/ability";
import { parse } from "csv-parse/sync";
import { and, eq, inArray } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { accountNodes, auditEvents } from "@/db/schema";
import { demoId } from "@/lib/demo/ids";
import type { AppAbility } from "@/lib/authz/ability";
import { conditionsMatcher, under$ } from "@/lib/authz/conditions";
import { streamCsvExport } from "@/lib/list/export";
import { usersExport } from "@/lib/users/export";
import { usersList } from "@/lib/users/list";
import { resetDemoData } from "../support/db";
import { contextFor } from "../support/principals";

const asking = vi.hoisted(() => ({ ctx: null as null | { principal: unknown; ability: unknown } }));
vi.mock("@/lib/auth/principal", () => ({ currentContext: async () => asking.ctx, currentPrincipal: async () => null, requireContext: async () => asking.ctx }));
const { GET: exportUsers } = await import("@/app/api/users/export/route");
const { GET: exportAudit } = await import("@/app/api/audit/export/route");

let db: Db;
const node = (key: string) => demoId(`node:${key}`);
const get = (handler: typeof exportUsers, url: string) => handler(new Request(`http://localhost${url}`), { params: Promise.resolve({}) });
const exportEvents = (action: string) => db.select().from(auditEvents).where(eq(auditEvents.action, action));
const records = async (res: Response) => parse(await res.text(), { columns: true, bom: true }) as Record<string, string>[];

beforeEach(async () => {
  db = await resetDemoData();
  asking.ctx = null;
});
afterEach(() => {
  vi.useRealTimers();
});

describe("the one CSV export path", () => {
  it("exports what the list's filters select, in the import's columns", async () => {
    asking.ctx = await contextFor(db, "uk.admin@acme.example");
    const res = await get(exportUsers, "/api/users/export?role=approver");
    expect(res.status).toBe(200);
    const rows = await records(res);
    expect(Object.keys(rows[0]!)).toEqual(["email", "name", "unit", "status", "role", "scope", "approval_limit", "spend_limit", "currency", "expires_at"]);
    expect([...new Set(rows.map((r) => r.email))].sort()).toEqual(["approver@acme.example", "finance@acme.example"]);
  });

  it("records the export in the audit log once the file has been written, not before", async () => {
    asking.ctx = await contextFor(db, "uk.admin@acme.example");
    const res = await get(exportUsers, "/api/users/export");
    expect(await exportEvents("user.export")).toHaveLength(0);
    const rows = await records(res);
    const [event] = await exportEvents("user.export");
    expect(event).toMatchObject({ nodeId: node("acme-uk"), subjectType: "User", summary: `Exported users and their role assignments as CSV (${rows.length} rows)` });
  });

  it("records nothing when the download is abandoned before its end", async () => {
    asking.ctx = await contextFor(db, "uk.admin@acme.example");
    const res = await get(exportUsers, "/api/users/export");
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain("email,name,unit");
    await reader.cancel();
    expect(await exportEvents("user.export")).toHaveLength(0);
  });

  it("names the file with today's date where the user is", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-12-02T12:30:00Z"));
    const ctx = await contextFor(db, "admin@acme.example");
    asking.ctx = { ...ctx, principal: { ...ctx.principal, timeZone: "Pacific/Kiritimati" } };
    const res = await get(exportAudit, "/api/audit/export");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="audit-log-2026-12-03.csv"');
    await res.text();
  });

  it("answers 404 to who may not open the list and 403 to who may read but not export it, writing nothing", async () => {
    asking.ctx = await contextFor(db, "siteadmin@acme.example");
    expect((await get(exportUsers, "/api/users/export")).status).toBe(404);
    asking.ctx = await contextFor(db, "am@csp.example");
    const refused = await get(exportUsers, "/api/users/export");
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: "You may not export users." });
    expect(await exportEvents("user.export")).toHaveLength(0);
  });

  it("checks export per row: rows readable but not exportable stay out of the file", async () => {
    // An ability (not one of the demo roles) that reads people across Acme but exports only in Acme UK.
    const paths = Object.fromEntries(
      (await db.select({ id: accountNodes.id, path: accountNodes.path }).from(accountNodes).where(inArray(accountNodes.id, [node("acme"), node("acme-uk")]))).map((n) => [n.id, n.path]),
    );
    const b = new AbilityBuilder<AppAbility>(createMongoAbility);
    b.can("read", ["User", "RoleAssignment"], { path: under$(paths[node("acme")]!) } as never);
    b.can("export", "User", { path: under$(paths[node("acme-uk")]!) } as never);
    const ability = b.build({ conditionsMatcher });
    const { principal } = await contextFor(db, "admin@acme.example");
    const read = await usersList.page(db, { ability }, usersList.parse({}));
    expect(read.rows.map((r) => r.email)).toContain("de.billing@acme.example");

    const body = streamCsvExport(usersList, usersExport, { db, principal, ability, filters: usersList.filtersOf(usersList.parse({})), requestId: null });
    const exported = new Set((await records(new Response(body))).map((r) => r.email));
    expect(exported.has("de.billing@acme.example")).toBe(false);
    expect(exported.has("admin@acme.example")).toBe(false);
    expect(exported.has("uk.admin@acme.example")).toBe(true);
    expect(await db.select().from(auditEvents).where(and(eq(auditEvents.action, "user.export"), eq(auditEvents.actorId, principal.userId)))).toHaveLength(1);
  });

  it("streams every row once, in batches, whatever the batch size", async () => {
    const { ability } = await contextFor(db, "admin@acme.example");
    const all = (await usersList.page(db, { ability }, usersList.parse({}))).total;
    for (const batchSize of [1, 2, 7]) {
      const seen: string[] = [];
      for await (const batch of usersList.batches(db, { ability }, usersList.filtersOf(usersList.parse({})), { batchSize })) {
        expect(batch.length).toBeLessThanOrEqual(batchSize);
        seen.push(...batch.map((r) => r.email));
      }
      expect(seen).toHaveLength(all);
      expect(seen).toEqual([...seen].sort());
    }
  });
});
