import "server-only";
import { ageingBucketSql, billStateSql } from "@/lib/billing/state";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor } from "@/db/client";
import { accountNodes, bills, orders, users } from "@/db/schema";
import type { AppAbility } from "@/lib/authz/ability";
import { accessibleWhere } from "@/lib/authz/sql";

/** What needs the user's attention in their scope; each list is filtered by the ability in SQL. */
export async function dashboardFor(db: Executor, ability: AppAbility) {
  const creator = alias(users, "creator");
  const orderColumns = {
    id: orders.id,
    number: orders.number,
    status: orders.status,
    currency: orders.currency,
    totalMinor: orders.totalMinor,
    createdAt: orders.createdAt,
    submittedAt: orders.submittedAt,
    nodeName: accountNodes.name,
    createdByName: creator.name,
  };
  const canReadOrders = ability.can("read", "Order");
  const canApprove = ability.can("approve", "Order");
  const canReadBills = ability.can("read", "Bill");
  const canReadUsers = ability.can("read", "RoleAssignment");

  const today = new Date().toISOString().slice(0, 10);
  const [awaitingApproval, recentOrders, latestBills, userCount, counts, ageing] = await Promise.all([
    canApprove
      ? db
          .select(orderColumns)
          .from(orders)
          .innerJoin(accountNodes, eq(accountNodes.id, orders.nodeId))
          .innerJoin(creator, eq(creator.id, orders.createdById))
          .where(and(eq(orders.status, "pending_approval"), accessibleWhere(ability, "approve", "Order")))
          .orderBy(desc(orders.submittedAt))
          .limit(5)
      : Promise.resolve(null),
    canReadOrders
      ? db
          .select(orderColumns)
          .from(orders)
          .innerJoin(accountNodes, eq(accountNodes.id, orders.nodeId))
          .innerJoin(creator, eq(creator.id, orders.createdById))
          .where(accessibleWhere(ability, "read", "Order"))
          .orderBy(desc(orders.createdAt))
          .limit(5)
      : Promise.resolve(null),
    canReadBills
      ? db
          .select({
            id: bills.id,
            number: bills.number,
            periodStart: bills.periodStart,
            currency: bills.currency,
            totalMinor: bills.totalMinor,
            status: billStateSql(new Date().toISOString().slice(0, 10)),
            dueOn: bills.dueOn,
            accountName: accountNodes.name,
          })
          .from(bills)
          .innerJoin(accountNodes, eq(accountNodes.id, bills.billingAccountId))
          .where(accessibleWhere(ability, "read", "Bill"))
          .orderBy(desc(bills.periodStart), accountNodes.name)
          .limit(5)
      : Promise.resolve(null),
    canReadUsers
      ? db
          .select({ active: sql<number>`count(*) filter (where ${users.status} = 'active')::int`, total: sql<number>`count(*)::int` })
          .from(users)
          .where(accessibleWhere(ability, "read", "User"))
          .then((r) => r[0] ?? { active: 0, total: 0 })
      : Promise.resolve(null),
    canReadOrders
      ? db
          .select({
            open: sql<number>`count(*) filter (where ${inArray(orders.status, ["submitted", "pending_approval", "approved", "in_progress"])})::int`,
            awaiting: canApprove
              ? sql<number>`count(*) filter (where ${orders.status} = 'pending_approval' and ${accessibleWhere(ability, "approve", "Order")})::int`
              : sql<number>`0`,
          })
          .from(orders)
          .where(accessibleWhere(ability, "read", "Order"))
          .then((r) => r[0] ?? { open: 0, awaiting: 0 })
      : Promise.resolve(null),
    // What is unpaid, per currency and by days past due (the billing overview has the detail).
    canReadBills
      ? db
          .select({
            currency: bills.currency,
            bucket: ageingBucketSql(today),
            openMinor: sql<number>`sum(${bills.totalMinor} - ${bills.paidMinor})::bigint`.mapWith(Number),
            bills: sql<number>`count(*)::int`,
          })
          .from(bills)
          .where(and(accessibleWhere(ability, "read", "Bill"), sql`${bills.paidMinor} < ${bills.totalMinor}`))
          // By position: the bucket's expression carries parameters, and PostgreSQL does not see two
          // parameterised copies of it as the same expression.
          .groupBy(sql`1`, sql`2`)
      : Promise.resolve(null),
  ]);
  return { awaitingApproval, recentOrders, latestBills, userCount, counts, ageing };
}
