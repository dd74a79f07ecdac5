import "server-only";
import { and, asc, count, desc, eq, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor } from "@/db/client";
import { accountNodes, approvalDecisions, contracts, orderLines, orders, productOfferings, sites, users } from "@/db/schema";
import type { AppAbility } from "@/lib/authz/ability";
import { authorizeById } from "@/lib/authz/guard";
import { accessibleWhere } from "@/lib/authz/sql";

export const ORDER_PAGE_SIZE = 25;

/** Orders the ability may read, newest first, optionally by status; paginated in SQL. */
export async function listOrders(db: Executor, ability: AppAbility, opts: { status?: string; page: number }) {
  const creator = alias(users, "creator");
  const where: SQL[] = [accessibleWhere(ability, "read", "Order")];
  if (opts.status) where.push(eq(orders.status, opts.status as (typeof orders.status.enumValues)[number]));
  const [rows, [total]] = await Promise.all([
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
      .where(and(...where))
      .orderBy(desc(orders.createdAt), desc(orders.number))
      .limit(ORDER_PAGE_SIZE)
      .offset((opts.page - 1) * ORDER_PAGE_SIZE),
    db.select({ n: count() }).from(orders).where(and(...where)),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/** One order with its lines and approval decisions; 404 when not readable. */
export async function getOrder(db: Executor, ability: AppAbility, id: string) {
  await authorizeById(db, ability, "read", "Order", id);
  const creator = alias(users, "creator");
  const billingAccount = alias(accountNodes, "billing_account");
  const [order] = await db
    .select({ order: orders, nodeName: accountNodes.name, billingAccountName: billingAccount.name, createdByName: creator.name, contractName: contracts.name, contractReference: contracts.reference })
    .from(orders)
    .innerJoin(accountNodes, eq(accountNodes.id, orders.nodeId))
    .innerJoin(billingAccount, eq(billingAccount.id, orders.billingAccountId))
    .innerJoin(creator, eq(creator.id, orders.createdById))
    .innerJoin(contracts, eq(contracts.id, orders.contractId))
    .where(eq(orders.id, id));
  const [lines, decisions] = await Promise.all([
    db
      .select({ line: orderLines, offeringName: productOfferings.name, siteName: sites.name, subAccountName: accountNodes.name })
      .from(orderLines)
      .innerJoin(productOfferings, eq(productOfferings.id, orderLines.offeringId))
      .innerJoin(sites, eq(sites.id, orderLines.siteId))
      .innerJoin(accountNodes, eq(accountNodes.id, orderLines.subAccountId))
      .where(eq(orderLines.orderId, id))
      .orderBy(asc(productOfferings.name)),
    db
      .select({ decision: approvalDecisions, deciderName: users.name })
      .from(approvalDecisions)
      .innerJoin(users, eq(users.id, approvalDecisions.deciderId))
      .where(eq(approvalDecisions.orderId, id))
      .orderBy(asc(approvalDecisions.level)),
  ]);
  return { ...order!, lines, decisions };
}
