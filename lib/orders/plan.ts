import "server-only";
import { and, eq, inArray, sql, sum } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { accountNodes, contractPriceItems, contracts, contractVolumeBands, productOfferings, services, sites } from "@/db/schema";
import { authorize, loadSubjectFields } from "@/lib/authz/guard";
import { idsOnPath, isUnder } from "@/lib/authz/paths";
import { asSubject } from "@/lib/authz/subjects";
import type { Ctx } from "@/lib/context";
import { InvalidError, NotFoundError } from "@/lib/errors";
import { todayIn } from "@/lib/time";
import { orderTotals, unitPrice } from "./pricing";
import { commonAncestorPath } from "./rules";
import type { OrderFields } from "./schemas";

export type PricedLine = {
  offeringId: string;
  siteId: string;
  subAccountId: string;
  quantity: number;
  priceItemId: string;
  unitOneOffMinor: number;
  unitRecurringMinor: number;
  bandMinQuantity: number | null;
};

/** What an order would be, checked and priced: everything the insert or update needs. */
export type OrderPlan = {
  enterpriseId: string;
  nodeId: string;
  nodePath: string;
  billingAccountId: string;
  currency: string;
  contractId: string;
  lines: PricedLine[];
  oneOffTotalMinor: number;
  recurringTotalMinor: number;
  totalMinor: number;
};

const lineError = (i: number, field: string, message: string) => new InvalidError(`Line ${i + 1}: ${message}`, { [`lines.${i}.${field}`]: [message] });

/**
 * Checks an order as the orderer entered it and prices it from the contract, never from the
 * client (DESIGN.md "Orders", "Contract price"):
 * - the contract is readable (404 otherwise), in force today, and covers where the order hangs;
 * - every site and cost sub-account is readable (404) and all lines are charged to one billing
 *   account, whose currency the order is in;
 * - the ability allows creating an order on the node the lines share (403 otherwise);
 * - each offering is active, in its validity period, and priced by the contract in that currency;
 *   the unit price is the contract's, with the volume band chosen by the quantity installed under
 *   the contract (any version) plus the quantity on this order.
 * Runs inside the write transaction, so it prices against what is committed when the order is.
 */
export async function planOrder(tx: Executor, ctx: Ctx, fields: OrderFields, now = new Date()): Promise<OrderPlan> {
  const today = todayIn("UTC", now);
  const contractFields = await loadSubjectFields(tx, "Contract", fields.contractId);
  authorize(ctx.ability, "read", "Contract", contractFields);
  const [contract] = await tx.select().from(contracts).where(eq(contracts.id, fields.contractId));
  if (!contract) throw new NotFoundError();
  if (contract.status !== "active" || contract.startsOn > today || contract.endsOn < today) {
    throw new InvalidError("This contract is not in force. Choose the contract version in force.", { contractId: ["This contract is not in force"] });
  }

  // Sites and cost sub-accounts: readable, and all under one billing account.
  const nodes = new Map<string, { id: string; path: string; kind: string; enterpriseId: string }>();
  async function readableNode(id: string, i: number, field: string) {
    if (nodes.has(id)) return nodes.get(id)!;
    const f = await loadSubjectFields(tx, "AccountNode", id);
    if (!f || !ctx.ability.can("read", asSubject("AccountNode", f))) throw lineError(i, field, "Not found");
    const [row] = await tx.select({ id: accountNodes.id, path: accountNodes.path, kind: accountNodes.kind, enterpriseId: accountNodes.enterpriseId }).from(accountNodes).where(eq(accountNodes.id, id));
    nodes.set(id, row!);
    return row!;
  }
  const siteRows = new Map<string, { subAccountId: string }>();
  const linePaths: string[] = [];
  for (const [i, line] of fields.lines.entries()) {
    if (!siteRows.has(line.siteId)) {
      const f = await loadSubjectFields(tx, "Site", line.siteId);
      if (!f || !ctx.ability.can("read", asSubject("Site", f))) throw lineError(i, "siteId", "This site was not found");
      const [site] = await tx.select({ subAccountId: sites.subAccountId }).from(sites).where(eq(sites.id, line.siteId));
      siteRows.set(line.siteId, site!);
    }
    const siteNode = await readableNode(siteRows.get(line.siteId)!.subAccountId, i, "siteId");
    const costNode = await readableNode(line.subAccountId, i, "subAccountId");
    if (costNode.kind !== "sub_account") throw lineError(i, "subAccountId", "Choose a sub-account to bear the cost");
    linePaths.push(siteNode.path, costNode.path);
  }

  const billingAccounts = await tx
    .select({ id: accountNodes.id, path: accountNodes.path, currency: accountNodes.currency })
    .from(accountNodes)
    .where(and(eq(accountNodes.kind, "billing_account"), inArray(accountNodes.id, [...new Set(linePaths.flatMap(idsOnPath))])));
  const billingAccountOf = (path: string) => billingAccounts.find((b) => isUnder(path, b.path));
  const charged = new Set(fields.lines.map((l) => billingAccountOf(nodes.get(l.subAccountId)!.path)?.id));
  const sited = new Set(fields.lines.map((l) => billingAccountOf(nodes.get(siteRows.get(l.siteId)!.subAccountId)!.path)?.id));
  const billingAccount = billingAccounts.find((b) => charged.has(b.id));
  if (!billingAccount || charged.size !== 1 || sited.size !== 1 || !sited.has(billingAccount.id) || !billingAccount.currency) {
    throw new InvalidError("All lines of an order are charged to, and sited under, one billing account: it sets the order's currency. Split the order per billing account.", {
      lines: ["Every line must be under one billing account"],
    });
  }

  const nodePath = commonAncestorPath(linePaths);
  const nodeId = idsOnPath(nodePath).at(-1)!;
  const enterpriseId = nodes.get(fields.lines[0]!.subAccountId)!.enterpriseId;
  authorize(ctx.ability, "create", "Order", { path: nodePath, enterpriseId, createdById: ctx.principal.userId, status: "draft" });
  const contractNode = await tx.select({ path: accountNodes.path }).from(accountNodes).where(eq(accountNodes.id, contract.nodeId));
  if (contract.enterpriseId !== enterpriseId || !isUnder(nodePath, contractNode[0]!.path)) {
    throw new InvalidError("This contract does not cover these sites. Choose the contract of their organisation.", { contractId: ["Does not cover these sites"] });
  }

  // Prices: the contract's items for these offerings in the order's currency, with their bands.
  const offeringIds = [...new Set(fields.lines.map((l) => l.offeringId))];
  const items = await tx
    .select({ item: contractPriceItems, offering: productOfferings })
    .from(contractPriceItems)
    .innerJoin(productOfferings, eq(productOfferings.id, contractPriceItems.offeringId))
    .where(and(eq(contractPriceItems.contractId, contract.id), eq(contractPriceItems.currency, billingAccount.currency), inArray(contractPriceItems.offeringId, offeringIds)));
  const bands = items.length
    ? await tx.select().from(contractVolumeBands).where(inArray(contractVolumeBands.priceItemId, items.map((i) => i.item.id)))
    : [];
  const installed = await tx
    .select({ offeringId: services.offeringId, quantity: sum(services.quantity).mapWith(Number) })
    .from(services)
    .innerJoin(contracts, eq(contracts.id, services.contractId))
    .where(and(eq(contracts.reference, contract.reference), eq(services.status, "active"), inArray(services.offeringId, offeringIds)))
    .groupBy(services.offeringId);
  const onOrder = new Map<string, number>();
  for (const l of fields.lines) onOrder.set(l.offeringId, (onOrder.get(l.offeringId) ?? 0) + l.quantity);

  const lines = fields.lines.map((line, i): PricedLine => {
    const found = items.find((it) => it.item.offeringId === line.offeringId);
    if (!found) throw lineError(i, "offeringId", `The contract does not cover this product in ${billingAccount.currency}`);
    const { offering, item } = found;
    if (!offering.isActive || offering.validFrom > today || (offering.validTo != null && offering.validTo < today)) {
      throw lineError(i, "offeringId", `${offering.name} cannot be ordered any more`);
    }
    const price = unitPrice(
      { oneOffMinor: item.oneOffMinor, recurringMinor: item.recurringMinor, bands: bands.filter((b) => b.priceItemId === item.id) },
      installed.find((r) => r.offeringId === line.offeringId)?.quantity ?? 0,
      onOrder.get(line.offeringId)!,
    );
    return {
      offeringId: line.offeringId,
      siteId: line.siteId,
      subAccountId: line.subAccountId,
      quantity: line.quantity,
      priceItemId: item.id,
      unitOneOffMinor: price.oneOffMinor,
      unitRecurringMinor: price.recurringMinor,
      bandMinQuantity: price.bandMinQuantity,
    };
  });

  return {
    enterpriseId,
    nodeId,
    nodePath,
    billingAccountId: billingAccount.id,
    currency: billingAccount.currency,
    contractId: contract.id,
    lines,
    ...orderTotals(lines),
  };
}

/** The SQL the order number takes from its sequence. */
export const nextOrderNumber = sql<string>`'ORD-' || nextval('order_number_seq')::text`;
