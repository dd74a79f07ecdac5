import "server-only";
import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { accountNodes, orders, productOfferings, services, sites } from "@/db/schema";
import type { AppAbility } from "@/lib/authz/ability";
import { authorizeById } from "@/lib/authz/guard";
import { accessibleWhere } from "@/lib/authz/sql";
import { asSubject } from "@/lib/authz/subjects";
import type { Action } from "@/lib/authz/vocabulary";

/** Filter options for the list: the countries of readable sites and the readable sub-accounts that have sites. */
export async function siteFilterOptions(db: Executor, ability: AppAbility) {
  const readable = accessibleWhere(ability, "read", "Site");
  const [countries, subAccounts] = await Promise.all([
    db.selectDistinct({ code: sites.countryCode }).from(sites).where(readable).orderBy(asc(sites.countryCode)),
    db
      .selectDistinct({ id: accountNodes.id, name: accountNodes.name })
      .from(sites)
      .innerJoin(accountNodes, eq(accountNodes.id, sites.subAccountId))
      .where(readable)
      .orderBy(asc(accountNodes.name), asc(accountNodes.id)),
  ]);
  return { countries: countries.map((c) => c.code), subAccounts };
}

export type SubAccountChoice = { id: string; name: string; parentName: string | null; enterpriseId: string };

/**
 * Sub-accounts a site may be attached to: readable sub-account nodes on which the ability allows
 * `action` ("create" or "update") on a Site. The server checks the chosen node again on submit.
 */
export async function siteSubAccountChoices(db: Executor, ability: AppAbility, action: Extract<Action, "create" | "update">): Promise<SubAccountChoice[]> {
  // Qualified by hand: drizzle leaves columns unqualified in single-table queries.
  const parent = sql<string | null>`(select p.name from account_nodes p where p.id = "account_nodes"."parent_id")`;
  const rows = await db
    .select({ id: accountNodes.id, name: accountNodes.name, path: accountNodes.path, enterpriseId: accountNodes.enterpriseId, parentName: parent })
    .from(accountNodes)
    .where(and(eq(accountNodes.kind, "sub_account"), accessibleWhere(ability, "read", "AccountNode")))
    .orderBy(asc(accountNodes.path));
  return rows
    .filter((n) => ability.can(action, asSubject("Site", { path: n.path, enterpriseId: n.enterpriseId })))
    .map(({ id, name, parentName, enterpriseId }) => ({ id, name, parentName, enterpriseId }))
    .sort((a, b) => (a.parentName ?? "").localeCompare(b.parentName ?? "") || a.name.localeCompare(b.name));
}

/** Whether the ability may create a site anywhere (for showing the "New site" button). */
export function canCreateSomewhere(ability: AppAbility) {
  return ability.can("create", "Site");
}

/**
 * One site with its sub-account (and the path of names above it), the services installed there
 * and the orders with lines there, each filtered by the ability. 404 when the site is not readable.
 */
export async function getSite(db: Executor, ability: AppAbility, id: string) {
  const fields = await authorizeById(db, ability, "read", "Site", id);
  const [row] = await db
    .select({ site: sites, subAccountName: accountNodes.name, subAccountPath: accountNodes.path })
    .from(sites)
    .innerJoin(accountNodes, eq(accountNodes.id, sites.subAccountId))
    .where(eq(sites.id, id));
  const { site, subAccountName, subAccountPath } = row!;
  const ancestorIds = subAccountPath.split("/").filter(Boolean);
  const canReadServices = ability.can("read", "Service");
  const canReadOrders = ability.can("read", "Order");
  const [ancestors, siteServices, siteOrders] = await Promise.all([
    db
      .select({ id: accountNodes.id, name: accountNodes.name, path: accountNodes.path })
      .from(accountNodes)
      .where(and(sql`${accountNodes.id} in (${sql.join(ancestorIds.map((a) => sql`${a}`), sql`, `)})`, accessibleWhere(ability, "read", "AccountNode")))
      .orderBy(asc(sql`length(${accountNodes.path})`)),
    canReadServices
      ? db
          .select({
            id: services.id,
            offeringName: productOfferings.name,
            unit: productOfferings.unit,
            quantity: services.quantity,
            status: services.status,
            activatedAt: services.activatedAt,
            terminatedAt: services.terminatedAt,
            currency: services.currency,
            recurringMinor: services.recurringMinor,
          })
          .from(services)
          .innerJoin(productOfferings, eq(productOfferings.id, services.offeringId))
          .where(and(eq(services.siteId, id), accessibleWhere(ability, "read", "Service")))
          .orderBy(asc(sql`case ${services.status} when 'active' then 0 when 'suspended' then 1 else 2 end`), asc(productOfferings.name), desc(services.activatedAt))
      : Promise.resolve(null),
    canReadOrders
      ? db
          .select({
            id: orders.id,
            number: orders.number,
            status: orders.status,
            createdAt: orders.createdAt,
            linesHere: sql<number>`(select count(*)::int from order_lines l where l.order_id = "orders"."id" and l.site_id = ${id})`,
          })
          .from(orders)
          .where(
            and(
              sql`exists (select 1 from order_lines l where l.order_id = "orders"."id" and l.site_id = ${id})`,
              accessibleWhere(ability, "read", "Order"),
            ),
          )
          .orderBy(desc(orders.createdAt), desc(orders.number))
          .limit(100)
      : Promise.resolve(null),
  ]);
  const subject = asSubject("Site", fields);
  return {
    site,
    subAccountName,
    ancestors: ancestors.filter((a) => a.id !== site.subAccountId),
    services: siteServices,
    orders: siteOrders,
    canEdit: ability.can("update", subject),
  };
}

/** A site for its edit form; 404 when not readable, 403 when readable but not editable. */
export async function getSiteForEdit(db: Executor, ability: AppAbility, id: string) {
  await authorizeById(db, ability, "update", "Site", id);
  const [site] = await db.select().from(sites).where(eq(sites.id, id));
  return site!;
}
