import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { roleAssignments, users } from "@/db/schema";
import { demoId } from "@/lib/demo/ids";
import { NotFoundError } from "@/lib/errors";
import { usersList } from "@/lib/users/list";
import { getUserDetail, listAssignmentsOf, nodeFilterOptions, recentEventsAbout } from "@/lib/users/queries";

const USER_PAGE_SIZE = usersList.pageSize;
import { grantRole } from "@/lib/users/mutations";
import { resetDemoData } from "../support/db";
import { contextFor } from "../support/principals";

const user = (email: string) => demoId(`user:${email}`);
const node = (key: string) => demoId(`node:${key}`);

const UK_USERS = ["approver@acme.example", "billing@acme.example", "finance@acme.example", "orderer@acme.example", "siteadmin@acme.example", "uk.admin@acme.example"];
const ACME_USERS = [...UK_USERS, "admin@acme.example", "cfo@acme.example", "de.billing@acme.example"].sort();

let db: Db;

async function list(email: string, raw: Record<string, unknown> = {}) {
  const { ability } = await contextFor(db, email);
  return usersList.page(db, { ability }, usersList.parse(raw));
}
const emails = (result: Awaited<ReturnType<typeof list>>) => result.rows.map((r) => r.email);

describe("the users list on the demo data", () => {
  beforeAll(async () => {
    db = await resetDemoData();
  });

  it("uk.admin sees exactly the users whose unit is in Acme UK, never de.billing", async () => {
    const result = await list("uk.admin@acme.example");
    expect(emails(result).sort()).toEqual(UK_USERS);
    expect(result.total).toBe(UK_USERS.length);
    expect(emails(result)).not.toContain("de.billing@acme.example");
    // Searching for a hidden user finds nothing, not even a count.
    expect((await list("uk.admin@acme.example", { q: "dieter" })).total).toBe(0);
  });

  it("admin@globex sees only Globex users; admin@acme only Acme users", async () => {
    expect(emails(await list("admin@globex.example"))).toEqual(["admin@globex.example"]);
    const acme = await list("admin@acme.example");
    expect(emails(acme).sort()).toEqual(ACME_USERS);
    expect(emails(await list("admin@acme.example", { q: "globex" }))).toEqual([]);
  });

  it("an account manager sees its enterprise's users and itself; the CSP admin only CSP staff", async () => {
    expect(emails(await list("am@csp.example")).sort()).toEqual([...ACME_USERS, "am@csp.example"].sort());
    expect(emails(await list("csp.admin@csp.example")).sort()).toEqual(["am@csp.example", "csp.admin@csp.example"]);
  });

  it("searches name and email, case-insensitively, with wildcards taken literally", async () => {
    expect(emails(await list("uk.admin@acme.example", { q: "PROVER" }))).toEqual(["approver@acme.example"]);
    expect(emails(await list("uk.admin@acme.example", { q: "april" }))).toEqual(["approver@acme.example"]);
    expect(emails(await list("uk.admin@acme.example", { q: "billing@" }))).toEqual(["billing@acme.example"]);
    expect(emails(await list("uk.admin@acme.example", { q: "  Sita " }))).toEqual(["siteadmin@acme.example"]);
    expect((await list("uk.admin@acme.example", { q: "%" })).total).toBe(0);
    expect((await list("uk.admin@acme.example", { q: "_" })).total).toBe(0);
  });

  it("filters by role, counting only assignments the viewer may read", async () => {
    expect(emails(await list("uk.admin@acme.example", { role: "approver" })).sort()).toEqual(["approver@acme.example", "finance@acme.example"]);
    expect(emails(await list("admin@acme.example", { role: "approver" })).sort()).toEqual(["approver@acme.example", "cfo@acme.example", "finance@acme.example"]);
    expect(emails(await list("uk.admin@acme.example", { role: "enterprise_admin" }))).toEqual(["uk.admin@acme.example"]);
    expect(emails(await list("uk.admin@acme.example", { role: "site_admin" }))).toEqual(["siteadmin@acme.example"]);
    // An unknown role in the URL falls back to no filter rather than failing the page.
    expect((await list("uk.admin@acme.example", { role: "root" })).total).toBe(UK_USERS.length);
  });

  it("filters by node: users whose unit is at or under it", async () => {
    expect(emails(await list("uk.admin@acme.example", { node: node("manchester") }))).toEqual(["siteadmin@acme.example"]);
    expect(emails(await list("uk.admin@acme.example", { node: node("acme-uk-ba") })).sort()).toEqual(["billing@acme.example", "orderer@acme.example", "siteadmin@acme.example"]);
    expect(emails(await list("admin@acme.example", { node: node("acme-de") }))).toEqual(["de.billing@acme.example"]);
    // A node outside the viewer's scope filters everything out and says so.
    const foreign = await list("uk.admin@acme.example", { node: node("acme-de") });
    expect(foreign).toMatchObject({ total: 0, notices: ["That unit is not in your scope."] });
  });

  it("combines search, role and node filters", async () => {
    expect(emails(await list("admin@acme.example", { q: "acme.example", role: "billing_viewer", node: node("acme-uk") }))).toEqual(["billing@acme.example"]);
  });

  it("sorts by name and email, both directions", async () => {
    expect(emails(await list("uk.admin@acme.example"))).toEqual([
      "approver@acme.example", // April Prover
      "billing@acme.example", // Bill Ing
      "finance@acme.example", // Fin Ance
      "orderer@acme.example", // Oliver Ord
      "siteadmin@acme.example", // Sita Admin
      "uk.admin@acme.example", // Uma Kent
    ]);
    expect(emails(await list("uk.admin@acme.example", { sort: "name", dir: "desc" }))[0]).toBe("uk.admin@acme.example");
    expect(emails(await list("uk.admin@acme.example", { sort: "email" }))).toEqual([...UK_USERS].sort());
    expect(emails(await list("uk.admin@acme.example", { sort: "email", dir: "desc" }))).toEqual([...UK_USERS].sort().reverse());
  });

  it("shows each user's unit and roles in force with their scope", async () => {
    const result = await list("uk.admin@acme.example");
    const orderer = result.rows.find((r) => r.email === "orderer@acme.example")!;
    expect(orderer).toMatchObject({ unitName: "London HQ", status: "active", roles: [{ role: "orderer", scopeName: "Acme UK Ltd" }] });
  });

  it("the node filter offers only readable nodes, in tree order", async () => {
    const { ability } = await contextFor(db, "uk.admin@acme.example");
    const options = await nodeFilterOptions(db, ability);
    expect(options.map((o) => o.name).sort()).toEqual(["Acme UK Billing", "Acme UK Ltd", "Edinburgh Data Centre", "London HQ", "Manchester Branch"]);
    expect(Object.fromEntries(options.map((o) => [o.name, o.depth]))).toEqual({
      "Acme UK Ltd": 0,
      "Acme UK Billing": 1,
      "Edinburgh Data Centre": 2,
      "London HQ": 2,
      "Manchester Branch": 2,
    });
    expect(options.map((o) => o.name)).toEqual(["Acme UK Ltd", "Acme UK Billing", "Edinburgh Data Centre", "London HQ", "Manchester Branch"]);
  });

  it("malformed search params fall back to defaults", () => {
    expect(usersList.parse({ sort: "password", dir: "sideways", page: "-3", status: "ghost", node: "not-a-uuid", q: "" })).toEqual({
      q: undefined,
      role: undefined,
      status: undefined,
      node: undefined,
      sort: "name",
      dir: "asc",
      page: 1,
    });
  });
});

describe("status, last sign-in and paging", () => {
  beforeAll(async () => {
    db = await resetDemoData();
    await db.update(users).set({ status: "deactivated", deactivatedAt: new Date() }).where(eq(users.id, user("finance@acme.example")));
    await db.update(users).set({ lastSignInAt: new Date("2026-10-01T09:00:00Z") }).where(eq(users.id, user("billing@acme.example")));
    await db.update(users).set({ lastSignInAt: new Date("2026-10-20T09:00:00Z") }).where(eq(users.id, user("orderer@acme.example")));
    // 60 invited people at Manchester Branch (and 5 at Berlin Office, outside uk.admin's scope).
    await db.insert(users).values([
      ...Array.from({ length: 60 }, (_, i) => ({
        email: `new${String(i).padStart(2, "0")}@acme.example`,
        name: `Newcomer ${String(i).padStart(2, "0")}`,
        enterpriseId: node("acme"),
        unitNodeId: node("manchester"),
        status: "invited" as const,
      })),
      ...Array.from({ length: 5 }, (_, i) => ({ email: `neu${i}@acme.example`, name: `Newcomer Berlin ${i}`, enterpriseId: node("acme"), unitNodeId: node("berlin"), status: "invited" as const })),
    ]);
    // An expired assignment does not show as a role nor match the role filter.
    await db.insert(roleAssignments).values({ userId: user("billing@acme.example"), enterpriseId: node("acme"), role: "site_admin", scopeNodeId: node("london"), expiresAt: new Date(Date.now() - 1000) });
  });

  it("filters by status", async () => {
    expect(emails(await list("uk.admin@acme.example", { status: "deactivated" }))).toEqual(["finance@acme.example"]);
    expect((await list("uk.admin@acme.example", { status: "invited" })).total).toBe(60);
    expect((await list("uk.admin@acme.example", { status: "active" })).total).toBe(5);
  });

  it("sorts by status, then name", async () => {
    const result = await list("uk.admin@acme.example", { sort: "status", page: 3 });
    // invited (60) first, then active (5), then deactivated (1): page 3 holds the last 10 invited, the 5 active and the deactivated.
    expect(result.rows.map((r) => r.status)).toEqual([...Array(10).fill("invited"), ...Array(5).fill("active"), "deactivated"]);
    const desc = await list("uk.admin@acme.example", { sort: "status", dir: "desc" });
    expect(desc.rows[0]!.email).toBe("finance@acme.example");
  });

  it("sorts by last sign-in, never-signed-in last in both directions", async () => {
    const desc = await list("uk.admin@acme.example", { sort: "lastSignIn", dir: "desc" });
    expect(emails(desc).slice(0, 2)).toEqual(["orderer@acme.example", "billing@acme.example"]);
    const asc = await list("uk.admin@acme.example", { sort: "lastSignIn", dir: "asc" });
    expect(emails(asc).slice(0, 2)).toEqual(["billing@acme.example", "orderer@acme.example"]);
    expect(asc.rows[2]!.lastSignInAt).toBeNull();
  });

  it("pages 25 at a time with a total; pages do not overlap and cover everyone", async () => {
    const pages = await Promise.all([1, 2, 3].map((page) => list("uk.admin@acme.example", { page })));
    expect(pages.map((p) => p.total)).toEqual([66, 66, 66]);
    expect(pages.map((p) => p.rows.length)).toEqual([USER_PAGE_SIZE, USER_PAGE_SIZE, 16]);
    const all = pages.flatMap((p) => emails(p));
    expect(new Set(all).size).toBe(66);
    expect(all.filter((e) => e.startsWith("neu"))).toEqual([]);
    expect((await list("uk.admin@acme.example", { page: 4 })).rows).toEqual([]);
    // Filters page too.
    const newcomers = await list("uk.admin@acme.example", { q: "newcomer", page: 3 });
    expect(newcomers).toMatchObject({ total: 60 });
    expect(emails(newcomers)).toEqual(Array.from({ length: 10 }, (_, i) => `new${50 + i}@acme.example`));
  });

  it("expired assignments show no badge and do not match the role filter", async () => {
    const billing = (await list("uk.admin@acme.example", { q: "billing@" })).rows[0]!;
    expect(billing.roles).toEqual([{ role: "billing_viewer", scopeName: "Acme UK Billing" }]);
    expect(emails(await list("uk.admin@acme.example", { role: "site_admin" }))).toEqual(["siteadmin@acme.example"]);
  });
});

describe("the user page", () => {
  beforeAll(async () => {
    db = await resetDemoData();
  });

  it("is not found for users outside the viewer's scope or malformed ids", async () => {
    const { ability, principal } = await contextFor(db, "uk.admin@acme.example");
    for (const id of [user("de.billing@acme.example"), user("admin@globex.example"), user("cfo@acme.example"), "not-a-uuid", "00000000-0000-4000-8000-000000000000"]) {
      await expect(getUserDetail(db, ability, principal.userId, id)).rejects.toBeInstanceOf(NotFoundError);
    }
    await expect(listAssignmentsOf(db, ability, user("de.billing@acme.example"))).rejects.toBeInstanceOf(NotFoundError);
  });

  it("offers uk.admin only Acme UK nodes when granting, and no controls on its own page", async () => {
    const { ability, principal } = await contextFor(db, "uk.admin@acme.example");
    const detail = await getUserDetail(db, ability, principal.userId, user("approver@acme.example"));
    expect(detail.can).toEqual({ grant: true, deactivate: true, reactivate: false, endSessions: true });
    expect(detail.grant.nodes.map((n) => n.name)).toEqual(["Acme UK Ltd", "Acme UK Billing", "Edinburgh Data Centre", "London HQ", "Manchester Branch"]);
    expect(detail.grant.roles).not.toContain("csp_admin");
    expect(detail.grant.currencies).toEqual(["GBP"]);
    expect(detail.assignments).toMatchObject([{ role: "approver", scopeName: "Acme UK Ltd", approvalLimitMinor: 5_000_000, limitCurrency: "GBP", grantedByName: "Casey Park", canRevoke: true, expired: false }]);

    const own = await getUserDetail(db, ability, principal.userId, principal.userId);
    expect(own.isSelf).toBe(true);
    expect(own.can).toEqual({ grant: false, deactivate: false, reactivate: false, endSessions: false });
    expect(own.assignments).toMatchObject([{ role: "enterprise_admin", canRevoke: false }]);
  });

  it("admin@acme is offered nodes of the whole of Acme, and none of Globex", async () => {
    const { ability, principal } = await contextFor(db, "admin@acme.example");
    const detail = await getUserDetail(db, ability, principal.userId, user("approver@acme.example"));
    const names = detail.grant.nodes.map((n) => n.name);
    expect(names).toContain("Berlin Office");
    expect(names).toContain("Acme Corp");
    expect(names.some((n) => n.startsWith("Globex") || n === "Springfield Campus")).toBe(false);
    expect(detail.grant.currencies).toEqual(["EUR", "GBP"]);
  });

  it("a site admin sees its own page without any controls", async () => {
    const { ability, principal } = await contextFor(db, "siteadmin@acme.example");
    const own = await getUserDetail(db, ability, principal.userId, principal.userId);
    expect(own.can).toEqual({ grant: false, deactivate: false, reactivate: false, endSessions: false });
  });

  it("lists recent audit events about the user, newest first, that the viewer may read", async () => {
    const uk = await contextFor(db, "uk.admin@acme.example");
    const ada = await contextFor(db, "admin@acme.example");
    await grantRole(db, uk, { userId: user("approver@acme.example"), role: "orderer", scopeNodeId: node("manchester") });
    const { deactivateUser } = await import("@/lib/users/mutations");
    await deactivateUser(db, uk, user("approver@acme.example"));
    // An event about the same user but on a German node: admin@acme may read it, uk.admin may not.
    // (From here on the approver holds a role outside Acme UK, so only admin@acme manages them.)
    await grantRole(db, ada, { userId: user("approver@acme.example"), role: "billing_viewer", scopeNodeId: node("acme-de-ba") });
    // Noise: an event about someone else.
    await grantRole(db, uk, { userId: user("finance@acme.example"), role: "orderer", scopeNodeId: node("london") });

    const forUk = await recentEventsAbout(db, uk.ability, user("approver@acme.example"));
    expect(forUk.map((e) => [e.action, e.summary, e.actorName])).toEqual([
      ["user.deactivate", "Deactivated April Prover (approver@acme.example)", "Uma Kent"],
      ["role.grant", "Granted Orderer on Manchester Branch", "Uma Kent"],
    ]);
    const forAda = await recentEventsAbout(db, ada.ability, user("approver@acme.example"));
    expect(forAda.map((e) => e.action)).toEqual(["role.grant", "user.deactivate", "role.grant"]);
    expect(forAda[0]!.summary).toBe("Granted Billing viewer on Acme Germany Billing");

    // A revoke is found through the event's before.
    const { revokeRole } = await import("@/lib/users/mutations");
    const [orderer] = await db.select().from(roleAssignments).where(sql`${roleAssignments.userId} = ${user("approver@acme.example")} and ${roleAssignments.role} = 'orderer'`);
    await revokeRole(db, ada, orderer!.id);
    expect((await recentEventsAbout(db, uk.ability, user("approver@acme.example")))[0]).toMatchObject({ action: "role.revoke", summary: "Revoked Orderer on Manchester Branch" });
    expect(await recentEventsAbout(db, uk.ability, user("approver@acme.example"), 1)).toHaveLength(1);
  });
});

describe("with 20,000 users", () => {
  beforeAll(async () => {
    db = await resetDemoData();
    const units = [node("london"), node("manchester"), node("edinburgh"), node("berlin")];
    await db.execute(sql`
      insert into users (id, enterprise_id, unit_node_id, email, name, status, last_sign_in_at)
      select gen_random_uuid(), ${node("acme")}::uuid,
             (array[${units[0]}::uuid, ${units[1]}::uuid, ${units[2]}::uuid, ${units[3]}::uuid])[1 + i % 4],
             'bulk' || i || '@acme.example',
             'Bulk User ' || lpad(i::text, 5, '0'),
             (array['active', 'invited', 'deactivated'])[1 + i % 3]::user_status,
             case when i % 2 = 0 then timestamptz '2026-10-01' + (i || ' minutes')::interval end
      from generate_series(1, 20000) as i`);
    await db.execute(sql`
      insert into role_assignments (user_id, enterprise_id, role, scope_node_id)
      select id, enterprise_id, 'orderer', unit_node_id from users where email like 'bulk%' and right(split_part(email, '@', 1), 1) = '5'`);
    await db.execute(sql`analyze users`);
    await db.execute(sql`analyze role_assignments`);
  }, 120_000);

  it("answers each list in SQL, quickly, with the right totals", async () => {
    const timed = async (raw: Record<string, unknown>) => {
      const started = performance.now();
      const result = await list("uk.admin@acme.example", raw);
      return { result, ms: performance.now() - started };
    };
    // Units: i % 4 = 0 → London, 1 → Manchester, 2 → Edinburgh, 3 → Berlin (outside uk.admin's scope).
    const all = await timed({});
    expect(all.result.total).toBe(15_000 + UK_USERS.length);
    expect(all.result.rows).toHaveLength(USER_PAGE_SIZE);

    const search = await timed({ q: "bulk user 1999" });
    expect(emails(search.result).sort()).toEqual(["bulk19990@acme.example", "bulk19992@acme.example", "bulk19993@acme.example", "bulk19994@acme.example", "bulk19996@acme.example", "bulk19997@acme.example", "bulk19998@acme.example"].sort());
    // 19991 and 19995 sit in Berlin, outside the scope; "Bulk User 01999" does not contain the term.

    const filtered = await timed({ role: "orderer", node: node("manchester"), sort: "lastSignIn", dir: "desc", page: 10 });
    // Manchester is i % 4 = 1 (odd i, never signed in); orderers are i ending in 5: i ≡ 5 (mod 20) → 1,000 users.
    expect(filtered.result.total).toBe(1000);
    expect(filtered.result.rows).toHaveLength(USER_PAGE_SIZE);
    expect(filtered.result.rows.every((r) => r.roles.some((x) => x.role === "orderer" && x.scopeName === "Manchester Branch"))).toBe(true);

    const lastPage = await timed({ status: "invited", sort: "email", page: 200 });
    expect(lastPage.result.total).toBe(5000);
    expect(lastPage.result.rows).toHaveLength(USER_PAGE_SIZE);

    const times = [all, search, filtered, lastPage].map((t) => Math.round(t.ms));
    console.info(`users list with 20,000 users: ${times.join(" ms, ")} ms`);
    // Generous bounds for a shared 2-core machine; loading the rows into JS would take far longer.
    for (const t of times) expect(t).toBeLessThan(3000);
  });
});
