import "server-only";
import { and, asc, eq, gte, inArray, lte, sql, sum } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor } from "@/db/client";
import { accountNodes, approvalDecisions, contractPriceItems, contracts, contractVolumeBands, offeringPrices, orderEvents, orderLines, orders, productOfferings, services, sites, users } from "@/db/schema";
import { applyingPolicy, delegationsInForce, eligibleApprovers } from "@/lib/approvals/routing";
import { approverTiers, elapsedTiers, escalationDueAt, routedApprovers } from "@/lib/approvals/rules";
import type { AppAbility } from "@/lib/authz/ability";
import { authorizeById } from "@/lib/authz/guard";
import { isUnder } from "@/lib/authz/paths";
import { accessibleWhere } from "@/lib/authz/sql";
import { asSubject } from "@/lib/authz/subjects";
import { todayIn } from "@/lib/time";
import { canCancel, canEdit, canSubmit, type OrderStatus } from "./rules";

/**
 * One order for its page: lines, decisions, the timeline, the approval route (levels, thresholds,
 * who may decide the waiting level now and who it is routed to) and what the viewer may do with
 * it. 404 when not readable.
 */
export async function getOrder(db: Executor, ability: AppAbility, viewerId: string, id: string, now = new Date()) {
  const fields = await authorizeById(db, ability, "read", "Order", id);
  const creator = alias(users, "creator");
  const billingAccount = alias(accountNodes, "billing_account");
  const [head] = await db
    .select({
      order: orders,
      nodeName: accountNodes.name,
      nodePath: accountNodes.path,
      billingAccountName: billingAccount.name,
      billingAccountPath: billingAccount.path,
      createdByName: creator.name,
      contractName: contracts.name,
      contractReference: contracts.reference,
      contractVersion: contracts.version,
    })
    .from(orders)
    .innerJoin(accountNodes, eq(accountNodes.id, orders.nodeId))
    .innerJoin(billingAccount, eq(billingAccount.id, orders.billingAccountId))
    .innerJoin(creator, eq(creator.id, orders.createdById))
    .innerJoin(contracts, eq(contracts.id, orders.contractId))
    .where(eq(orders.id, id));
  const order = head!.order;
  const decider = alias(users, "decider");
  const onBehalfOf = alias(users, "on_behalf_of");
  const actor = alias(users, "actor");
  const [lines, decisions, events] = await Promise.all([
    db
      .select({ line: orderLines, offeringName: productOfferings.name, siteName: sites.name, subAccountName: accountNodes.name })
      .from(orderLines)
      .innerJoin(productOfferings, eq(productOfferings.id, orderLines.offeringId))
      .innerJoin(sites, eq(sites.id, orderLines.siteId))
      .innerJoin(accountNodes, eq(accountNodes.id, orderLines.subAccountId))
      .where(eq(orderLines.orderId, id))
      .orderBy(asc(sites.name), asc(productOfferings.name)),
    db
      .select({ decision: approvalDecisions, deciderName: decider.name, onBehalfOfName: onBehalfOf.name })
      .from(approvalDecisions)
      .innerJoin(decider, eq(decider.id, approvalDecisions.deciderId))
      .leftJoin(onBehalfOf, eq(onBehalfOf.id, approvalDecisions.onBehalfOfId))
      .where(eq(approvalDecisions.orderId, id))
      .orderBy(asc(approvalDecisions.level)),
    db
      .select({ event: orderEvents, actorName: actor.name, onBehalfOfName: onBehalfOf.name })
      .from(orderEvents)
      .leftJoin(actor, eq(actor.id, orderEvents.actorId))
      .leftJoin(onBehalfOf, eq(onBehalfOf.id, orderEvents.onBehalfOfId))
      .where(eq(orderEvents.orderId, id))
      .orderBy(asc(orderEvents.at), asc(orderEvents.id)),
  ]);

  const status = order.status as OrderStatus;
  const subject = asSubject("Order", fields);
  const waitingLevel = status === "pending_approval" ? decisions.filter((d) => d.decision.decision === "approved").length + 1 : null;
  let route: {
    policy: Awaited<ReturnType<typeof applyingPolicy>>;
    eligible: { name: string; scopeName: string; routed: boolean; away: string | null }[];
    escalatesAt: Date | null;
  } | null = null;
  let viewerMayDecide = false;
  let standsInFor: string | null = null;
  if (waitingLevel) {
    const eligible = await eligibleApprovers(db, { id: order.id, nodePath: head!.nodePath, currency: order.currency, totalMinor: order.totalMinor, createdById: order.createdById }, now);
    // The tier reached is what the escalation job recorded, or what the waiting time already
    // implies if the job has not run yet: a page only reads, and shows the route as it stands.
    const tier = Math.max(order.escalationTier, elapsedTiers(order.levelSince, order.escalationHours, now));
    const routed = new Set(routedApprovers(eligible, tier).map((a) => a.userId));
    const away = await delegationsInForce(db, { approverIds: eligible.map((e) => e.userId) }, now);
    route = {
      policy: await applyingPolicy(db, head!.billingAccountPath, order.currency),
      eligible: eligible.map((e) => {
        const a = away.find((d) => d.approverId === e.userId);
        return { name: e.name, scopeName: e.scopeName, routed: routed.has(e.userId), away: a ? (a.delegateName ? `away; ${a.delegateName} decides in their place` : "away") : null };
      }),
      escalatesAt: order.levelSince && order.escalationHours && tier + 1 < approverTiers(eligible).length ? escalationDueAt(order.levelSince, order.escalationHours, tier) : null,
    };
    viewerMayDecide = ability.can("approve", subject) && eligible.some((e) => e.userId === viewerId);
    if (viewerMayDecide) {
      const mine = await delegationsInForce(db, { delegateId: viewerId }, now);
      standsInFor = mine.find((d) => eligible.some((e) => e.userId === d.approverId))?.approverName ?? null;
    }
  } else if (status === "draft") {
    route = { policy: await applyingPolicy(db, head!.billingAccountPath, order.currency), eligible: [], escalatesAt: null };
  }

  return {
    ...head!,
    lines,
    decisions,
    events,
    waitingLevel,
    route,
    standsInFor,
    can: {
      edit: canEdit(status) && ability.can("update", subject),
      submit: canSubmit(status) && ability.can("submit", subject),
      cancel: canCancel(status) && ability.can("cancel", subject),
      decide: viewerMayDecide,
      start: status === "approved" && ability.can("fulfil", subject),
      complete: status === "in_progress" && ability.can("fulfil", subject),
    },
  };
}
export type OrderDetail = Awaited<ReturnType<typeof getOrder>>;

/** A draft as its edit form needs it (404 unless the viewer may edit it). */
export async function getOrderForEdit(db: Executor, ability: AppAbility, id: string) {
  await authorizeById(db, ability, "update", "Order", id);
  const [order] = await db.select().from(orders).where(eq(orders.id, id));
  const lines = await db.select().from(orderLines).where(eq(orderLines.orderId, id)).orderBy(asc(orderLines.id));
  return { order: order!, lines };
}

export type FormContract = {
  id: string;
  name: string;
  reference: string;
  version: number;
  nodePath: string;
  items: {
    offeringId: string;
    name: string;
    unit: string;
    currency: string;
    oneOffMinor: number;
    recurringMinor: number;
    listOneOffMinor: number | null;
    listRecurringMinor: number | null;
    bands: { minQuantity: number; recurringMinor: number }[];
    installed: number;
  }[];
};
export type FormSite = { id: string; name: string; subAccountId: string; billingAccountId: string; currency: string; nodePath: string };
export type FormSubAccount = { id: string; name: string; billingAccountId: string; nodePath: string };

/**
 * What the order form offers: the contracts in force the viewer may order against, with their
 * prices (against list prices) and what is installed under them (for the volume bands), and the
 * sites and sub-accounts where the viewer may order. The server prices again on save.
 */
export async function orderFormOptions(db: Executor, ability: AppAbility, now = new Date()) {
  const today = todayIn("UTC", now);
  const contractNode = alias(accountNodes, "contract_node");
  const inForce = await db
    .select({ id: contracts.id, name: contracts.name, reference: contracts.reference, version: contracts.version, nodePath: contractNode.path })
    .from(contracts)
    .innerJoin(contractNode, eq(contractNode.id, contracts.nodeId))
    .where(and(accessibleWhere(ability, "read", "Contract"), eq(contracts.status, "active"), lte(contracts.startsOn, today), gte(contracts.endsOn, today)))
    .orderBy(asc(contracts.name));

  const siteNode = alias(accountNodes, "site_node");
  const billing = alias(accountNodes, "billing");
  const siteRows = await db
    .select({ id: sites.id, name: sites.name, subAccountId: sites.subAccountId, nodePath: siteNode.path, enterpriseId: sites.enterpriseId, billingAccountId: billing.id, currency: billing.currency })
    .from(sites)
    .innerJoin(siteNode, eq(siteNode.id, sites.subAccountId))
    .innerJoin(billing, and(eq(billing.kind, "billing_account"), sql`starts_with(${siteNode.path}, ${billing.path})`))
    .where(accessibleWhere(ability, "read", "Site"))
    .orderBy(asc(sites.name))
    .limit(2000);
  const orderable = (path: string, enterpriseId: string) => ability.can("create", asSubject("Order", { path, enterpriseId, status: "draft" }));
  const formSites: FormSite[] = siteRows
    .filter((s) => s.currency && orderable(s.nodePath, s.enterpriseId))
    .map((s) => ({ id: s.id, name: s.name, subAccountId: s.subAccountId, billingAccountId: s.billingAccountId, currency: s.currency!, nodePath: s.nodePath }));

  const subRows = await db
    .select({ id: accountNodes.id, name: accountNodes.name, nodePath: accountNodes.path, enterpriseId: accountNodes.enterpriseId, billingAccountId: billing.id })
    .from(accountNodes)
    .innerJoin(billing, and(eq(billing.kind, "billing_account"), sql`starts_with(${accountNodes.path}, ${billing.path})`))
    .where(and(accessibleWhere(ability, "read", "AccountNode"), eq(accountNodes.kind, "sub_account")))
    .orderBy(asc(accountNodes.name))
    .limit(2000);
  const subAccounts: FormSubAccount[] = subRows.filter((s) => orderable(s.nodePath, s.enterpriseId)).map(({ enterpriseId: _, ...s }) => s);

  // Only contracts that cover somewhere the viewer may order.
  const usable = inForce.filter((c) => formSites.some((s) => isUnder(s.nodePath, c.nodePath)));
  const ids = usable.map((c) => c.id);
  const items = ids.length
    ? await db
        .select({ item: contractPriceItems, name: productOfferings.name, unit: productOfferings.unit, validFrom: productOfferings.validFrom, validTo: productOfferings.validTo, isActive: productOfferings.isActive, list: offeringPrices })
        .from(contractPriceItems)
        .innerJoin(productOfferings, eq(productOfferings.id, contractPriceItems.offeringId))
        .leftJoin(offeringPrices, and(eq(offeringPrices.offeringId, contractPriceItems.offeringId), eq(offeringPrices.currency, contractPriceItems.currency)))
        .where(inArray(contractPriceItems.contractId, ids))
        .orderBy(asc(productOfferings.name))
    : [];
  const bands = items.length ? await db.select().from(contractVolumeBands).where(inArray(contractVolumeBands.priceItemId, items.map((i) => i.item.id))) : [];
  const installed = usable.length
    ? await db
        .select({ reference: contracts.reference, offeringId: services.offeringId, quantity: sum(services.quantity).mapWith(Number) })
        .from(services)
        .innerJoin(contracts, eq(contracts.id, services.contractId))
        .where(and(eq(services.status, "active"), inArray(contracts.reference, usable.map((c) => c.reference))))
        .groupBy(contracts.reference, services.offeringId)
    : [];

  const formContracts: FormContract[] = usable.map((c) => ({
    ...c,
    items: items
      .filter((i) => i.item.contractId === c.id && i.isActive && i.validFrom <= today && (i.validTo == null || i.validTo >= today))
      .map((i) => ({
        offeringId: i.item.offeringId,
        name: i.name,
        unit: i.unit,
        currency: i.item.currency,
        oneOffMinor: i.item.oneOffMinor,
        recurringMinor: i.item.recurringMinor,
        listOneOffMinor: i.list?.oneOffMinor ?? null,
        listRecurringMinor: i.list?.recurringMinor ?? null,
        bands: bands.filter((b) => b.priceItemId === i.item.id).map((b) => ({ minQuantity: b.minQuantity, recurringMinor: b.recurringMinor })),
        installed: installed.find((r) => r.reference === c.reference && r.offeringId === i.item.offeringId)?.quantity ?? 0,
      })),
  }));
  return { contracts: formContracts, sites: formSites, subAccounts };
}
export type OrderFormOptions = Awaited<ReturnType<typeof orderFormOptions>>;
