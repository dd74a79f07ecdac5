import "server-only";
import { asc, count, eq } from "drizzle-orm";
import { accountNodes, bills, billStatus } from "@/db/schema";
import { defineList, direction } from "@/lib/list/define";
import { enumParam, searchParam } from "@/lib/list/params";
import { matchesAny } from "@/lib/list/search";

/** The bills list: bills of the billing accounts the ability may read, latest period first. */
export const billsList = defineList({
  path: "/bills",
  subject: "Bill",
  filters: {
    q: searchParam,
    status: enumParam(billStatus.enumValues),
  },
  sorts: {
    period: { by: (d) => [direction(d)(bills.periodStart)], first: "desc" },
    due: { by: (d) => [direction(d)(bills.dueOn)], first: "desc" },
    total: { by: (d) => [direction(d)(bills.currency), direction(d)(bills.totalMinor)], first: "desc" },
    account: { by: (d) => [direction(d)(accountNodes.name)] },
  },
  defaultSort: "period",
  tiebreak: () => [asc(accountNodes.name), asc(bills.id)],
  pageSize: 25,
  where: (f) => [f.q ? matchesAny(f.q, [bills.number, accountNodes.name]) : undefined, f.status ? eq(bills.status, f.status) : undefined],
  rows: (db, q) =>
    db
      .select({
        id: bills.id,
        number: bills.number,
        periodStart: bills.periodStart,
        currency: bills.currency,
        subtotalMinor: bills.subtotalMinor,
        taxMinor: bills.taxMinor,
        totalMinor: bills.totalMinor,
        status: bills.status,
        dueOn: bills.dueOn,
        accountName: accountNodes.name,
      })
      .from(bills)
      .innerJoin(accountNodes, eq(accountNodes.id, bills.billingAccountId))
      .where(q.where)
      .orderBy(...q.orderBy)
      .limit(q.limit)
      .offset(q.offset),
  count: async (db, where) => (await db.select({ n: count() }).from(bills).innerJoin(accountNodes, eq(accountNodes.id, bills.billingAccountId)).where(where))[0]?.n ?? 0,
});
