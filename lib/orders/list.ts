import "server-only";
import { count, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { accountNodes, orders, orderStatus, users } from "@/db/schema";
import { defineList, direction } from "@/lib/list/define";
import { enumParam, searchParam } from "@/lib/list/params";
import { matchesAny } from "@/lib/list/search";

const creator = alias(users, "creator");

/** The orders list: orders the ability may read, newest first, by number or PO and by status. */
export const ordersList = defineList({
  path: "/orders",
  subject: "Order",
  filters: {
    q: searchParam,
    status: enumParam(orderStatus.enumValues),
  },
  sorts: {
    created: { by: (d) => [direction(d)(orders.createdAt)], first: "desc" },
    number: { by: (d) => [direction(d)(orders.number)], first: "desc" },
    total: { by: (d) => [direction(d)(orders.currency), direction(d)(orders.totalMinor)], first: "desc" },
  },
  defaultSort: "created",
  tiebreak: (d) => [direction(d)(orders.number), direction(d)(orders.id)],
  pageSize: 25,
  where: (f) => [f.q ? matchesAny(f.q, [orders.number, orders.purchaseOrderNumber]) : undefined, f.status ? eq(orders.status, f.status) : undefined],
  rows: (db, q) =>
    db
      .select({
        id: orders.id,
        number: orders.number,
        status: orders.status,
        currency: orders.currency,
        totalMinor: orders.totalMinor,
        purchaseOrderNumber: orders.purchaseOrderNumber,
        createdAt: orders.createdAt,
        nodeName: accountNodes.name,
        createdByName: creator.name,
      })
      .from(orders)
      .innerJoin(accountNodes, eq(accountNodes.id, orders.nodeId))
      .innerJoin(creator, eq(creator.id, orders.createdById))
      .where(q.where)
      .orderBy(...q.orderBy)
      .limit(q.limit)
      .offset(q.offset),
  count: async (db, where) => (await db.select({ n: count() }).from(orders).where(where))[0]?.n ?? 0,
});
