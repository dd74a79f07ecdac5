import "server-only";
import { and, asc, desc, eq, inArray, sql, sum } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor } from "@/db/client";
import { accountNodes, contractPriceItems, contracts, contractVolumeBands, offeringPrices, productOfferings, services, users } from "@/db/schema";
import type { AppAbility } from "@/lib/authz/ability";
import { authorizeById } from "@/lib/authz/guard";
import { selfAndAncestorPaths } from "@/lib/authz/paths";
import { accessibleWhere } from "@/lib/authz/sql";
import { asSubject } from "@/lib/authz/subjects";
import { formatMajorAmount } from "@/lib/money";
import { commitmentProgress, compareWithList, priceAtVolume } from "./rules";

export type ContractBand = { minQuantity: number; recurringMinor: number };
export type ContractItem = {
  id: string;
  offeringId: string;
  offeringCode: string;
  offeringName: string;
  unit: string;
  currency: string;
  oneOffMinor: number;
  recurringMinor: number;
  committedQuantity: number;
  bands: ContractBand[];
};

/** Price items of some contracts, each with its offering and its volume bands (ascending). */
async function itemsOf(db: Executor, contractIds: string[]): Promise<(ContractItem & { contractId: string; listOneOffMinor: number | null; listRecurringMinor: number | null })[]> {
  if (contractIds.length === 0) return [];
  const rows = await db
    .select({ item: contractPriceItems, code: productOfferings.code, name: productOfferings.name, unit: productOfferings.unit, list: offeringPrices })
    .from(contractPriceItems)
    .innerJoin(productOfferings, eq(productOfferings.id, contractPriceItems.offeringId))
    .leftJoin(offeringPrices, and(eq(offeringPrices.offeringId, contractPriceItems.offeringId), eq(offeringPrices.currency, contractPriceItems.currency)))
    .where(inArray(contractPriceItems.contractId, contractIds))
    .orderBy(asc(productOfferings.name), asc(contractPriceItems.currency));
  const bands = rows.length
    ? await db.select().from(contractVolumeBands).where(inArray(contractVolumeBands.priceItemId, rows.map((r) => r.item.id))).orderBy(asc(contractVolumeBands.minQuantity))
    : [];
  return rows.map(({ item, code, name, unit, list }) => ({
    id: item.id,
    contractId: item.contractId,
    offeringId: item.offeringId,
    offeringCode: code,
    offeringName: name,
    unit,
    currency: item.currency,
    oneOffMinor: item.oneOffMinor,
    recurringMinor: item.recurringMinor,
    committedQuantity: item.committedQuantity,
    bands: bands.filter((b) => b.priceItemId === item.id).map((b) => ({ minQuantity: b.minQuantity, recurringMinor: b.recurringMinor })),
    listOneOffMinor: list?.oneOffMinor ?? null,
    listRecurringMinor: list?.recurringMinor ?? null,
  }));
}

/**
 * What is installed under a contract (every version of its reference), per offering and currency:
 * the active services' quantities. This is what volume bands and commitments count, so it is a
 * figure of the contract, read by whoever may read the contract (no site or service detail).
 */
async function consumptionOf(db: Executor, reference: string): Promise<Map<string, number>> {
  const rows = await db
    .select({ offeringId: services.offeringId, currency: services.currency, quantity: sum(services.quantity).mapWith(Number) })
    .from(services)
    .innerJoin(contracts, eq(contracts.id, services.contractId))
    .where(and(eq(contracts.reference, reference), eq(services.status, "active")))
    .groupBy(services.offeringId, services.currency);
  return new Map(rows.map((r) => [`${r.offeringId}:${r.currency}`, r.quantity ?? 0]));
}

const drafter = alias(users, "drafter");
const activator = alias(users, "activator");
const enterprise = alias(accountNodes, "enterprise");

/**
 * One contract version for its page: terms, where it hangs, who drafted and activated it, its
 * price items against list prices with their volume bands, consumption against commitments, the
 * versions of the same reference the viewer may read, and what the viewer may do with it.
 * 404 when the version is not readable (a customer never reads a draft, nor another tenant's).
 */
export async function getContract(db: Executor, ability: AppAbility, id: string) {
  const fields = await authorizeById(db, ability, "read", "Contract", id);
  const [row] = await db
    .select({ contract: contracts, nodeName: accountNodes.name, nodeKind: accountNodes.kind, enterpriseName: enterprise.name, draftedByName: drafter.name, activatedByName: activator.name })
    .from(contracts)
    .innerJoin(accountNodes, eq(accountNodes.id, contracts.nodeId))
    .innerJoin(enterprise, eq(enterprise.id, contracts.enterpriseId))
    .innerJoin(drafter, eq(drafter.id, contracts.draftedById))
    .leftJoin(activator, eq(activator.id, contracts.activatedById))
    .where(eq(contracts.id, id));
  const { contract } = row!;
  const [items, consumed, history] = await Promise.all([
    itemsOf(db, [id]),
    consumptionOf(db, contract.reference),
    db
      .select({ id: contracts.id, version: contracts.version, status: contracts.status, activatedAt: contracts.activatedAt, supersededAt: contracts.supersededAt, createdAt: contracts.createdAt, startsOn: contracts.startsOn, endsOn: contracts.endsOn })
      .from(contracts)
      .where(and(eq(contracts.reference, contract.reference), accessibleWhere(ability, "read", "Contract")))
      .orderBy(desc(contracts.version)),
  ]);
  const subject = asSubject("Contract", fields);
  const openDraft = history.find((h) => h.status === "draft");
  return {
    contract,
    nodeName: row!.nodeName,
    nodeKind: row!.nodeKind,
    enterpriseName: row!.enterpriseName,
    draftedByName: row!.draftedByName,
    activatedByName: row!.activatedByName,
    items: items.map(({ contractId: _, ...i }) => {
      const volume = consumed.get(`${i.offeringId}:${i.currency}`) ?? 0;
      return {
        ...i,
        oneOffVsList: compareWithList(i.oneOffMinor, i.listOneOffMinor),
        recurringVsList: compareWithList(i.recurringMinor, i.listRecurringMinor),
        consumed: volume,
        commitment: commitmentProgress(i.committedQuantity, volume),
        priceAtVolume: priceAtVolume(i, volume),
      };
    }),
    history,
    openDraftId: openDraft && openDraft.id !== id ? openDraft.id : null,
    can: {
      edit: ability.can("update", subject),
      activate: ability.can("activate", subject),
      // An amendment is a new draft of the version in force; one draft per reference at a time.
      amend: contract.status === "active" && !openDraft && ability.can("create", asSubject("Contract", { ...fields, status: "draft" })),
    },
    /** The drafter looking at their own draft: activation is someone else's (four eyes). */
    ownDraft: contract.status === "draft" && ability.can("update", subject) && !ability.can("activate", subject),
  };
}
export type ContractDetail = Awaited<ReturnType<typeof getContract>>;

/** The form values of a price item (amounts as major-unit text, as people type them). */
export type ContractFormItem = { offeringId: string; currency: string; oneOff: string; recurring: string; committedQuantity: string; bands: { minQuantity: string; recurring: string }[] };

/** A draft for its edit form; 404 when not readable, 403 when readable but not the viewer's to edit. */
export async function getContractForEdit(db: Executor, ability: AppAbility, id: string) {
  await authorizeById(db, ability, "update", "Contract", id);
  const [row] = await db.select({ contract: contracts, nodeName: accountNodes.name }).from(contracts).innerJoin(accountNodes, eq(accountNodes.id, contracts.nodeId)).where(eq(contracts.id, id));
  const items = await itemsOf(db, [id]);
  const money = (minor: number, currency: string) => formatMajorAmount(minor, currency);
  return {
    contract: row!.contract,
    nodeName: row!.nodeName,
    items: items.map(
      (i): ContractFormItem => ({
        offeringId: i.offeringId,
        currency: i.currency,
        oneOff: money(i.oneOffMinor, i.currency),
        recurring: money(i.recurringMinor, i.currency),
        committedQuantity: String(i.committedQuantity),
        bands: i.bands.map((b) => ({ minQuantity: String(b.minQuantity), recurring: money(b.recurringMinor, i.currency) })),
      }),
    ),
  };
}

export type OfferingChoice = { id: string; code: string; name: string; unit: string; validFrom: string; validTo: string | null; listPrices: { currency: string; oneOffMinor: number; recurringMinor: number }[] };

/** The catalog offerings a draft may price (active ones), with their list prices, for the form. */
export async function offeringChoices(db: Executor): Promise<OfferingChoice[]> {
  const rows = await db.select().from(productOfferings).where(eq(productOfferings.isActive, true)).orderBy(asc(productOfferings.name)).limit(1000);
  const prices = rows.length ? await db.select().from(offeringPrices).where(inArray(offeringPrices.offeringId, rows.map((r) => r.id))) : [];
  return rows.map((o) => ({
    id: o.id,
    code: o.code,
    name: o.name,
    unit: o.unit,
    validFrom: o.validFrom,
    validTo: o.validTo,
    listPrices: prices.filter((p) => p.offeringId === o.id).map((p) => ({ currency: p.currency, oneOffMinor: p.oneOffMinor, recurringMinor: p.recurringMinor })),
  }));
}

/** Where the viewer may draft a new contract: readable enterprises and legal entities on which the ability allows it. */
export async function contractNodeChoices(db: Executor, ability: AppAbility) {
  const rows = await db
    .select({ id: accountNodes.id, name: accountNodes.name, kind: accountNodes.kind, path: accountNodes.path, enterpriseId: accountNodes.enterpriseId })
    .from(accountNodes)
    .where(and(inArray(accountNodes.kind, ["enterprise", "legal_entity"]), accessibleWhere(ability, "read", "AccountNode")))
    .orderBy(asc(accountNodes.path))
    .limit(1000);
  return rows
    .filter((n) => ability.can("create", asSubject("Contract", { path: n.path, enterpriseId: n.enterpriseId, status: "draft" })))
    .map(({ id, name, kind }) => ({ id, name, kind }));
}

export type CoveringContract = {
  id: string;
  reference: string;
  version: number;
  name: string;
  nodeId: string;
  nodePath: string;
  slaTier: string;
  paymentTerms: string;
  startsOn: string;
  endsOn: string;
  items: (ContractItem & { listOneOffMinor: number | null; listRecurringMinor: number | null })[];
};

/**
 * The active versions of the contracts that cover a node (hang on it or above it), as the viewer
 * may read them, with their price items and volume bands: what an order for that node is priced
 * from. The node must be readable (404 otherwise). `on` (an ISO date) keeps only those in force
 * that day. Prices with bands go through lib/orders/pricing.ts `unitPrice`.
 */
export async function activeContractsCovering(db: Executor, ability: AppAbility, nodeId: string, options: { on?: string } = {}): Promise<CoveringContract[]> {
  const node = await authorizeById(db, ability, "read", "AccountNode", nodeId);
  const contractNode = alias(accountNodes, "contract_node");
  const rows = await db
    .select({
      id: contracts.id,
      reference: contracts.reference,
      version: contracts.version,
      name: contracts.name,
      nodeId: contracts.nodeId,
      nodePath: contractNode.path,
      slaTier: contracts.slaTier,
      paymentTerms: contracts.paymentTerms,
      startsOn: contracts.startsOn,
      endsOn: contracts.endsOn,
    })
    .from(contracts)
    .innerJoin(contractNode, eq(contractNode.id, contracts.nodeId))
    .where(
      and(
        eq(contracts.status, "active"),
        inArray(contractNode.path, selfAndAncestorPaths(node.path as string)),
        accessibleWhere(ability, "read", "Contract"),
        options.on ? sql`${contracts.startsOn} <= ${options.on} and ${contracts.endsOn} >= ${options.on}` : undefined,
      ),
    )
    .orderBy(sql`length(${contractNode.path}) desc`, asc(contracts.reference));
  const items = await itemsOf(db, rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, items: items.filter((i) => i.contractId === r.id).map(({ contractId: _, ...i }) => i) }));
}
