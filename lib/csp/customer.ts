import "server-only";
import { and, asc, count, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { getDb, type Executor } from "@/db/client";
import { accountNodes, bills, billDisputes, contracts, invitations, orders, sites, users } from "@/db/schema";
import type { AppAbility } from "@/lib/authz/ability";
import { authorizeById } from "@/lib/authz/guard";
import { likePrefix } from "@/lib/authz/paths";
import { accessibleWhere } from "@/lib/authz/sql";
import { asSubject } from "@/lib/authz/subjects";
import { NotFoundError } from "@/lib/errors";
import type { SearchParamsInput } from "@/lib/list/params";
import { usersList } from "@/lib/users/list";
import { accountManagersOf, attentionFor, attentionWhere, impersonable, supportStatesOf } from "./console";

/** How many of each kind of attention item the customer page lists (the rest are counted). */
export const ITEMS_SHOWN = 5;
/** How many legal entities the customer page lists (a large enterprise has dozens; the rest are counted). */
export const ENTITIES_SHOWN = 10;

const billingAccount = alias(accountNodes, "billing_account");

/**
 * One enterprise as the CSP sees it: its tree in figures and its legal entities with their billing
 * accounts, who looks after it, its support access, and what needs attention, item by item where
 * the viewer may open the item (an account manager opens orders and bills; a CSP administrator sees
 * the counts, and the bills, disputes and contracts it may read). A foreign or unknown id is not found.
 * A bounded number of queries, each on an index leading with enterprise_id, whatever the size.
 */
export async function customerOverview(db: Executor, ability: AppAbility, id: string, now = new Date()) {
  await authorizeById(db, ability, "read", "Customer", id);
  const [root] = await db.select().from(accountNodes).where(eq(accountNodes.id, id));
  if (!root || root.kind !== "enterprise") throw new NotFoundError();
  const under = sql`${accountNodes.path} like ${likePrefix(root.path)}`;
  const [tree, currencies, siteCount, people, entities, attention, managers, support, staleOrders, overdueBills, openDisputes, invited, renewals] = await Promise.all([
    db.select({ kind: accountNodes.kind, n: count() }).from(accountNodes).where(and(eq(accountNodes.enterpriseId, id), under)).groupBy(accountNodes.kind),
    db.selectDistinct({ currency: accountNodes.currency }).from(accountNodes).where(and(eq(accountNodes.enterpriseId, id), eq(accountNodes.kind, "billing_account"))).orderBy(asc(accountNodes.currency)),
    db.select({ n: count() }).from(sites).where(eq(sites.enterpriseId, id)),
    db.select({ n: count() }).from(users).where(and(eq(users.enterpriseId, id), eq(users.status, "active"))),
    // Legal entities with how many billing accounts each has, in which currencies (never a sum of money).
    ability.can("read", "AccountNode")
      ? db
          .select({
            id: accountNodes.id,
            name: accountNodes.name,
            countryCode: accountNodes.countryCode,
            billingAccounts: sql<number>`count(${billingAccount.id})::int`,
            currencies: sql<string[]>`coalesce(array_agg(distinct ${billingAccount.currency}::text order by ${billingAccount.currency}::text) filter (where ${billingAccount.currency} is not null), '{}'::text[])`,
          })
          .from(accountNodes)
          .leftJoin(billingAccount, and(eq(billingAccount.parentId, accountNodes.id), eq(billingAccount.kind, "billing_account")))
          .where(and(eq(accountNodes.enterpriseId, id), eq(accountNodes.kind, "legal_entity"), accessibleWhere(ability, "read", "AccountNode")))
          .groupBy(accountNodes.id)
          .orderBy(asc(sql`lower(${accountNodes.name})`), asc(accountNodes.id))
          .limit(ENTITIES_SHOWN)
      : [],
    attentionFor(db, [id], now),
    accountManagersOf(db, [id], now),
    supportStatesOf(db, [id], now),
    ability.can("read", "Order")
      ? db
          .select({ id: orders.id, number: orders.number, totalMinor: orders.totalMinor, currency: orders.currency, since: orders.submittedAt })
          .from(orders)
          .where(and(eq(orders.enterpriseId, id), attentionWhere.staleApprovals(now), accessibleWhere(ability, "read", "Order")))
          .orderBy(asc(orders.submittedAt), asc(orders.id))
          .limit(ITEMS_SHOWN)
      : [],
    ability.can("read", "Bill")
      ? db
          .select({ id: bills.id, number: bills.number, currency: bills.currency, balanceMinor: sql<number>`(${bills.totalMinor} - ${bills.paidMinor})::float8`, dueOn: bills.dueOn })
          .from(bills)
          .where(and(eq(bills.enterpriseId, id), attentionWhere.overdueBills(now), accessibleWhere(ability, "read", "Bill")))
          .orderBy(asc(bills.dueOn), asc(bills.number))
          .limit(ITEMS_SHOWN)
      : [],
    ability.can("read", "Dispute")
      ? db
          .select({ id: billDisputes.id, billId: billDisputes.billId, billNumber: bills.number, amountMinor: billDisputes.amountMinor, currency: bills.currency, since: billDisputes.createdAt })
          .from(billDisputes)
          .innerJoin(bills, eq(bills.id, billDisputes.billId))
          .where(and(eq(billDisputes.enterpriseId, id), attentionWhere.openDisputes(), accessibleWhere(ability, "read", "Dispute")))
          .orderBy(asc(billDisputes.createdAt), asc(billDisputes.id))
          .limit(ITEMS_SHOWN)
      : [],
    ability.can("read", "User")
      ? db
          .select({ id: users.id, name: users.name, email: users.email, since: invitations.createdAt })
          .from(invitations)
          .innerJoin(users, eq(users.id, invitations.userId))
          .where(and(eq(invitations.enterpriseId, id), attentionWhere.pendingInvitations(now), accessibleWhere(ability, "read", "User")))
          .orderBy(asc(invitations.createdAt), asc(invitations.id))
          .limit(ITEMS_SHOWN)
      : [],
    ability.can("read", "Contract")
      ? db
          .select({ id: contracts.id, name: contracts.name, reference: contracts.reference, endsOn: contracts.endsOn })
          .from(contracts)
          .where(and(eq(contracts.enterpriseId, id), attentionWhere.renewals(now), accessibleWhere(ability, "read", "Contract")))
          .orderBy(asc(contracts.endsOn), asc(contracts.id))
          .limit(ITEMS_SHOWN)
      : [],
  ]);
  const kinds = Object.fromEntries(tree.map((t) => [t.kind, t.n])) as Record<string, number>;
  return {
    customer: { id: root.id, name: root.name, code: root.code, createdAt: root.createdAt, path: root.path },
    figures: {
      legalEntities: kinds.legal_entity ?? 0,
      billingAccounts: kinds.billing_account ?? 0,
      subAccounts: kinds.sub_account ?? 0,
      currencies: currencies.map((c) => c.currency).filter((c): c is string => Boolean(c)),
      sites: siteCount[0]?.n ?? 0,
      activeUsers: people[0]?.n ?? 0,
    },
    entities,
    attention: attention.get(id)!,
    managers: managers.get(id) ?? [],
    support: support.get(id)!,
    items: { staleOrders, overdueBills, openDisputes, invited, renewals },
    // What the viewer may do here: see the enterprise's people (to view the portal as one), manage its account managers.
    can: {
      seePeople: ability.can("read", asSubject("User", { id: "", enterpriseId: id, path: root.path, rolePaths: [], status: "active", supportAccess: true })),
      manageAccountManagers: ability.can("update", asSubject("Customer", { id, enterpriseId: id, kind: "enterprise", path: root.path })),
    },
  };
}

export type CustomerOverview = Awaited<ReturnType<typeof customerOverview>>;

/**
 * An enterprise's people on its customer page: the people list (name, email, unit, roles, status;
 * search, status filter, paging) narrowed to the enterprise by the route, so CSP staff never
 * appear, each marked with whether the viewer may view the portal as them (one more query).
 */
export async function customerPeople(ability: AppAbility, enterpriseId: string, timeZone: string, searchParams: SearchParamsInput) {
  const view = await usersList.view({ ability, timeZone, path: `/csp/customers/${enterpriseId}`, where: eq(users.enterpriseId, enterpriseId) }, searchParams);
  const viewAs = await impersonable(await getDb(), ability, view.rows.map((r) => r.id));
  return { ...view, viewAs };
}
