import { and, count, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditEvents, billDisputes, billLines, billPayments, billSplits, bills, services } from "@/db/schema";
import { raiseDispute, resolveDispute } from "@/lib/billing/disputes";
import { recordPayment } from "@/lib/billing/payments";
import { runBill, runBillsStep } from "@/lib/billing/run";
import { recordPaymentSchema } from "@/lib/billing/schemas";
import { billState } from "@/lib/billing/state";
import { demoId } from "@/lib/demo/ids";
import { ConflictError, ForbiddenError, InvalidError, NotFoundError } from "@/lib/errors";
import { resetDemoData } from "../support/db";
import { contextFor } from "../support/principals";

let db: Db;
beforeEach(async () => {
  db = await resetDemoData();
});

const node = (key: string) => demoId(`node:${key}`);
const ctx = (email: string) => contextFor(db, email);
const UK = node("acme-uk-ba");
const DE = node("acme-de-ba");
/** The demo has bills up to October 2026; November is billed in these tests, early in December. */
const RUN_AT = new Date("2026-12-01T06:00:00Z");
const NOVEMBER = { billingAccountId: UK, period: "2026-11" };

async function billsOf(account: string) {
  return db.select().from(bills).where(eq(bills.billingAccountId, account));
}
async function linesOf(billId: string) {
  return db.select().from(billLines).where(eq(billLines.billId, billId));
}

describe("the bill run", () => {
  it("bills a month once: a second run, or two at the same time, leave exactly one bill", async () => {
    const csp = await ctx("csp.admin@csp.example");
    const runs = await Promise.all([runBill(db, csp, NOVEMBER, RUN_AT), runBill(db, csp, NOVEMBER, RUN_AT), runBill(db, null, NOVEMBER, RUN_AT)]);
    expect(runs.filter((r) => r.created)).toHaveLength(1);
    expect(runs.filter((r) => !r.created).every((r) => r.reason === "exists")).toBe(true);
    const november = (await billsOf(UK)).filter((b) => b.periodStart === "2026-11-01");
    expect(november).toHaveLength(1);
    const lines = await linesOf(november[0]!.id);
    const again = await runBill(db, csp, NOVEMBER, new Date("2026-12-20T00:00:00Z"));
    expect(again).toMatchObject({ created: false, reason: "exists", billId: november[0]!.id });
    expect(await linesOf(november[0]!.id)).toEqual(lines);
    // One audit event for the one bill.
    expect((await db.select({ n: count() }).from(auditEvents).where(and(eq(auditEvents.action, "bill.issue"), eq(auditEvents.subjectId, november[0]!.id))))[0]!.n).toBe(1);
  });

  it("charges every service of the account's cost centres, prorated, taxed at the legal entity's rate, due by its terms", async () => {
    const { billId } = await runBill(db, null, NOVEMBER, RUN_AT);
    const [bill] = await db.select().from(bills).where(eq(bills.id, billId!));
    const lines = await linesOf(billId!);
    const active = await db.select().from(services).where(eq(services.status, "active"));
    const ukSubs = [node("london"), node("manchester"), node("edinburgh")];
    expect(lines.filter((l) => l.kind === "recurring")).toHaveLength(active.filter((s) => ukSubs.includes(s.subAccountId)).length);
    for (const l of lines) expect(l.taxMinor).toBe(Math.round(l.amountMinor * 0.2)); // GB: 20%
    expect(bill!.subtotalMinor).toBe(lines.reduce((n, l) => n + l.amountMinor, 0));
    expect(bill!.totalMinor).toBe(bill!.subtotalMinor + bill!.taxMinor);
    expect(bill).toMatchObject({ currency: "GBP", periodEnd: "2026-11-30", paymentTerms: "net_30", dueOn: "2026-12-31", paidMinor: 0 });
    // Splits written with the bill add up to it in each dimension.
    const splits = await db.select().from(billSplits).where(eq(billSplits.billId, billId!));
    for (const dimension of ["sub_account", "site", "offering"]) {
      expect(splits.filter((s) => s.dimension === dimension).reduce((n, s) => n + s.amountMinor + s.taxMinor, 0)).toBe(bill!.totalMinor);
    }
  });

  it("prorates a service installed mid-month by days active over days in the month", async () => {
    const [svc] = await db.select().from(services).where(eq(services.subAccountId, node("manchester")));
    await db.update(services).set({ activatedAt: new Date("2026-11-21T09:00:00Z") }).where(eq(services.id, svc!.id));
    const { billId } = await runBill(db, null, NOVEMBER, RUN_AT);
    const line = (await linesOf(billId!)).find((l) => l.siteId === svc!.siteId && l.offeringId === svc!.offeringId);
    expect(line!.description).toMatch(/\(10 of 30 days\)$/);
    expect(line!.amountMinor).toBe(Math.round((svc!.recurringMinor * svc!.quantity * 10) / 30));
  });

  it("refuses a month that has not ended, a malformed month, and people who do not run billing", async () => {
    await expect(runBill(db, null, { billingAccountId: UK, period: "2026-12" }, RUN_AT)).rejects.toThrow(InvalidError);
    await expect(runBill(db, null, { billingAccountId: UK, period: "2026-13" }, RUN_AT)).rejects.toThrow(InvalidError);
    await expect(runBill(db, await ctx("billing@acme.example"), NOVEMBER, RUN_AT)).rejects.toThrow(ForbiddenError);
    await expect(runBill(db, await ctx("orderer@acme.example"), NOVEMBER, RUN_AT)).rejects.toThrow(NotFoundError);
    await expect(runBill(db, await ctx("csp.admin@csp.example"), { billingAccountId: node("london"), period: "2026-11" }, RUN_AT)).rejects.toThrow(NotFoundError);
    expect((await billsOf(UK)).filter((b) => b.periodStart === "2026-11-01")).toHaveLength(0);
  });

  it("steps through every billing account, and a repeated step changes nothing", async () => {
    const csp = await ctx("csp.admin@csp.example");
    let after: string | null = null;
    let done = 0;
    let total = 0;
    do {
      const step: Awaited<ReturnType<typeof runBillsStep>> = await runBillsStep(db, csp, { enterpriseId: null, period: "2026-11", after, size: 2 }, RUN_AT);
      ({ done, total } = step);
      after = step.last ?? null;
    } while (done < total);
    expect(total).toBe(3);
    expect((await db.select().from(bills).where(eq(bills.periodStart, "2026-11-01"))).length).toBe(3);
    const repeat = await runBillsStep(db, csp, { enterpriseId: null, period: "2026-11", after: null, size: 5 }, RUN_AT);
    expect(repeat.results.every((r) => !r.created)).toBe(true);
  });
});

describe("payments", () => {
  async function octoberUk() {
    return (await billsOf(UK)).find((b) => b.periodStart === "2026-10-01")!;
  }
  it("a part payment then the rest: part-paid, then paid; never more than is owed", async () => {
    const bill = await octoberUk();
    const am = await ctx("am@csp.example");
    const half = (bill.totalMinor / 200).toFixed(2);
    await recordPayment(db, am, recordPaymentSchema.parse({ billId: bill.id, amount: half, receivedOn: "2026-11-20" }), RUN_AT);
    let after = (await octoberUk())!;
    expect(billState(after, "2026-11-25")).toBe("part_paid");
    expect(billState(after, "2026-12-02")).toBe("overdue");
    await expect(recordPayment(db, am, recordPaymentSchema.parse({ billId: bill.id, amount: (bill.totalMinor / 100).toFixed(2), receivedOn: "2026-11-21" }), RUN_AT)).rejects.toThrow(InvalidError);
    await recordPayment(db, am, recordPaymentSchema.parse({ billId: bill.id, amount: ((bill.totalMinor - after.paidMinor) / 100).toFixed(2), receivedOn: "2026-11-30", reference: "BACS 42" }), RUN_AT);
    after = (await octoberUk())!;
    expect(after.paidMinor).toBe(bill.totalMinor);
    expect(billState(after, "2027-01-01")).toBe("paid");
    await expect(recordPayment(db, am, recordPaymentSchema.parse({ billId: bill.id, amount: "0.01", receivedOn: "2026-11-30" }), RUN_AT)).rejects.toThrow(/paid in full/);
  });

  it("is a CSP action: a billing viewer may not record one, another enterprise's bill is not found", async () => {
    const bill = await octoberUk();
    const input = recordPaymentSchema.parse({ billId: bill.id, amount: "1.00", receivedOn: "2026-11-20" });
    await expect(recordPayment(db, await ctx("billing@acme.example"), input, RUN_AT)).rejects.toThrow(ForbiddenError);
    await expect(recordPayment(db, await ctx("de.billing@acme.example"), input, RUN_AT)).rejects.toThrow(NotFoundError);
    await expect(recordPayment(db, await ctx("admin@globex.example"), input, RUN_AT)).rejects.toThrow(NotFoundError);
    await expect(recordPayment(db, await ctx("am@csp.example"), { ...input, amount: "1.001" }, RUN_AT)).rejects.toThrow(InvalidError);
    await expect(recordPayment(db, await ctx("am@csp.example"), { ...input, receivedOn: "2027-01-01" }, RUN_AT)).rejects.toThrow(InvalidError);
    expect((await db.select({ n: count() }).from(billPayments).where(eq(billPayments.billId, bill.id)))[0]!.n).toBe(0);
  });
});

describe("disputes", () => {
  async function aLine(account = UK) {
    const october = (await billsOf(account)).find((b) => b.periodStart === "2026-10-01")!;
    const [line] = (await linesOf(october.id)).filter((l) => l.kind === "recurring");
    return line!;
  }

  it("a credited dispute is credited once, on the next bill, tax included", async () => {
    const line = await aLine();
    const { id } = await raiseDispute(db, await ctx("billing@acme.example"), { lineId: line.id, reason: "Charged for a line that was down." }, RUN_AT);
    await expect(raiseDispute(db, await ctx("billing@acme.example"), { lineId: line.id, reason: "Again." }, RUN_AT)).rejects.toThrow(ConflictError);
    await resolveDispute(db, await ctx("am@csp.example"), { disputeId: id, outcome: "credited", resolution: "Outage confirmed." }, RUN_AT);
    await expect(resolveDispute(db, await ctx("am@csp.example"), { disputeId: id, outcome: "rejected", resolution: "No." }, RUN_AT)).rejects.toThrow(ConflictError);
    const { billId } = await runBill(db, null, NOVEMBER, RUN_AT);
    const credits = (await linesOf(billId!)).filter((l) => l.disputeId === id);
    expect(credits).toHaveLength(1);
    expect(credits[0]).toMatchObject({ kind: "adjustment", amountMinor: -line.amountMinor, taxMinor: -line.taxMinor, subAccountId: line.subAccountId, siteId: line.siteId });
    // December's bill does not credit it again.
    const december = await runBill(db, null, { billingAccountId: UK, period: "2026-12" }, new Date("2027-01-01T06:00:00Z"));
    expect((await linesOf(december.billId!)).filter((l) => l.disputeId)).toHaveLength(0);
    // A credit line is not itself disputable.
    await expect(raiseDispute(db, await ctx("billing@acme.example"), { lineId: credits[0]!.id, reason: "Hm." }, RUN_AT)).rejects.toThrow(InvalidError);
  });

  it("a rejected dispute credits nothing, and may be raised again", async () => {
    const line = await aLine();
    const { id } = await raiseDispute(db, await ctx("billing@acme.example"), { lineId: line.id, reason: "Wrong quantity." }, RUN_AT);
    await resolveDispute(db, await ctx("csp.admin@csp.example"), { disputeId: id, outcome: "rejected", resolution: "The quantity matches the order." }, RUN_AT);
    const { billId } = await runBill(db, null, NOVEMBER, RUN_AT);
    expect((await linesOf(billId!)).filter((l) => l.kind === "adjustment")).toHaveLength(0);
    await raiseDispute(db, await ctx("billing@acme.example"), { lineId: line.id, reason: "Still wrong: see the delivery note." }, RUN_AT);
  });

  it("only a billing viewer of the account disputes, only the CSP resolves; elsewhere the line does not exist", async () => {
    const line = await aLine();
    await expect(raiseDispute(db, await ctx("de.billing@acme.example"), { lineId: line.id, reason: "x" }, RUN_AT)).rejects.toThrow(NotFoundError);
    await expect(raiseDispute(db, await ctx("orderer@acme.example"), { lineId: line.id, reason: "x" }, RUN_AT)).rejects.toThrow(NotFoundError);
    await expect(raiseDispute(db, await ctx("admin@acme.example"), { lineId: line.id, reason: "x" }, RUN_AT)).rejects.toThrow(ForbiddenError);
    await expect(raiseDispute(db, await ctx("billing@acme.example"), { lineId: demoId("no-such-line"), reason: "x" }, RUN_AT)).rejects.toThrow(NotFoundError);
    const { id } = await raiseDispute(db, await ctx("billing@acme.example"), { lineId: line.id, reason: "Not ours." }, RUN_AT);
    await expect(resolveDispute(db, await ctx("billing@acme.example"), { disputeId: id, outcome: "credited", resolution: "self-service" }, RUN_AT)).rejects.toThrow(ForbiddenError);
    await expect(resolveDispute(db, await ctx("admin@globex.example"), { disputeId: id, outcome: "credited", resolution: "x" }, RUN_AT)).rejects.toThrow(NotFoundError);
    const [row] = await db.select().from(billDisputes).where(eq(billDisputes.id, id));
    expect(row).toMatchObject({ status: "open", amountMinor: line.amountMinor, taxMinor: line.taxMinor, billingAccountId: UK });
    expect(DE).not.toBe(UK);
  });
});
