import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { bills } from "@/db/schema";
import { accountsShown, ageingShown, consolidation, consolidationParams, twelveMonths } from "@/lib/billing/consolidation";
import { billsList } from "@/lib/billing/list";
import { ageingBucket } from "@/lib/billing/state";
import { demoId } from "@/lib/demo/ids";
import { resetDemoData } from "../support/db";
import { contextFor } from "../support/principals";

let db: Db;
beforeEach(async () => {
  db = await resetDemoData();
});

const node = (key: string) => demoId(`node:${key}`);
const TODAY = "2026-12-03";
async function consolidate(email: string, params: Record<string, string> = {}) {
  const c = await contextFor(db, email);
  return consolidation(db, c.ability, consolidationParams(params), TODAY);
}
async function listBills(email: string, params: Record<string, string>) {
  const c = await contextFor(db, email);
  return billsList.page(db, { ability: c.ability, now: new Date(`${TODAY}T12:00:00Z`) }, billsList.parse(params));
}

describe("the billing consolidation", () => {
  it("lists the largest cost centres and sites, and sums the rest, to the penny and bill", async () => {
    const c = await contextFor(db, "admin@acme.example");
    const whole = await consolidation(db, c.ability, consolidationParams({}), TODAY, 1000);
    let split = 0;
    for (const top of [1, 2]) {
      const data = await consolidation(db, c.ability, consolidationParams({}), TODAY, top);
      for (const cur of data.currencies) {
        const all = whole.currencies.find((x) => x.currency === cur.currency)!;
        for (const key of ["costCentres", "sites"] as const) {
          const full = all[key].top;
          expect(cur[key].top).toEqual(full.slice(0, top));
          expect(cur[key].others).toEqual({ count: Math.max(0, full.length - top), totalMinor: full.slice(top).reduce((n, r) => n + r.totalMinor, 0) });
          if (full.length > top) split++;
        }
      }
    }
    expect(split).toBeGreaterThan(2);
  });

  it("keeps currencies apart and adds up to the bills behind each figure", async () => {
    const all = await db.select().from(bills);
    const data = await consolidate("admin@acme.example");
    expect(data.currencies.map((c) => c.currency)).toEqual(["EUR", "GBP"]);
    expect(data.to).toBe("2026-10");
    for (const c of data.currencies) {
      const mine = all.filter((b) => b.currency === c.currency && b.enterpriseId === node("acme") && b.periodStart >= `${data.from}-01` && b.periodStart <= `${data.to}-01`);
      expect(c.totalMinor).toBe(mine.reduce((n, b) => n + b.totalMinor, 0));
      expect(c.bills).toBe(mine.length);
      expect(c.accounts.reduce((n, a) => n + a.totalMinor, 0)).toBe(c.totalMinor);
      // However few accounts a table lists, the listed ones and the summed rest are the whole.
      for (const n of [0, 1, 20]) {
        const { shown, others } = accountsShown(c, n);
        expect(shown.length).toBe(Math.min(n, c.accounts.length));
        expect(shown.reduce((t, a) => t + a.totalMinor, 0) + others.totalMinor).toBe(c.totalMinor);
        expect(shown.reduce((t, a) => t + a.openMinor, 0) + others.openMinor).toBe(c.openMinor);
        expect(shown.reduce((t, a) => t + a.bills, 0) + others.bills).toBe(c.bills);
        const ageing = ageingShown(c, n);
        for (const [bucket, total] of Object.entries(c.ageing.total)) {
          expect(ageing.shown.reduce((t, a) => t + a.buckets[bucket as keyof typeof a.buckets], 0) + ageing.others.buckets[bucket as keyof typeof ageing.others.buckets]).toBe(total);
        }
      }
      // Spend by cost centre and by site, shown and summed, is the whole.
      for (const spend of [c.costCentres, c.sites]) expect(spend.top.reduce((n, r) => n + r.totalMinor, 0) + spend.others.totalMinor).toBe(c.totalMinor);
      expect(c.months.map((m) => m.month)).toEqual(twelveMonths("2026-10"));
      expect(c.months.reduce((n, m) => n + m.totalMinor, 0)).toBe(c.totalMinor);
      // The figure links to the bills list with the same filters: the same bills.
      const listed = await listBills("admin@acme.example", { currency: c.currency, from: data.from, to: data.to });
      expect(listed.total).toBe(c.bills);
    }
    expect(data.currencies.find((c) => c.currency === "GBP")!.accounts.map((a) => a.name)).toEqual(["Acme UK Billing"]);
  });

  it("narrows to a legal entity, and shows a billing viewer only their account", async () => {
    const uk = await consolidate("admin@acme.example", { node: node("acme-uk") });
    expect(uk.node).toMatchObject({ name: "Acme UK Ltd" });
    expect(uk.currencies.map((c) => c.currency)).toEqual(["GBP"]);
    const viewer = await consolidate("billing@acme.example");
    expect(viewer.currencies.map((c) => c.currency)).toEqual(["GBP"]);
    expect(viewer.nodes.map((n) => n.name)).toEqual(["Acme UK Billing"]);
    // Another account's id is not a way in: ignored, with a notice.
    const poking = await consolidate("billing@acme.example", { node: node("acme-de-ba") });
    expect(poking.node).toBeNull();
    expect(poking.notices).toHaveLength(1);
    expect(poking.currencies.map((c) => c.currency)).toEqual(["GBP"]);
    expect((await consolidate("de.billing@acme.example")).currencies.map((c) => c.currency)).toEqual(["EUR"]);
    expect((await consolidate("admin@globex.example")).currencies.map((c) => c.currency)).toEqual(["USD"]);
    // A CSP administrator sees every enterprise's, still one total per currency.
    expect((await consolidate("csp.admin@csp.example")).currencies.map((c) => c.currency)).toEqual(["EUR", "GBP", "USD"]);
  });

  it("ages what is unpaid by days past due, per account and in all, and each bucket links to its bills", async () => {
    const open = (await db.select().from(bills).where(eq(bills.enterpriseId, node("acme")))).filter((b) => b.paidMinor < b.totalMinor);
    expect(open.length).toBeGreaterThan(0);
    const data = await consolidate("admin@acme.example");
    for (const c of data.currencies) {
      const mine = open.filter((b) => b.currency === c.currency);
      for (const bucket of ["current", "1-30", "31-60", "61-90", "90+"] as const) {
        const expected = mine.filter((b) => ageingBucket(b.dueOn, TODAY) === bucket);
        expect(c.ageing.total[bucket]).toBe(expected.reduce((n, b) => n + b.totalMinor - b.paidMinor, 0));
        expect((await listBills("admin@acme.example", { currency: c.currency, age: bucket })).total).toBe(expected.length);
      }
    }
  });

  it("links cost centres, sites and nodes to the bills that charge them", async () => {
    const london = await listBills("admin@acme.example", { subAccount: node("london") });
    const ukBills = (await db.select().from(bills).where(eq(bills.billingAccountId, node("acme-uk-ba")))).length;
    expect(london.total).toBe(ukBills);
    expect((await listBills("admin@acme.example", { node: node("acme-de") })).rows.every((b) => b.currency === "EUR")).toBe(true);
    expect((await listBills("de.billing@acme.example", { node: node("acme-uk") })).total).toBe(0);
  });

  it("reads a malformed or reversed period without failing", async () => {
    const swapped = await consolidate("admin@acme.example", { from: "2026-10", to: "2026-05" });
    expect([swapped.from, swapped.to]).toEqual(["2026-05", "2026-10"]);
    expect(swapped.notices).toHaveLength(1);
    const odd = await consolidate("admin@acme.example", { from: "2026-13", to: "%E0%A4%A", node: "x" });
    expect(odd.to).toBe("2026-10");
  });
});
