import { and, desc, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { billLines, bills } from "@/db/schema";
import { raiseDispute, resolveDispute } from "@/lib/billing/disputes";
import { disputesList } from "@/lib/billing/disputes-list";
import { demoId } from "@/lib/demo/ids";
import { ConflictError } from "@/lib/errors";
import { resetDemoData } from "../support/db";
import { contextFor } from "../support/principals";

let db: Db;
beforeEach(async () => {
  db = await resetDemoData();
});

const ctx = (email: string) => contextFor(db, email);
async function listAs(email: string, params: Record<string, string> = {}) {
  const c = await ctx(email);
  return disputesList.page(db, { ability: c.ability, userId: c.principal.userId }, disputesList.parse(params));
}
async function openUkDispute() {
  const [bill] = await db.select().from(bills).where(eq(bills.billingAccountId, demoId("node:acme-uk-ba"))).orderBy(desc(bills.periodStart));
  const [line] = await db.select().from(billLines).where(and(eq(billLines.billId, bill!.id), eq(billLines.kind, "recurring"))).orderBy(billLines.description).limit(1);
  return raiseDispute(db, await ctx("billing@acme.example"), { lineId: line!.id, reason: "Charged twice" });
}

describe("the disputes list", () => {
  it("shows each person the disputes of their scope, open first, and offers resolving only to the CSP on open ones", async () => {
    const { id } = await openUkDispute();
    const am = await listAs("am@csp.example");
    expect(am.rows.map((r) => r.status)).toEqual(["open", "credited"]);
    expect(am.rows[0]).toMatchObject({ id, reason: "Charged twice", canResolve: true, accountName: "Acme UK Billing" });
    expect(am.rows[1]!.canResolve).toBe(false);
    expect((await listAs("csp.admin@csp.example")).rows.find((r) => r.id === id)!.canResolve).toBe(true);
    // Customers read their own scope's disputes, and resolve none.
    const viewer = await listAs("billing@acme.example");
    expect(viewer.total).toBe(2);
    expect(viewer.rows.every((r) => !r.canResolve)).toBe(true);
    expect((await listAs("admin@acme.example")).total).toBe(2);
    expect((await listAs("de.billing@acme.example")).total).toBe(0);
    expect((await listAs("admin@globex.example")).total).toBe(0);
  });

  it("filters by status and search, and a resolved dispute cannot be resolved again", async () => {
    const { id } = await openUkDispute();
    expect((await listAs("am@csp.example", { status: "open" })).rows.map((r) => r.id)).toEqual([id]);
    expect((await listAs("am@csp.example", { q: "twice" })).total).toBe(1);
    expect((await listAs("am@csp.example", { q: "nothing like this" })).total).toBe(0);
    const am = await ctx("am@csp.example");
    await resolveDispute(db, am, { disputeId: id, outcome: "credited", resolution: "Refunded" });
    await expect(resolveDispute(db, await ctx("csp.admin@csp.example"), { disputeId: id, outcome: "rejected", resolution: "No" })).rejects.toThrow(ConflictError);
    const row = (await listAs("billing@acme.example")).rows.find((r) => r.id === id)!;
    expect(row).toMatchObject({ status: "credited", resolution: "Refunded", resolvedBy: "Alex Morgan" });
  });
});
