import "server-only";
import { asc, count, desc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { accountNodes, billDisputes, billLines, bills, users } from "@/db/schema";
import { asSubject } from "@/lib/authz/subjects";
import { defineList, direction } from "@/lib/list/define";
import { enumParam, idParam, searchParam } from "@/lib/list/params";
import { matchesAny } from "@/lib/list/search";

export const DISPUTE_STATUSES = ["open", "credited", "rejected"] as const;

const raisers = alias(users, "raiser");
const resolvers = alias(users, "resolver");

/**
 * The disputes list: what the ability may read (the CSP: the enterprises it looks after, or all;
 * customers: their billing accounts'), open ones first, then newest; by bill number, account,
 * charge or reason, status and billing account.
 */
export const disputesList = defineList({
  path: "/disputes",
  subject: "Dispute",
  filters: { q: searchParam, status: enumParam(DISPUTE_STATUSES), account: idParam },
  sorts: {
    status: { by: (d) => [direction(d)(sql`array_position(array['open','credited','rejected']::dispute_status[], ${billDisputes.status})`), desc(billDisputes.createdAt)] },
    raised: { by: (d) => [direction(d)(billDisputes.createdAt)], first: "desc" },
    amount: { by: (d) => [direction(d)(bills.currency), direction(d)(sql`${billDisputes.amountMinor} + ${billDisputes.taxMinor}`)], first: "desc" },
  },
  defaultSort: "status",
  tiebreak: () => [asc(billDisputes.id)],
  pageSize: 25,
  where: (f) => [
    f.q ? matchesAny(f.q, [bills.number, accountNodes.name, billLines.description, billDisputes.reason]) : undefined,
    f.status ? eq(billDisputes.status, f.status) : undefined,
    f.account ? eq(billDisputes.billingAccountId, f.account) : undefined,
  ],
  rows: (db, q) =>
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
        billId: bills.id,
        billNumber: bills.number,
        currency: bills.currency,
        accountName: accountNodes.name,
        description: billLines.description,
        raisedBy: raisers.name,
        resolvedBy: resolvers.name,
        path: accountNodes.path,
        enterpriseId: billDisputes.enterpriseId,
        raisedById: billDisputes.raisedById,
      })
      .from(billDisputes)
      .innerJoin(bills, eq(bills.id, billDisputes.billId))
      .innerJoin(billLines, eq(billLines.id, billDisputes.billLineId))
      .innerJoin(accountNodes, eq(accountNodes.id, billDisputes.billingAccountId))
      .leftJoin(raisers, eq(raisers.id, billDisputes.raisedById))
      .leftJoin(resolvers, eq(resolvers.id, billDisputes.resolvedById))
      .where(q.where)
      .orderBy(...q.orderBy)
      .limit(q.limit)
      .offset(q.offset),
  count: async (db, where) =>
    (
      await db
        .select({ n: count() })
        .from(billDisputes)
        .innerJoin(bills, eq(bills.id, billDisputes.billId))
        .innerJoin(billLines, eq(billLines.id, billDisputes.billLineId))
        .innerJoin(accountNodes, eq(accountNodes.id, billDisputes.billingAccountId))
        .where(where)
    )[0]?.n ?? 0,
  // Whether the reader may resolve each row: the ability decides, the page only shows the control.
  hydrate: async (rows, { ability }) =>
    rows.map(({ path, enterpriseId, raisedById, ...r }) => ({
      ...r,
      canResolve: r.status === "open" && ability.can("update", asSubject("Dispute", { id: r.id, path, enterpriseId, raisedById, status: r.status })),
    })),
});
