import { and, count, eq, lt, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { bills, orders } from "@/db/schema";
import { staleBefore } from "@/lib/csp/attention";
import { attentionFor, customersList, impersonable } from "@/lib/csp/console";
import { customerOverview } from "@/lib/csp/customer";
import { demoId } from "@/lib/demo/ids";
import { NotFoundError } from "@/lib/errors";
import { resetDemoData } from "../support/db";
import { contextFor } from "../support/principals";

let db: Db;
beforeEach(async () => {
  db = await resetDemoData();
});

const acme = demoId("node:acme");
const globex = demoId("node:globex");
const user = (email: string) => demoId(`user:${email}`);

async function consoleOf(email: string) {
  const { ability, principal } = await contextFor(db, email);
  return customersList.page(db, { ability, timeZone: principal.timeZone }, customersList.parse({}));
}

describe("the CSP console", () => {
  it("an account manager sees its assigned enterprise only; a CSP administrator sees every one; customers see none", async () => {
    expect((await consoleOf("am@csp.example")).rows.map((r) => r.name)).toEqual(["Acme Corp"]);
    expect((await consoleOf("csp.admin@csp.example")).rows.map((r) => r.name)).toEqual(["Acme Corp", "Globex Inc"]);
    expect((await consoleOf("admin@acme.example")).rows).toEqual([]);
  });

  it("shows who looks after each enterprise", async () => {
    const rows = (await consoleOf("csp.admin@csp.example")).rows;
    expect(rows.find((r) => r.id === acme)!.managers.map((m) => m.email)).toEqual(["am@csp.example"]);
    expect(rows.find((r) => r.id === globex)!.managers).toEqual([]);
  });

  it("counts what needs attention as independent queries over the demo data do", async () => {
    const now = new Date();
    const today = now.toISOString().slice(0, 10);
    const [stale] = await db.select({ n: count() }).from(orders).where(and(eq(orders.enterpriseId, acme), eq(orders.status, "pending_approval"), lt(orders.submittedAt, staleBefore(now))));
    const overdue = await db
      .select({ currency: bills.currency, n: count(), amount: sql<string>`sum(${bills.totalMinor} - ${bills.paidMinor})` })
      .from(bills)
      .where(and(eq(bills.enterpriseId, acme), sql`${bills.paidMinor} < ${bills.totalMinor}`, sql`${bills.dueOn} < ${today}::date`))
      .groupBy(bills.currency)
      .orderBy(bills.currency);
    const a = (await attentionFor(db, [acme], now)).get(acme)!;
    expect(a.staleApprovals).toBe(stale!.n);
    expect(a.overdueBills).toBe(overdue.reduce((s, o) => s + o.n, 0));
    // One amount per currency, never added across currencies.
    expect(a.overdue).toEqual(overdue.map((o) => ({ currency: o.currency, amountMinor: Number(o.amount) })));
    expect(new Set(a.overdue.map((o) => o.currency)).size).toBe(a.overdue.length);
  });

  it("the customer page: not found for a foreign, unknown or malformed id", async () => {
    const { ability } = await contextFor(db, "am@csp.example");
    await expect(customerOverview(db, ability, globex)).rejects.toBeInstanceOf(NotFoundError);
    await expect(customerOverview(db, ability, demoId("node:acme-uk"))).rejects.toBeInstanceOf(NotFoundError);
    await expect(customerOverview(db, ability, "not-an-id")).rejects.toBeInstanceOf(NotFoundError);
    const admin = (await contextFor(db, "admin@acme.example")).ability;
    await expect(customerOverview(db, admin, acme)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("the customer page: figures, and who the account manager may view the portal as", async () => {
    const { ability } = await contextFor(db, "am@csp.example");
    const overview = await customerOverview(db, ability, acme);
    expect(overview.figures).toMatchObject({ legalEntities: 2, billingAccounts: 2, subAccounts: 5, sites: 5, currencies: ["EUR", "GBP"] });
    expect(overview.can).toEqual({ seePeople: true, manageAccountManagers: false });
    const ids = [user("orderer@acme.example"), user("csp.admin@csp.example"), user("admin@globex.example")];
    expect([...(await impersonable(db, ability, ids))]).toEqual([user("orderer@acme.example")]);
    const cspAdmin = await customerOverview(db, (await contextFor(db, "csp.admin@csp.example")).ability, acme);
    expect(cspAdmin.can).toEqual({ seePeople: false, manageAccountManagers: true });
    // A CSP administrator sees the counts, not the customer's orders themselves.
    expect(cspAdmin.items.staleOrders).toEqual([]);
  });
});
