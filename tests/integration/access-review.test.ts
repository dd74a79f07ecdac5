import { parse } from "csv-parse/sync";
import { eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { auditEvents, roleAssignments, users } from "@/db/schema";
import { demoId } from "@/lib/demo/ids";
import { describeAssignment } from "@/lib/access-review/describe";
import { accessReviewList } from "@/lib/access-review/list";
import { reviewCounts } from "@/lib/access-review/queries";
import { resetDemoData } from "../support/db";
import { contextFor } from "../support/principals";

const asking = vi.hoisted(() => ({ ctx: null as null | { principal: unknown; ability: unknown } }));
vi.mock("@/lib/auth/principal", () => ({ currentContext: async () => asking.ctx, currentPrincipal: async () => null, requireContext: async () => asking.ctx }));
const { GET: exportReview } = await import("@/app/api/access-review/export/route");

let db: Db;
// The export route uses the real clock, so the fixtures are placed relative to it too.
const NOW = new Date();
const days = (d: number) => new Date(NOW.getTime() + d * 86_400_000);
const user = (email: string) => demoId(`user:${email}`);
const node = (key: string) => demoId(`node:${key}`);
const UK_PEOPLE = ["April Prover", "Bill Ing", "Fin Ance", "Oliver Ord", "Sita Admin", "Uma Kent"];

async function setSignIn(email: string, at: Date | null) {
  await db.update(users).set({ lastSignInAt: at }).where(eq(users.id, user(email)));
}

/** Known sign-ins and expiries: who should carry which flag at NOW. */
async function arrangeFlags() {
  await setSignIn("uk.admin@acme.example", days(0));
  await setSignIn("orderer@acme.example", days(-10));
  await setSignIn("approver@acme.example", days(-100)); // dormant
  await setSignIn("finance@acme.example", null); // never, created 2025-01-01: dormant
  await setSignIn("siteadmin@acme.example", days(-1));
  await setSignIn("billing@acme.example", days(-1));
  // Sita gets a second role ending in five days: expiring.
  await db.insert(roleAssignments).values({ userId: user("siteadmin@acme.example"), enterpriseId: node("acme"), role: "technical_admin", scopeNodeId: node("manchester"), expiresAt: days(5) });
  // Bill's only role ended yesterday: expired.
  await db.update(roleAssignments).set({ expiresAt: days(-1) }).where(eq(roleAssignments.userId, user("billing@acme.example")));
}

const list = async (email: string, params: Record<string, string> = {}) => {
  const { ability } = await contextFor(db, email);
  return accessReviewList.page(db, { ability, now: NOW }, accessReviewList.parse(params));
};
const names = (rows: { name: string }[]) => rows.map((r) => r.name);

beforeEach(async () => {
  db = await resetDemoData();
  asking.ctx = null;
});

describe("who is in the review", () => {
  it("uk.admin sees the UK people, none from Germany, the group or the CSP", async () => {
    const { rows, total } = await list("uk.admin@acme.example");
    expect(names(rows)).toEqual(UK_PEOPLE);
    expect(total).toBe(6);
  });

  it("admin@acme sees all of Acme; globex only Globex", async () => {
    expect(names((await list("admin@acme.example")).rows)).toEqual(["Ada Admin", "April Prover", "Bill Ing", "Clara Fo", "Dieter Billing", "Fin Ance", "Oliver Ord", "Sita Admin", "Uma Kent"]);
    expect(names((await list("admin@globex.example")).rows)).toEqual(["Glen Globex"]);
  });

  it("describes each person's roles in plain words", async () => {
    const { rows } = await list("uk.admin@acme.example");
    const words = (name: string) => rows.find((r) => r.name === name)!.assignments.map((a) => describeAssignment(a));
    expect(words("April Prover")).toEqual(["Can approve orders up to £50,000.00 in GBP for Acme UK Ltd and everything under it"]);
    expect(words("Uma Kent")[0]).toMatch(/^Can manage users, roles and sites in Acme UK Ltd and everything under it/);
    expect(words("Sita Admin")).toEqual(["Can manage sites in Manchester Branch, and see the services and orders there"]);
    expect(words("Oliver Ord")).toEqual(["Can place and cancel their own orders for Acme UK Ltd and everything under it, up to £25,000.00 a month in GBP without extra approval, and see the orders there"]);
  });

  it("shows only the assignments inside the viewer's scope, and flags none outside it", async () => {
    await setSignIn("orderer@acme.example", days(-1));
    await db.insert(roleAssignments).values({ userId: user("orderer@acme.example"), enterpriseId: node("acme"), role: "orderer", scopeNodeId: node("berlin"), expiresAt: days(-3) });
    const uk = (await list("uk.admin@acme.example")).rows.find((r) => r.name === "Oliver Ord")!;
    expect(uk.assignments.map((a) => a.scopeName)).toEqual(["Acme UK Ltd"]);
    expect(uk.flags).toEqual([]);
    const group = (await list("admin@acme.example")).rows.find((r) => r.name === "Oliver Ord")!;
    expect(group.assignments.map((a) => a.scopeName)).toEqual(["Acme UK Ltd", "Berlin Office"]);
    expect(group.flags).toContain("expired");
  });
});

describe("flags", () => {
  it("are computed from sign-ins, creation and expiries", async () => {
    await arrangeFlags();
    const { rows } = await list("uk.admin@acme.example");
    expect(Object.fromEntries(rows.map((r) => [r.name, r.flags]))).toEqual({
      "April Prover": ["dormant"],
      "Bill Ing": ["expired"],
      "Fin Ance": ["dormant"],
      "Oliver Ord": [],
      "Sita Admin": ["expiring"],
      "Uma Kent": [],
    });
  });

  it("filter in SQL exactly as the pure rules flag", async () => {
    await arrangeFlags();
    const everyone = (await list("uk.admin@acme.example")).rows;
    expect(names((await list("uk.admin@acme.example", { flag: "any" })).rows)).toEqual(names(everyone.filter((r) => r.flags.length > 0)));
    for (const flag of ["dormant", "expiring", "expired"] as const) {
      expect(names((await list("uk.admin@acme.example", { flag })).rows), flag).toEqual(names(everyone.filter((r) => r.flags.includes(flag))));
    }
    const { ability } = await contextFor(db, "uk.admin@acme.example");
    expect(await reviewCounts(db, ability, NOW)).toEqual({ people: 6, dormant: 2, expiring: 1, expired: 1 });
  });

  it("does not call a deactivated account dormant, and an invited one only after 90 days", async () => {
    await arrangeFlags();
    await db.update(users).set({ status: "deactivated" }).where(eq(users.id, user("approver@acme.example")));
    const invitedAt = days(-30);
    await db.insert(users).values({ email: "new.joiner@acme.example", name: "New Joiner", enterpriseId: node("acme"), unitNodeId: node("london"), status: "invited", createdAt: invitedAt });
    const { rows } = await list("uk.admin@acme.example", { flag: "dormant" });
    expect(names(rows)).toEqual(["Fin Ance"]);
    expect(names((await list("uk.admin@acme.example", { status: "invited" })).rows)).toEqual(["New Joiner"]);
  });

  it("searches and sorts by the longest without sign-in", async () => {
    await arrangeFlags();
    expect(names((await list("uk.admin@acme.example", { q: "ACME.EXAMPLE" })).rows)).toHaveLength(6);
    expect(names((await list("uk.admin@acme.example", { q: "prover" })).rows)).toEqual(["April Prover"]);
    expect(names((await list("uk.admin@acme.example", { sort: "signin" })).rows).slice(0, 2)).toEqual(["Fin Ance", "April Prover"]);
  });
});

describe("at scale", () => {
  it("paginates on the server and exports every person once, in order", async () => {
    await db.execute(sql`
      insert into users (email, name, enterprise_id, unit_node_id, status, created_at)
      select 'person' || g || '@acme.example', 'Person ' || lpad(g::text, 4, '0'), ${node("acme")}, ${node("manchester")}, 'active', ${days(-10).toISOString()}::timestamptz
      from generate_series(1, 230) g`);
    const { ability } = await contextFor(db, "uk.admin@acme.example");
    const page5 = await accessReviewList.page(db, { ability, now: NOW }, accessReviewList.parse({ page: "5" }));
    expect(page5.total).toBe(236);
    expect(page5.rows).toHaveLength(36);
    const seen: string[] = [];
    for await (const batch of accessReviewList.batches(db, { ability, now: NOW }, accessReviewList.filtersOf(accessReviewList.parse({})), { batchSize: 17 })) seen.push(...names(batch));
    expect(seen).toHaveLength(236);
    expect(new Set(seen).size).toBe(236);
    expect(seen.slice(0, 3)).toEqual(["April Prover", "Bill Ing", "Fin Ance"]);
    expect(seen).toEqual([...seen].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0)));
  });
});

describe("CSV export", () => {
  const get = (query = "") => exportReview(new Request(`http://localhost/api/access-review/export${query}`), { params: Promise.resolve({}) });

  it("gives the UK people with their permissions in plain words and flags, and records the export", async () => {
    await arrangeFlags();
    asking.ctx = await contextFor(db, "uk.admin@acme.example");
    const res = await get("?flag=any");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/access-review-\d{4}-\d{2}-\d{2}\.csv/);
    const records = parse(await res.text(), { columns: true, bom: true }) as Record<string, string>[];
    expect(records.map((r) => r.Name)).toEqual(["April Prover", "Bill Ing", "Fin Ance", "Sita Admin"]);
    const april = records.find((r) => r.Name === "April Prover")!;
    expect(april).toMatchObject({ Email: "approver@acme.example", Status: "active", Flags: "Dormant", Permissions: "Can approve orders up to £50,000.00 in GBP for Acme UK Ltd and everything under it" });
    expect(records.some((r) => r.Name === "Dieter Billing")).toBe(false);
    const [recorded] = await db.select().from(auditEvents).where(eq(auditEvents.action, "access_review.export"));
    expect(recorded).toMatchObject({ actorId: user("uk.admin@acme.example"), nodeId: node("acme-uk") });
  });

  it("refuses those who may not export it, and those who may not see it", async () => {
    asking.ctx = await contextFor(db, "am@csp.example");
    expect((await get()).status).toBe(403);
    asking.ctx = await contextFor(db, "siteadmin@acme.example");
    expect((await get()).status).toBe(404);
  });
});
