import "server-only";
import { asc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor } from "@/db/client";
import { accountNodes, approvalDecisions, contracts, orderLines, orders, productOfferings, sites, users } from "@/db/schema";
import type { AppAbility } from "@/lib/authz/ability";
import { authorizeById } from "@/lib/authz/guard";

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
