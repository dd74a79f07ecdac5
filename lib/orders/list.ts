import "server-only";
import { asc, count, eq, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { Executor } from "@/db/client";
import { accountNodes, orderLines, orders, orderStatus, sites, users } from "@/db/schema";
import type { AppAbility } from "@/lib/authz/ability";
import { accessibleWhere } from "@/lib/authz/sql";
import { defineList, direction } from "@/lib/list/define";
import { enumParam, idParam, optionalParam, searchParam } from "@/lib/list/params";
import { matchesAny } from "@/lib/list/search";
import { endOfDayIn, startOfDayIn } from "@/lib/time";

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((d) => startOfDayIn(d, "UTC") !== null);

const creator = alias(users, "creator");

/**
 * The orders list: orders the ability may read, newest first; by number or PO, status, a site one
 * of its lines is for, who placed it, and the day it was created (in the viewer's time zone).
 */
export const ordersList = defineList({
  path: "/orders",
  subject: "Order",
  filters: {
    q: searchParam,
    status: enumParam(orderStatus.enumValues),
    site: idParam,
    orderer: idParam,
    from: optionalParam(isoDate),
    to: optionalParam(isoDate),
  },
  sorts: {
    created: { by: (d) => [direction(d)(orders.createdAt)], first: "desc" },
    number: { by: (d) => [direction(d)(orders.number)], first: "desc" },
    total: { by: (d) => [direction(d)(orders.currency), direction(d)(orders.totalMinor)], first: "desc" },
  },
  defaultSort: "created",
  tiebreak: (d) => [direction(d)(orders.number), direction(d)(orders.id)],
  pageSize: 25,
  where: (f, { timeZone }) => {
    const where: (SQL | undefined)[] = [f.q ? matchesAny(f.q, [orders.number, orders.purchaseOrderNumber]) : undefined, f.status ? eq(orders.status, f.status) : undefined];
    if (f.site) where.push(sql`exists (select 1 from ${orderLines} l where l.order_id = ${orders.id} and l.site_id = ${f.site})`);
    if (f.orderer) where.push(eq(orders.createdById, f.orderer));
    const from = f.from ? startOfDayIn(f.from, timeZone) : null;
    const to = f.to ? endOfDayIn(f.to, timeZone) : null;
    if (from) where.push(sql`${orders.createdAt} >= ${from.toISOString()}`);
    if (to) where.push(sql`${orders.createdAt} < ${to.toISOString()}`);
    return where;
  },
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

/** The choices of the orders list's filters: sites in scope, and the people who placed orders the viewer may read. */
export async function orderFilterOptions(db: Executor, ability: AppAbility) {
  const [siteRows, ordererRows] = await Promise.all([
    db.select({ value: sites.id, label: sites.name }).from(sites).where(accessibleWhere(ability, "read", "Site")).orderBy(asc(sites.name)).limit(500),
    db
      .selectDistinct({ value: users.id, label: users.name })
      .from(orders)
      .innerJoin(users, eq(users.id, orders.createdById))
      .where(accessibleWhere(ability, "read", "Order"))
      .orderBy(asc(users.name))
      .limit(500),
  ]);
  return { sites: siteRows, orderers: ordererRows };
}
