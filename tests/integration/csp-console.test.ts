import { and, eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { accountNodes, billDisputes, billLines, bills, contracts, invitations } from "@/db/schema";
import { attentionSortKey, STALE_APPROVAL_HOURS } from "@/lib/csp/attention";
import { attentionFor, attentionSortSql, customersList, impersonable } from "@/lib/csp/console";
import { customerOverview, customerPeople } from "@/lib/csp/customer";
import { DEMO_NOW } from "@/lib/demo/data";
import { demoId } from "@/lib/demo/ids";
import { NotFoundError } from "@/lib/errors";
import { DEFAULT_ESCALATION_HOURS } from "@/lib/orders/submit";
import { resetDemoData } from "../support/db";
import { contextFor } from "../support/principals";

let db: Db;
beforeEach(async () => {
  db = await resetDemoData();
});

const acme = demoId("node:acme");
const globex = demoId("node:globex");
const user = (email: string) => demoId(`user:${email}`);
/** 45 days after the demo's "now": the last two months' bills are past due, pending orders long waiting. */
const NOW = new Date(DEMO_NOW.getTime() + 45 * 86_400_000);

async function consoleOf(email: string, search: Record<string, string> = {}) {
  const { ability, principal } = await contextFor(db, email);
  return customersList.page(db, { ability, timeZone: principal.timeZone }, customersList.parse(search));
}

/**
 * Gives Acme one of every kind of attention item the demo lacks (an open dispute, a contract near
 * its end, pending invitations), next to items that must not count: a resolved dispute already in
 * the demo, and expired, revoked and accepted invitations.
 */
async function addAttentionItems(now: Date) {
  const [line] = await db
    .select({ id: billLines.id, billId: billLines.billId, billingAccountId: bills.billingAccountId, amountMinor: billLines.amountMinor, taxMinor: billLines.taxMinor })
    .from(billLines)
    .innerJoin(bills, eq(bills.id, billLines.billId))
    .where(and(eq(billLines.enterpriseId, acme), eq(billLines.kind, "recurring")))
    .orderBy(bills.number, billLines.id)
    .limit(1);
  await db.insert(billDisputes).values({ enterpriseId: acme, billId: line!.billId, billLineId: line!.id, billingAccountId: line!.billingAccountId, raisedById: user("billing@acme.example"), reason: "Charged twice", amountMinor: line!.amountMinor, taxMinor: line!.taxMinor });
  const soon = new Date(now.getTime() + 30 * 86_400_000).toISOString().slice(0, 10);
  await db.update(contracts).set({ endsOn: soon }).where(and(eq(contracts.enterpriseId, acme), eq(contracts.status, "active")));
  const invite = (email: string, enterpriseId: string, extra: Partial<typeof invitations.$inferInsert> = {}) => ({
    enterpriseId,
    userId: user(email),
    email,
    tokenHash: `test-${email}-${Math.random()}`,
    invitedById: user("admin@acme.example"),
    expiresAt: new Date(now.getTime() + 7 * 86_400_000),
    ...extra,
  });
  await db.insert(invitations).values([
    invite("siteadmin@acme.example", acme),
    invite("billing@acme.example", acme, { expiresAt: new Date(now.getTime() - 60_000) }),
    invite("de.billing@acme.example", acme, { revokedAt: now }),
    invite("finance@acme.example", acme, { acceptedAt: now }),
    invite("admin@globex.example", globex),
  ]);
}

/** The same counts as hand-written SQL, written from the definitions rather than from attentionWhere. */
async function independentCounts(enterpriseId: string, now: Date) {
  const today = now.toISOString().slice(0, 10);
  const stale = new Date(now.getTime() - 48 * 3_600_000);
  const horizon = new Date(now.getTime() + 90 * 86_400_000).toISOString().slice(0, 10);
  const one = async (q: ReturnType<typeof sql>) => Number(((await db.execute(q)).rows[0] as { n: unknown }).n);
  return {
    staleApprovals: await one(sql`select count(*) as n from orders where enterprise_id = ${enterpriseId} and status = 'pending_approval' and submitted_at < ${stale.toISOString()}`),
    overdueBills: await one(sql`select count(*) as n from bills where enterprise_id = ${enterpriseId} and paid_minor < total_minor and due_on < ${today}::date`),
    overdue: ((await db.execute(sql`select currency, sum(total_minor - paid_minor) as amount from bills where enterprise_id = ${enterpriseId} and paid_minor < total_minor and due_on < ${today}::date group by currency order by currency`)).rows as { currency: string; amount: unknown }[]).map((r) => ({ currency: r.currency, amountMinor: Number(r.amount) })),
    openDisputes: await one(sql`select count(*) as n from bill_disputes where enterprise_id = ${enterpriseId} and status = 'open'`),
    pendingInvitations: await one(sql`select count(*) as n from invitations where enterprise_id = ${enterpriseId} and accepted_at is null and revoked_at is null and expires_at > ${now.toISOString()}`),
    renewals: await one(sql`select count(*) as n from contracts where enterprise_id = ${enterpriseId} and status = 'active' and ends_on <= ${horizon}::date`),
  };
}

describe("the CSP console", () => {
  it("an account manager sees its assigned enterprise only; a CSP administrator sees every one; customers may not open it", async () => {
    expect((await consoleOf("am@csp.example")).rows.map((r) => r.name)).toEqual(["Acme Corp"]);
    expect((await consoleOf("csp.admin@csp.example")).rows.map((r) => r.name)).toEqual(["Acme Corp", "Globex Inc"]);
    // The page 404s (the list's view asks canRead), and the query itself finds nothing.
    const admin = await contextFor(db, "admin@acme.example");
    expect(customersList.canRead(admin.ability)).toBe(false);
    expect((await consoleOf("admin@acme.example")).rows).toEqual([]);
    expect(customersList.canRead((await contextFor(db, "am@csp.example")).ability)).toBe(true);
  });

  it("searches by name or code", async () => {
    expect((await consoleOf("csp.admin@csp.example", { q: "glob" })).rows.map((r) => r.name)).toEqual(["Globex Inc"]);
    expect((await consoleOf("am@csp.example", { q: "glob" })).rows).toEqual([]);
  });

  it("shows who looks after each enterprise", async () => {
    const rows = (await consoleOf("csp.admin@csp.example")).rows;
    expect(rows.find((r) => r.id === acme)!.managers.map((m) => m.email)).toEqual(["am@csp.example"]);
    expect(rows.find((r) => r.id === globex)!.managers).toEqual([]);
    expect(rows.map((r) => r.support.state)).toEqual(["read_only", "read_only"]);
  });

  it("counts what needs attention as independent queries over the demo data do, overdue amounts per currency", async () => {
    await addAttentionItems(NOW);
    const got = await attentionFor(db, [acme, globex], NOW);
    for (const id of [acme, globex]) expect(got.get(id)).toEqual(await independentCounts(id, NOW));
    const a = got.get(acme)!;
    // Every kind is present, so each count above was really compared.
    expect(a.staleApprovals).toBeGreaterThan(0);
    expect(a).toMatchObject({ openDisputes: 1, pendingInvitations: 1, renewals: 1 });
    // Acme owes in two currencies: two amounts, never one sum; Globex's dollars stay Globex's.
    expect(a.overdue.map((o) => o.currency)).toEqual(["EUR", "GBP"]);
    expect(got.get(globex)!.overdue.map((o) => o.currency)).toEqual(["USD"]);
  });

  it("the stale-approval threshold is the approval policy's default escalation time", () => {
    expect(STALE_APPROVAL_HOURS).toBe(DEFAULT_ESCALATION_HOURS);
  });

  it("sorts by attention in SQL exactly as the rule ranks the counts", async () => {
    await addAttentionItems(NOW);
    const keys = await db
      .select({ id: accountNodes.id, key: sql<string>`${attentionSortSql(NOW)}` })
      .from(accountNodes)
      .where(eq(accountNodes.kind, "enterprise"));
    const counts = await attentionFor(db, keys.map((k) => k.id), NOW);
    for (const k of keys) expect(Number(k.key)).toBe(attentionSortKey(counts.get(k.id)!));

    // Through the list (today's clock): most in need first, and the reverse when flipped.
    const desc = (await consoleOf("csp.admin@csp.example", { sort: "attention" })).rows;
    const ranks = desc.map((r) => attentionSortKey(r.attention));
    expect(ranks).toEqual([...ranks].sort((x, y) => y - x));
    expect(desc[0]!.name).toBe("Acme Corp");
    const asc = (await consoleOf("csp.admin@csp.example", { sort: "attention", dir: "asc" })).rows;
    expect(asc.map((r) => r.id)).toEqual(desc.map((r) => r.id).reverse());
  });

  it("the customer page: not found for a foreign, unknown or malformed id", async () => {
    const { ability } = await contextFor(db, "am@csp.example");
    await expect(customerOverview(db, ability, globex)).rejects.toBeInstanceOf(NotFoundError);
    await expect(customerOverview(db, ability, demoId("node:acme-uk"))).rejects.toBeInstanceOf(NotFoundError);
    await expect(customerOverview(db, ability, demoId("node:nowhere"))).rejects.toBeInstanceOf(NotFoundError);
    await expect(customerOverview(db, ability, "not-an-id")).rejects.toBeInstanceOf(NotFoundError);
    const admin = (await contextFor(db, "admin@acme.example")).ability;
    await expect(customerOverview(db, admin, acme)).rejects.toBeInstanceOf(NotFoundError);
    // A CSP administrator reads every Customer, but a legal entity is not one.
    const cspAdmin = (await contextFor(db, "csp.admin@csp.example")).ability;
    await expect(customerOverview(db, cspAdmin, demoId("node:acme-uk"))).rejects.toBeInstanceOf(NotFoundError);
  });

  it("the customer page: figures, legal entities, the items themselves, and who may manage what", async () => {
    await addAttentionItems(NOW);
    const { ability } = await contextFor(db, "am@csp.example");
    const overview = await customerOverview(db, ability, acme, NOW);
    expect(overview.figures).toMatchObject({ legalEntities: 2, billingAccounts: 2, subAccounts: 5, sites: 5, currencies: ["EUR", "GBP"] });
    expect(overview.entities.map((e) => [e.name, e.countryCode, e.billingAccounts, e.currencies])).toEqual([
      ["Acme Germany GmbH", "DE", 1, ["EUR"]],
      ["Acme UK Ltd", "GB", 1, ["GBP"]],
    ]);
    expect(overview.can).toEqual({ seePeople: true, manageAccountManagers: false });
    // The oldest waiting orders first, as many as shown; each item of the other kinds.
    const oldest = (await db.execute(sql`select id from orders where enterprise_id = ${acme} and status = 'pending_approval' and submitted_at < ${new Date(NOW.getTime() - 48 * 3_600_000).toISOString()} order by submitted_at, id limit 5`)).rows.map((r) => (r as { id: string }).id);
    expect(overview.items.staleOrders.map((o) => o.id)).toEqual(oldest);
    expect(overview.items.overdueBills.length).toBe(Math.min(5, overview.attention.overdueBills));
    expect(overview.items.openDisputes).toHaveLength(1);
    expect(overview.items.invited.map((u) => u.email)).toEqual(["siteadmin@acme.example"]);
    expect(overview.items.renewals).toHaveLength(1);

    const cspAdmin = await customerOverview(db, (await contextFor(db, "csp.admin@csp.example")).ability, acme, NOW);
    expect(cspAdmin.can).toEqual({ seePeople: false, manageAccountManagers: true });
    // A CSP administrator sees the counts, not the customer's orders or people themselves; bills, disputes and contracts it reads.
    expect(cspAdmin.items.staleOrders).toEqual([]);
    expect(cspAdmin.items.invited).toEqual([]);
    expect(cspAdmin.items.renewals).toHaveLength(1);
    expect(cspAdmin.items.openDisputes).toHaveLength(1);
  });

  it("the customer's people: only the enterprise's, with View as where the account manager may impersonate", async () => {
    const { ability } = await contextFor(db, "am@csp.example");
    const people = await customerPeople(ability, acme, "UTC", {});
    const emails = people.rows.map((r) => r.email);
    expect(emails).toContain("orderer@acme.example");
    expect(emails.every((e) => e.endsWith("@acme.example"))).toBe(true);
    expect(people.viewAs.has(user("orderer@acme.example"))).toBe(true);
    expect(people.path).toBe(`/csp/customers/${acme}`);
    // Searching stays inside the enterprise.
    expect((await customerPeople(ability, acme, "UTC", { q: "example" })).rows.every((r) => r.email.endsWith("@acme.example"))).toBe(true);
    expect((await customerPeople(ability, acme, "UTC", { q: "orderer" })).rows.map((r) => r.email)).toEqual(["orderer@acme.example"]);
    // Never CSP staff or another enterprise's people, whatever ids are asked about.
    const ids = [user("orderer@acme.example"), user("csp.admin@csp.example"), user("am@csp.example"), user("admin@globex.example")];
    expect([...(await impersonable(db, ability, ids))]).toEqual([user("orderer@acme.example")]);
  });
});
