import "server-only";
import { and, asc, desc, eq, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor } from "@/db/client";
import { accountNodes, billDisputes, billLines, billPayments, billSplits, bills, productOfferings, sites, users } from "@/db/schema";
import type { AppAbility } from "@/lib/authz/ability";
import { authorizeById } from "@/lib/authz/guard";
import { asSubject } from "@/lib/authz/subjects";
import { balanceMinor, billState } from "./state";

/** Lines per page on a bill: the largest bills of a big enterprise have thousands. */
export const BILL_LINES_PAGE = 100;

export type SplitDimension = "sub_account" | "site" | "offering";
export type SplitRow = { keyId: string | null; name: string; amountMinor: number; taxMinor: number; totalMinor: number; lines: number };
export type SubAccountChange = { keyId: string; name: string; totalMinor: number; previousMinor: number | null };
/** Narrows a bill's lines to what one row of a split stands for (a link from the split tables). */
export type LineFilter = { subAccount?: string; site?: string; offering?: string };

const legalEntities = alias(accountNodes, "legal_entity");
const lineSubAccounts = alias(accountNodes, "line_sub_account");

/**
 * The bill's split along one dimension, from the bill run's `bill_splits` rows (written from the
 * same rounded lines, so each split adds up to the bill's total exactly), with the names of what
 * each row stands for; largest first.
 */
export async function billSplit(db: Executor, billId: string, dimension: SplitDimension): Promise<SplitRow[]> {
  const name = {
    sub_account: sql<string>`(select n.name from ${accountNodes} n where n.id = ${billSplits.keyId})`,
    site: sql<string>`(select s.name from ${sites} s where s.id = ${billSplits.keyId})`,
    offering: sql<string>`(select o.name from ${productOfferings} o where o.id = ${billSplits.keyId})`,
  }[dimension];
  const rows = await db
    .select({ keyId: billSplits.keyId, name, amountMinor: billSplits.amountMinor, taxMinor: billSplits.taxMinor, lines: billSplits.lines })
    .from(billSplits)
    .where(and(eq(billSplits.billId, billId), eq(billSplits.dimension, dimension)))
    .orderBy(desc(sql`${billSplits.amountMinor} + ${billSplits.taxMinor}`), asc(billSplits.keyId));
  const none = dimension === "site" ? "No site (account-level charges, credits)" : "Credits and adjustments";
  return rows.map((r) => ({ ...r, name: r.keyId ? (r.name ?? "—") : none, totalMinor: r.amountMinor + r.taxMinor }));
}

/**
 * The bill of the month before for the same billing account, with its split by sub-account, in
 * one statement (so the bill page reads it alongside everything else): null when there is none.
 */
export async function previousSubAccountSplit(db: Executor, bill: { billingAccountId: string; periodStart: string }) {
  const rows = await db
    .select({
      billId: bills.id,
      periodStart: bills.periodStart,
      keyId: billSplits.keyId,
      name: sql<string | null>`(select n.name from ${accountNodes} n where n.id = ${billSplits.keyId})`,
      amountMinor: billSplits.amountMinor,
      taxMinor: billSplits.taxMinor,
      lines: billSplits.lines,
    })
    .from(bills)
    .leftJoin(billSplits, and(eq(billSplits.billId, bills.id), eq(billSplits.dimension, "sub_account")))
    .where(and(eq(bills.billingAccountId, bill.billingAccountId), sql`${bills.periodStart} = (${bill.periodStart}::date - interval '1 month')::date`));
  if (rows.length === 0) return null;
  const split = rows
    .filter((r) => r.amountMinor !== null)
    .map((r) => ({ keyId: r.keyId, name: r.name ?? "—", amountMinor: r.amountMinor!, taxMinor: r.taxMinor!, lines: r.lines!, totalMinor: r.amountMinor! + r.taxMinor! }));
  return { billId: rows[0]!.billId, periodStart: rows[0]!.periodStart, split };
}

/**
 * Each sub-account's total on this bill against the bill of the month before: null where the
 * sub-account had nothing on it then, or there was no bill; a cost centre billed then and not now
 * is listed at zero (that is a change too).
 */
export function subAccountChange(current: SplitRow[], previous: Awaited<ReturnType<typeof previousSubAccountSplit>>): { previousBillId: string | null; previousPeriod: string | null; rows: SubAccountChange[] } {
  const before = previous?.split ?? [];
  const byKey = new Map(before.map((r) => [r.keyId, r.totalMinor]));
  const keys = new Set(current.map((r) => r.keyId));
  const rows: SubAccountChange[] = [
    ...current.filter((r) => r.keyId).map((r) => ({ keyId: r.keyId!, name: r.name, totalMinor: r.totalMinor, previousMinor: previous ? (byKey.get(r.keyId) ?? null) : null })),
    ...before.filter((r) => r.keyId && !keys.has(r.keyId)).map((r) => ({ keyId: r.keyId!, name: r.name, totalMinor: 0, previousMinor: r.totalMinor })),
  ];
  return { previousBillId: previous?.billId ?? null, previousPeriod: previous?.periodStart ?? null, rows };
}

function lineWhere(billId: string, filter: LineFilter): SQL {
  return and(
    eq(billLines.billId, billId),
    filter.subAccount ? eq(billLines.subAccountId, filter.subAccount) : undefined,
    filter.site ? eq(billLines.siteId, filter.site) : undefined,
    filter.offering ? eq(billLines.offeringId, filter.offering) : undefined,
  )!;
}

/** One page of a bill's lines (by cost centre, site, description), with each line's latest dispute. */
export async function billLinesPage(db: Executor, billId: string, filter: LineFilter, page: number) {
  const where = lineWhere(billId, filter);
  const [rows, [counted]] = await Promise.all([
    db
      .select({
        id: billLines.id,
        kind: billLines.kind,
        description: billLines.description,
        quantity: billLines.quantity,
        amountMinor: billLines.amountMinor,
        taxMinor: billLines.taxMinor,
        subAccountName: lineSubAccounts.name,
        siteName: sites.name,
        offeringName: productOfferings.name,
        disputeStatus: sql<"open" | "credited" | "rejected" | null>`(select d.status from ${billDisputes} d where d.bill_line_id = ${billLines.id} order by d.created_at desc limit 1)`,
      })
      .from(billLines)
      .innerJoin(lineSubAccounts, eq(lineSubAccounts.id, billLines.subAccountId))
      .leftJoin(sites, eq(sites.id, billLines.siteId))
      .leftJoin(productOfferings, eq(productOfferings.id, billLines.offeringId))
      .where(where)
      .orderBy(asc(lineSubAccounts.name), asc(sites.name), asc(billLines.description), asc(billLines.id))
      .limit(BILL_LINES_PAGE)
      .offset((page - 1) * BILL_LINES_PAGE),
    db.select({ n: sql<number>`count(*)::int` }).from(billLines).where(where),
  ]);
  const total = counted?.n ?? 0;
  return { rows, total, page, pages: Math.max(1, Math.ceil(total / BILL_LINES_PAGE)) };
}

/**
 * Everything a bill's page (and its PDF) shows: the bill with its billing account and legal entity,
 * the splits by sub-account, site and product, the change per sub-account against the month
 * before, payments and disputes, and what the reader may do on it. 404 when the bill is not
 * readable (a foreign id is not found, never forbidden).
 */
export async function getBill(db: Executor, ability: AppAbility, principal: { userId: string }, id: string, options: { linesPage?: number; lineFilter?: LineFilter; today?: string } = {}) {
  const fields = await authorizeById(db, ability, "read", "Bill", id);
  const [row] = await db
    .select({
      bill: bills,
      account: { id: accountNodes.id, name: accountNodes.name, code: accountNodes.code, billToContact: accountNodes.billToContact },
      legalEntity: { id: legalEntities.id, name: legalEntities.name, registrationNumber: legalEntities.registrationNumber, taxId: legalEntities.taxId, countryCode: legalEntities.countryCode },
    })
    .from(bills)
    .innerJoin(accountNodes, eq(accountNodes.id, bills.billingAccountId))
    .leftJoin(legalEntities, eq(legalEntities.id, accountNodes.parentId))
    .where(eq(bills.id, id));
  const { bill } = row!;
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const [bySubAccount, bySite, byOffering, lines, payments, disputes, previous] = await Promise.all([
    billSplit(db, id, "sub_account"),
    billSplit(db, id, "site"),
    billSplit(db, id, "offering"),
    billLinesPage(db, id, options.lineFilter ?? {}, options.linesPage ?? 1),
    db
      .select({ id: billPayments.id, amountMinor: billPayments.amountMinor, receivedOn: billPayments.receivedOn, reference: billPayments.reference, recordedBy: users.name })
      .from(billPayments)
      .leftJoin(users, eq(users.id, billPayments.recordedById))
      .where(eq(billPayments.billId, id))
      .orderBy(asc(billPayments.receivedOn), asc(billPayments.createdAt)),
    db
      .select({
        id: billDisputes.id,
        status: billDisputes.status,
        reason: billDisputes.reason,
        resolution: billDisputes.resolution,
        amountMinor: billDisputes.amountMinor,
        taxMinor: billDisputes.taxMinor,
        createdAt: billDisputes.createdAt,
        resolvedAt: billDisputes.resolvedAt,
        lineDescription: billLines.description,
        raisedBy: users.name,
      })
      .from(billDisputes)
      .innerJoin(billLines, eq(billLines.id, billDisputes.billLineId))
      .leftJoin(users, eq(users.id, billDisputes.raisedById))
      .where(eq(billDisputes.billId, id))
      .orderBy(desc(billDisputes.createdAt)),
    previousSubAccountSplit(db, bill),
  ]);
  const change = subAccountChange(bySubAccount, previous);
  const subject = { path: fields.path, enterpriseId: bill.enterpriseId };
  return {
    ...row!,
    state: billState(bill, today),
    balanceMinor: balanceMinor(bill),
    disputedMinor: disputes.filter((d) => d.status === "open").reduce((sum, d) => sum + d.amountMinor + d.taxMinor, 0),
    bySubAccount,
    bySite,
    byOffering,
    change,
    lines,
    payments,
    disputes,
    can: {
      dispute: ability.can("create", asSubject("Dispute", { ...subject, raisedById: principal.userId, status: "open" })),
      recordPayment: ability.can("update", asSubject("Bill", { ...subject, id })),
      export: ability.can("export", asSubject("Bill", { ...subject, id })),
    },
  };
}

export type BillView = Awaited<ReturnType<typeof getBill>>;
