import "server-only";
import { and, asc, eq, gt, gte, lt, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor } from "@/db/client";
import { accountNodes, billDisputes, billLines, billSplits, bills, orderLines, orders, productOfferings, services } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { likePrefix } from "@/lib/authz/paths";
import { asSubject } from "@/lib/authz/subjects";
import type { Ctx } from "@/lib/context";
import { ForbiddenError, InvalidError, NotFoundError } from "@/lib/errors";
import { billTotals, daysActive, daysInMonth, lineTax, proratedRecurring, taxRateBp } from "./rules";
import { stableId } from "@/lib/stable-id";
import { splitTotals } from "./splits";
import { dueOn } from "./state";

export type Period = { start: Date; end: Date; key: string };

/** "2026-10" → the month's first day and the first day after it (UTC), or null when malformed. */
export function parsePeriod(key: string): Period | null {
  const m = /^(\d{4})-(\d{2})$/.exec(key);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (month < 1 || month > 12 || year < 2000 || year > 2100) return null;
  return { start: new Date(Date.UTC(year, month - 1, 1)), end: new Date(Date.UTC(year, month, 1)), key };
}

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

type Line = Omit<typeof billLines.$inferInsert, "billId"> & { amountMinor: number; taxMinor: number };

/**
 * What one billing account is charged for one month (DESIGN.md "Bills"): each service installed at
 * its sub-accounts' sites, prorated by days active; the one-off charges of its orders completed in
 * the month; and a credit for each of its disputes the CSP resolved in the customer's favour that
 * no bill has credited yet. Tax per line at the legal entity's rate, each line rounded once. Pure
 * reads: the caller writes.
 */
export async function computeBillLines(db: Executor, account: { id: string; enterpriseId: string; path: string; countryCode: string | null }, period: Period): Promise<Line[]> {
  const rate = taxRateBp(account.countryCode);
  const inMonth = daysInMonth(period.start);
  const sub = alias(accountNodes, "sub");
  // One after another: inside the run's transaction they share one connection.
  const recurring = await db
      .select({ s: services, name: productOfferings.name })
      .from(services)
      .innerJoin(sub, eq(sub.id, services.subAccountId))
      .innerJoin(productOfferings, eq(productOfferings.id, services.offeringId))
      .where(and(sql`${sub.path} like ${likePrefix(account.path)}`, lt(services.activatedAt, period.end), sql`(${services.terminatedAt} is null or ${services.terminatedAt} > ${period.start.toISOString()})`))
      .orderBy(asc(services.activatedAt), asc(services.subAccountId), asc(services.siteId), asc(services.offeringId), asc(services.quantity), asc(services.id));
  const oneOff = await db
      .select({ l: orderLines, number: orders.number, name: productOfferings.name })
      .from(orderLines)
      .innerJoin(orders, eq(orders.id, orderLines.orderId))
      .innerJoin(productOfferings, eq(productOfferings.id, orderLines.offeringId))
      .where(and(eq(orders.billingAccountId, account.id), eq(orders.status, "completed"), gte(orders.completedAt, period.start), lt(orders.completedAt, period.end), gt(orderLines.unitOneOffMinor, 0)))
      .orderBy(asc(orders.number), asc(orderLines.id));
  const credits = await db
      .select({ d: billDisputes, line: billLines, number: bills.number })
      .from(billDisputes)
      .innerJoin(billLines, eq(billLines.id, billDisputes.billLineId))
      .innerJoin(bills, eq(bills.id, billDisputes.billId))
      .where(and(eq(billDisputes.billingAccountId, account.id), eq(billDisputes.status, "credited"), sql`not exists (select 1 from ${billLines} c where c.dispute_id = ${billDisputes.id})`))
      .orderBy(asc(billDisputes.resolvedAt), asc(billDisputes.id));
  const lines: Line[] = [];
  for (const { s, name } of recurring) {
    const active = daysActive(period.start, s.activatedAt, s.terminatedAt);
    if (active === 0) continue;
    const amount = proratedRecurring(s.recurringMinor, s.quantity, active, inMonth);
    lines.push({
      enterpriseId: account.enterpriseId,
      subAccountId: s.subAccountId,
      siteId: s.siteId,
      offeringId: s.offeringId,
      kind: "recurring",
      description: active < inMonth ? `${name} (${active} of ${inMonth} days)` : name,
      quantity: s.quantity,
      amountMinor: amount,
      taxMinor: lineTax(amount, rate),
    });
  }
  for (const { l, number, name } of oneOff) {
    const amount = l.unitOneOffMinor * l.quantity;
    lines.push({ enterpriseId: account.enterpriseId, subAccountId: l.subAccountId, siteId: l.siteId, offeringId: l.offeringId, kind: "one_off", description: `Installation: ${name} (order ${number})`, quantity: l.quantity, amountMinor: amount, taxMinor: lineTax(amount, rate) });
  }
  for (const { d, line, number } of credits) {
    // The credit gives back exactly what was disputed, tax included, on the same cost centre and site.
    lines.push({
      enterpriseId: account.enterpriseId,
      subAccountId: line.subAccountId,
      siteId: line.siteId,
      offeringId: line.offeringId,
      kind: "adjustment",
      description: `Credit: disputed charge on ${number} (${line.description})`,
      quantity: line.quantity,
      amountMinor: -d.amountMinor,
      taxMinor: -d.taxMinor,
      disputeId: d.id,
    });
  }
  return lines;
}

export type BillRunResult = { billingAccountId: string; billId: string | null; created: boolean; lines: number; reason?: "exists" | "nothing" };

/**
 * The bill run for one billing account and one month. Idempotent and safe under concurrent runs:
 * runs of one account take a transaction-scoped advisory lock, a bill already there is left as it
 * is, and the (account, period) unique index stands behind both. A month with nothing to charge
 * gives no bill. `ctx` null is the system (the script and the demo seed); a person needs `create`
 * on the account's bills (the CSP admin). The period must have ended.
 */
export async function runBill(db: Executor, ctx: Ctx | null, input: { billingAccountId: string; period: string }, now = new Date()): Promise<BillRunResult> {
  const period = parsePeriod(input.period);
  if (!period) throw new InvalidError("Choose a month (YYYY-MM).");
  if (period.end > now) throw new InvalidError(`${input.period} has not ended yet: a month is billed once it is over.`);
  return db.transaction(async (tx) => {
    const [account] = await tx.select().from(accountNodes).where(and(eq(accountNodes.id, input.billingAccountId), eq(accountNodes.kind, "billing_account")));
    if (!account) throw new NotFoundError();
    if (ctx) {
      const subject = asSubject("Bill", { path: account.path, enterpriseId: account.enterpriseId });
      if (!ctx.ability.can("create", subject)) throw ctx.ability.can("read", subject) ? new ForbiddenError() : new NotFoundError();
    }
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`bill-run:${account.id}`}, 0))`);
    const [existing] = await tx
      .select({ id: bills.id })
      .from(bills)
      .where(and(eq(bills.billingAccountId, account.id), eq(bills.periodStart, isoDate(period.start))));
    if (existing) return { billingAccountId: account.id, billId: existing.id, created: false, lines: 0, reason: "exists" as const };
    const [legal] = account.parentId ? await tx.select({ countryCode: accountNodes.countryCode }).from(accountNodes).where(eq(accountNodes.id, account.parentId)) : [];
    const lines = await computeBillLines(tx, { id: account.id, enterpriseId: account.enterpriseId, path: account.path, countryCode: legal?.countryCode ?? account.countryCode }, period);
    if (lines.length === 0) return { billingAccountId: account.id, billId: null, created: false, lines: 0, reason: "nothing" as const };
    const totals = billTotals(lines);
    const terms = account.paymentTerms ?? "net_30";
    const number = `INV-${account.code ?? account.id.slice(0, 8).toUpperCase()}-${input.period.replace("-", "")}`;
    // Ids from the natural key (account, month): a run repeated anywhere names the same rows.
    const billId = stableId(`bill:${account.id}:${input.period}`);
    const [bill] = await tx
      .insert(bills)
      .values({
        id: billId,
        enterpriseId: account.enterpriseId,
        billingAccountId: account.id,
        number,
        periodStart: isoDate(period.start),
        periodEnd: isoDate(new Date(period.end.getTime() - 86_400_000)),
        currency: account.currency ?? "GBP",
        ...totals,
        paymentTerms: terms,
        issuedAt: now,
        dueOn: dueOn(isoDate(now), terms),
      })
      .onConflictDoNothing({ target: [bills.billingAccountId, bills.periodStart] })
      .returning({ id: bills.id });
    if (!bill) return { billingAccountId: account.id, billId: null, created: false, lines: 0, reason: "exists" as const };
    for (let i = 0; i < lines.length; i += 1000) {
      await tx.insert(billLines).values(lines.slice(i, i + 1000).map((l, k) => ({ ...l, id: stableId(`bill-line:${billId}:${i + k}`), billId: bill.id, createdAt: now })));
    }
    const splits = splitTotals(lines);
    for (let i = 0; i < splits.length; i += 1000) {
      await tx.insert(billSplits).values(splits.slice(i, i + 1000).map((x, k) => ({ ...x, id: stableId(`bill-split:${billId}:${i + k}`), enterpriseId: account.enterpriseId, billId: bill.id })));
    }
    const credits = lines.filter((l) => l.disputeId).length;
    await recordAudit(tx, ctx?.principal ?? null, ctx?.requestId ?? "bill-run", {
      action: "bill.issue",
      subjectType: "Bill",
      subjectId: bill.id,
      enterpriseId: account.enterpriseId,
      nodeId: account.id,
      summary: `Issued ${number} for ${account.name}, ${input.period}: ${lines.length} line${lines.length === 1 ? "" : "s"}${credits ? `, ${credits} dispute credit${credits === 1 ? "" : "s"}` : ""}`,
      after: { totalMinor: totals.totalMinor, currency: account.currency, lines: lines.length },
    });
    return { billingAccountId: account.id, billId: bill.id, created: true, lines: lines.length };
  });
}

/** The billing accounts of an enterprise (or every enterprise), in a stable order for stepping. */
export async function billingAccountsFor(db: Executor, enterpriseId: string | null) {
  return db
    .select({ id: accountNodes.id, name: accountNodes.name, enterpriseId: accountNodes.enterpriseId })
    .from(accountNodes)
    .where(and(eq(accountNodes.kind, "billing_account"), enterpriseId ? eq(accountNodes.enterpriseId, enterpriseId) : undefined))
    .orderBy(asc(accountNodes.id));
}

/**
 * One step of a bill run over many accounts: the next `size` accounts after `after` (ids in order),
 * each billed by runBill. Stateless: whoever drives it (the portal's progress view, the script)
 * passes the last id back; a step repeated after a dropped response changes nothing.
 */
export async function runBillsStep(
  db: Executor,
  ctx: Ctx | null,
  input: { enterpriseId: string | null; period: string; after: string | null; size?: number },
  now = new Date(),
) {
  const accounts = await billingAccountsFor(db, input.enterpriseId);
  const start = input.after ? accounts.findIndex((a) => a.id > input.after!) : 0;
  const from = start === -1 ? accounts.length : start;
  const batch = accounts.slice(from, from + (input.size ?? 5));
  const results: BillRunResult[] = [];
  for (const a of batch) results.push(await runBill(db, ctx, { billingAccountId: a.id, period: input.period }, now));
  return { total: accounts.length, done: from + batch.length, last: batch.at(-1)?.id ?? input.after, results };
}

/** Which of a period's bills exist already, for the run page. */
export async function periodProgress(db: Executor, enterpriseId: string | null, period: string) {
  const p = parsePeriod(period);
  if (!p) return { accounts: 0, billed: 0 };
  const accounts = await billingAccountsFor(db, enterpriseId);
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(bills)
    .where(and(eq(bills.periodStart, isoDate(p.start)), enterpriseId ? eq(bills.enterpriseId, enterpriseId) : undefined));
  return { accounts: accounts.length, billed: row?.n ?? 0 };
}
