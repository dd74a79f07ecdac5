import "server-only";
import { asc, count, eq, inArray, sql, type SQL } from "drizzle-orm";
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
    // Past FILTER_CHOICES sites or orderers a select is no help: the page offers these searches.
    siteName: searchParam,
    by: searchParam,
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
    if (f.siteName) where.push(sql`exists (select 1 from ${orderLines} l join ${sites} s on s.id = l.site_id where l.order_id = ${orders.id} and ${matchesAny(f.siteName, [sql`s.name`])})`);
    if (f.by) where.push(sql`exists (select 1 from ${users} u where u.id = ${orders.createdById} and ${matchesAny(f.by, [sql`u.name`, sql`u.email`])})`);
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

/** How many choices a filter select offers at most; past it the page shows a search instead. */
export const FILTER_CHOICES = 100;

/**
 * The choices of the orders list's filters: sites in scope, and the people who placed orders the
 * viewer may read — each up to FILTER_CHOICES, with `more` when there are more (a large
 * enterprise has thousands of each: the page then offers a search by name instead of a select).
 */
export async function orderFilterOptions(db: Executor, ability: AppAbility) {
  const [siteRows, ordererIds] = await Promise.all([
    db.select({ value: sites.id, label: sites.name }).from(sites).where(accessibleWhere(ability, "read", "Site")).orderBy(asc(sites.name), asc(sites.id)).limit(FILTER_CHOICES + 1),
    // Distinct placers in index order, stopping once there are more than enough: never a pass
    // over every order in scope only to learn that there are thousands.
    db.selectDistinct({ id: orders.createdById }).from(orders).where(accessibleWhere(ability, "read", "Order")).orderBy(asc(orders.createdById)).limit(FILTER_CHOICES + 1),
  ]);
  const ordererRows = ordererIds.length
    ? await db
        .select({ value: users.id, label: users.name })
        .from(users)
        .where(
          inArray(
            users.id,
            ordererIds.map((r) => r.id),
          ),
        )
        .orderBy(asc(users.name), asc(users.id))
    : [];
  return {
    sites: siteRows.slice(0, FILTER_CHOICES),
    moreSites: siteRows.length > FILTER_CHOICES,
    orderers: ordererRows.slice(0, FILTER_CHOICES),
    moreOrderers: ordererRows.length > FILTER_CHOICES,
  };
}
