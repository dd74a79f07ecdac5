import { parse } from "csv-parse/sync";
import { and, asc, count, eq } from "drizzle-orm";
import { PDFParse } from "pdf-parse";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditEvents, billLines, bills, notifications, users } from "@/db/schema";
import { raiseDispute, resolveDispute } from "@/lib/billing/disputes";
import { billLinesExport } from "@/lib/billing/lines-export";
import { billLinesList } from "@/lib/billing/lines-list";
import { billPdf } from "@/lib/billing/pdf";
import { billLinesPage, getBill } from "@/lib/billing/queries";
import { demoId } from "@/lib/demo/ids";
import { NotFoundError } from "@/lib/errors";
import { formatMoney } from "@/lib/format";
import { streamCsvExport } from "@/lib/list/export";
import { resetDemoData } from "../support/db";
import { contextFor } from "../support/principals";

let db: Db;
beforeEach(async () => {
  db = await resetDemoData();
});

const node = (key: string) => demoId(`node:${key}`);
const UK = node("acme-uk-ba");
const DE = node("acme-de-ba");
const ctx = (email: string) => contextFor(db, email);
const records = async (body: ReadableStream<Uint8Array>) => parse(await new Response(body).text(), { columns: true, bom: true }) as Record<string, string>[];

async function billsOf(account: string) {
  return db.select().from(bills).where(eq(bills.billingAccountId, account)).orderBy(asc(bills.periodStart));
}
async function open(email: string, billId: string, options?: Parameters<typeof getBill>[4]) {
  const c = await ctx(email);
  return getBill(db, c.ability, c.principal, billId, options);
}
const allFilters = () => billLinesList.filtersOf(billLinesList.parse({}));

describe("a bill's page", () => {
  it("splits the bill by cost centre, site and product, each adding up to the bill's total to the minor unit", async () => {
    for (const bill of [...(await billsOf(UK)), ...(await billsOf(DE))]) {
      const view = await open("admin@acme.example", bill.id);
      for (const split of [view.bySubAccount, view.bySite, view.byOffering]) {
        expect(split.length).toBeGreaterThan(0);
        expect(split.reduce((n, r) => n + r.totalMinor, 0)).toBe(bill.totalMinor);
        expect(split.reduce((n, r) => n + r.amountMinor, 0)).toBe(bill.subtotalMinor);
      }
      // The lines' count is the same whichever way they are split.
      const lines = (await db.select({ n: count() }).from(billLines).where(eq(billLines.billId, bill.id)))[0]!.n;
      expect(view.bySubAccount.reduce((n, r) => n + r.lines, 0)).toBe(lines);
      expect(view.lines.total).toBe(lines);
    }
  });

  it("compares each cost centre with the bill of the month before, and says when there is none", async () => {
    const [first, second] = await billsOf(UK);
    const earliest = await open("billing@acme.example", first!.id);
    expect(earliest.change.previousBillId).toBeNull();
    expect(earliest.change.rows.every((r) => r.previousMinor === null)).toBe(true);
    const view = await open("billing@acme.example", second!.id);
    expect(view.change.previousBillId).toBe(first!.id);
    for (const row of view.change.rows) {
      const before = earliest.bySubAccount.find((r) => r.keyId === row.keyId);
      expect(row.previousMinor).toBe(before ? before.totalMinor : null);
    }
  });

  it("narrows the lines to one cost centre, site or product, and pages them", async () => {
    const [bill] = await billsOf(UK);
    const view = await open("billing@acme.example", bill!.id);
    const london = view.bySubAccount.find((r) => r.keyId === node("london"))!;
    const page = await billLinesPage(db, bill!.id, { subAccount: london.keyId! }, 1);
    expect(page.total).toBe(london.lines);
    expect(page.rows.every((r) => r.subAccountName === london.name)).toBe(true);
    const site = view.bySite.find((r) => r.keyId)!;
    expect((await billLinesPage(db, bill!.id, { site: site.keyId! }, 1)).total).toBe(site.lines);
    expect((await billLinesPage(db, bill!.id, {}, 999)).rows).toEqual([]);
  });

  it("is not found for a billing viewer of another account, and offers each person only what they may do", async () => {
    const [uk] = await billsOf(UK);
    await expect(open("de.billing@acme.example", uk!.id)).rejects.toThrow(NotFoundError);
    await expect(open("admin@globex.example", uk!.id)).rejects.toThrow(NotFoundError);
    await expect(open("billing@acme.example", "not-a-uuid")).rejects.toThrow(NotFoundError);
    expect((await open("billing@acme.example", uk!.id)).can).toEqual({ dispute: true, recordPayment: false, export: true });
    expect((await open("am@csp.example", uk!.id)).can).toMatchObject({ dispute: false, recordPayment: true, export: true });
    expect((await open("csp.admin@csp.example", uk!.id)).can).toMatchObject({ dispute: false, recordPayment: true });
  });

  it("shows the open disputed amount once a line is disputed", async () => {
    const bills = await billsOf(UK);
    const bill = bills.at(-1)!;
    const [line] = await db.select().from(billLines).where(and(eq(billLines.billId, bill.id), eq(billLines.kind, "recurring"))).limit(1);
    await raiseDispute(db, await ctx("billing@acme.example"), { lineId: line!.id, reason: "Not installed yet" });
    const view = await open("billing@acme.example", bill.id);
    expect(view.disputedMinor).toBe(line!.amountMinor + line!.taxMinor);
    expect(view.disputes[0]).toMatchObject({ status: "open", reason: "Not installed yet", lineDescription: line!.description });
    const page = await billLinesPage(db, bill.id, {}, 1);
    expect(page.rows.find((r) => r.id === line!.id)!.disputeStatus).toBe("open");
  });
});

describe("dispute notices", () => {
  const inbox = async (email: string) =>
    db.select({ kind: notifications.kind, title: notifications.title, body: notifications.body, href: notifications.href }).from(notifications).innerJoin(users, eq(users.id, notifications.userId)).where(eq(users.email, email));

  it("tells the enterprise's account manager of a new dispute, and the viewer who raised it of the outcome", async () => {
    const bill = (await billsOf(UK)).at(-1)!;
    const [line] = await db.select().from(billLines).where(and(eq(billLines.billId, bill.id), eq(billLines.kind, "recurring"))).limit(1);
    const before = (await inbox("am@csp.example")).length;
    const { id } = await raiseDispute(db, await ctx("billing@acme.example"), { lineId: line!.id, reason: "Never installed" });
    const am = await inbox("am@csp.example");
    expect(am.length).toBe(before + 1);
    expect(am.find((n) => n.kind === "bill.dispute")).toMatchObject({ title: `A charge on ${bill.number} is disputed`, href: `/bills/${bill.id}` });
    expect(am.find((n) => n.kind === "bill.dispute")!.body).toContain("Never installed");
    // Someone outside the CSP or the raiser hears nothing of it.
    expect((await inbox("de.billing@acme.example")).filter((n) => n.kind.startsWith("bill."))).toEqual([]);

    await resolveDispute(db, await ctx("am@csp.example"), { disputeId: id, outcome: "rejected", resolution: "Installed on the 3rd; see the engineer's report." });
    const mine = (await inbox("billing@acme.example")).filter((n) => n.kind.startsWith("bill."));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ kind: "bill.dispute_rejected", href: `/bills/${bill.id}` });
    expect(mine[0]!.body).toContain("Installed on the 3rd");
  });
});

describe("the CSV of bill lines", () => {
  it("holds one bill's lines, adding up to its total, and records the export once written", async () => {
    const [bill] = await billsOf(UK);
    const c = await ctx("billing@acme.example");
    const rows = await records(streamCsvExport(billLinesList, billLinesExport, { db, ...c, filters: { ...allFilters(), bill: bill!.id }, requestId: null }));
    expect(rows.length).toBe((await db.select({ n: count() }).from(billLines).where(eq(billLines.billId, bill!.id)))[0]!.n);
    expect(new Set(rows.map((r) => r.Bill))).toEqual(new Set([bill!.number]));
    const cents = rows.reduce((n, r) => n + Math.round(Number(r.Total) * 100), 0);
    expect(cents).toBe(bill!.totalMinor);
    expect(rows.every((r) => r.Currency === "GBP")).toBe(true);
    const events = await db.select().from(auditEvents).where(eq(auditEvents.action, "bill.export"));
    expect(events).toHaveLength(1);
  });

  it("exports a period across the scope: the enterprise admin gets both currencies, a billing viewer only their account", async () => {
    const [uk] = await billsOf(UK);
    const month = uk!.periodStart.slice(0, 7);
    const period = { ...allFilters(), from: month, to: month };
    const admin = await records(streamCsvExport(billLinesList, billLinesExport, { db, ...(await ctx("admin@acme.example")), filters: period, requestId: null }));
    expect(new Set(admin.map((r) => r.Currency))).toEqual(new Set(["GBP", "EUR"]));
    expect(admin.every((r) => r.Period === month)).toBe(true);
    const viewer = await records(streamCsvExport(billLinesList, billLinesExport, { db, ...(await ctx("de.billing@acme.example")), filters: period, requestId: null }));
    expect(viewer.length).toBeGreaterThan(0);
    expect(new Set(viewer.map((r) => r.Currency))).toEqual(new Set(["EUR"]));
    // A UK bill's id in the filter gives a German billing viewer nothing.
    const none = await records(streamCsvExport(billLinesList, billLinesExport, { db, ...(await ctx("de.billing@acme.example")), filters: { ...allFilters(), bill: uk!.id }, requestId: null }));
    expect(none).toEqual([]);
  });

  it("follows the bills list's filters: narrowed to a cost centre, it holds that cost centre's lines of the bills the list shows", async () => {
    const c = await ctx("admin@acme.example");
    const [line] = await db.select().from(billLines).innerJoin(bills, eq(bills.id, billLines.billId)).where(eq(bills.currency, "GBP")).limit(1);
    const subAccount = line!.bill_lines.subAccountId;
    const filters = { ...allFilters(), currency: "GBP", subAccount };
    const rows = await records(streamCsvExport(billLinesList, billLinesExport, { db, ...c, filters, requestId: null }));
    const expected = await db.select({ n: count() }).from(billLines).innerJoin(bills, eq(bills.id, billLines.billId)).where(and(eq(billLines.subAccountId, subAccount), eq(bills.currency, "GBP")));
    expect(rows.length).toBe(expected[0]!.n);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.Currency === "GBP")).toBe(true);
    // In euros there is nothing for a UK cost centre.
    expect(await records(streamCsvExport(billLinesList, billLinesExport, { db, ...c, filters: { ...filters, currency: "EUR" }, requestId: null }))).toEqual([]);
  });
});

describe("the PDF of a bill", () => {
  async function text(bytes: Uint8Array) {
    const parser = new PDFParse({ data: bytes });
    try {
      return (await parser.getText()).text;
    } finally {
      await parser.destroy();
    }
  }

  it("names the legal entity, its tax id, the billing account, the total, the due date and terms", async () => {
    const [bill] = await billsOf(UK);
    const view = await open("billing@acme.example", bill!.id);
    const lines = (await billLinesPage(db, bill!.id, {}, 1)).rows;
    const pdf = await text(await billPdf(view, lines, "en-GB", "Europe/London"));
    expect(pdf).toContain(bill!.number);
    expect(pdf).toContain(view.account.name);
    expect(pdf).toContain(view.legalEntity!.name);
    expect(pdf).toContain(view.legalEntity!.taxId!);
    expect(pdf).toContain(formatMoney(bill!.totalMinor, "GBP", "en-GB"));
    expect(pdf).toContain("Net 30 days");
    for (const r of view.bySubAccount) expect(pdf).toContain(r.name);
  });

  it("runs over as many pages as the lines need, and never fails on text the standard font lacks", async () => {
    const [bill] = await billsOf(DE);
    const view = await open("admin@acme.example", bill!.id);
    const many = Array.from({ length: 180 }, (_, i) => ({ description: `Zeile ${i + 1} — Gerät “Ω” 東京`, subAccountName: "Łódź Oddział", siteName: "Κέντρο", quantity: 1, amountMinor: 100, taxMinor: 19 }));
    const pdf = await text(await billPdf(view, many, "de-DE", "Europe/Berlin"));
    expect(pdf).toMatch(/Page 1 of [2-9]/);
    expect(pdf).toContain("Zeile 180 — Gerät “Ω”");
    // European names come out as they are; a script the font lacks becomes "?", never a failure.
    expect(pdf).toContain("Łódź Oddział");
    expect(pdf).toContain("Κέντρο");
    expect(pdf).not.toContain("東京");
  });
});
