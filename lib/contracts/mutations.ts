import "server-only";
import { and, asc, eq, inArray, like, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { accountNodes, contractPriceItems, contracts, contractVolumeBands, productOfferings, type Contract } from "@/db/schema";
import { diff, recordAudit } from "@/lib/audit/record";
import { authorize, loadSubjectFields, lockSubjectFields } from "@/lib/authz/guard";
import { asSubject } from "@/lib/authz/subjects";
import type { Ctx } from "@/lib/context";
import { ConflictError, ForbiddenError, InvalidError, isUniqueViolation } from "@/lib/errors";
import { todayIn } from "@/lib/time";
import { CONTRACT_STATUS_LABELS, PAYMENT_TERMS_LABELS } from "./labels";
import { activationProblem, contractReference, nextVersion, offeringFitsTerm } from "./rules";
import type { ActivateContractInput, AmendContractInput, ContractFields, CreateContractInput, PriceItemFields, UpdateContractInput } from "./schemas";

const STALE_DRAFT = "Someone changed this draft since you opened it. Reload it to see their changes, then make yours again: nothing was saved.";

/** The terms an audit diff compares. */
function terms(c: Pick<Contract, "name" | "slaTier" | "paymentTerms" | "startsOn" | "endsOn" | "note">) {
  return { name: c.name, slaTier: c.slaTier, paymentTerms: c.paymentTerms, startsOn: c.startsOn, endsOn: c.endsOn, note: c.note ?? null };
}

/** Price items as the audit log keeps them: compact, by offering code and currency. */
function itemSummary(items: (PriceItemFields & { code: string })[]) {
  return Object.fromEntries(
    items.map((i) => [`${i.code} ${i.currency}`, { oneOff: i.oneOffMinor, monthly: i.recurringMinor, committed: i.committedQuantity, bands: i.bands.map((b) => [b.minQuantity, b.recurringMinor]) }]),
  );
}

/**
 * The offerings of the items must exist, be in the catalog and available during the term (errors
 * on the item's field). Returns the offering codes, for the audit log.
 */
async function checkOfferings(tx: Executor, fields: ContractFields): Promise<Map<string, string>> {
  const ids = [...new Set(fields.items.map((i) => i.offeringId))];
  const rows = ids.length ? await tx.select().from(productOfferings).where(inArray(productOfferings.id, ids)) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const errors: Record<string, string[]> = {};
  fields.items.forEach((item, i) => {
    const o = byId.get(item.offeringId);
    const problem = o ? offeringFitsTerm(o, fields.startsOn, fields.endsOn) : "This offering is not in the catalog";
    if (problem) errors[`items.${i}.offeringId`] = [problem];
  });
  const first = Object.entries(errors)[0];
  if (first) throw new InvalidError(`${first[0].replace(/^items\.(\d+)\..*/, (_, n) => `Price item ${Number(n) + 1}`)}: ${first[1][0]}`, errors);
  return new Map(rows.map((r) => [r.id, r.code]));
}

async function insertItems(tx: Executor, contractId: string, enterpriseId: string, items: PriceItemFields[]) {
  if (items.length === 0) return;
  const inserted = await tx
    .insert(contractPriceItems)
    .values(items.map((i) => ({ contractId, enterpriseId, offeringId: i.offeringId, currency: i.currency, oneOffMinor: i.oneOffMinor, recurringMinor: i.recurringMinor, committedQuantity: i.committedQuantity })))
    .returning({ id: contractPriceItems.id, offeringId: contractPriceItems.offeringId, currency: contractPriceItems.currency });
  const bands = items.flatMap((i) => {
    const row = inserted.find((r) => r.offeringId === i.offeringId && r.currency === i.currency)!;
    return i.bands.map((b) => ({ priceItemId: row.id, enterpriseId, minQuantity: b.minQuantity, recurringMinor: b.recurringMinor }));
  });
  if (bands.length) await tx.insert(contractVolumeBands).values(bands);
}

/** A contract's items with their bands, as the fields of a form (for copying and for the audit log). */
export async function loadItems(db: Executor, contractId: string): Promise<(PriceItemFields & { code: string })[]> {
  const items = await db
    .select({ item: contractPriceItems, code: productOfferings.code })
    .from(contractPriceItems)
    .innerJoin(productOfferings, eq(productOfferings.id, contractPriceItems.offeringId))
    .where(eq(contractPriceItems.contractId, contractId))
    .orderBy(asc(productOfferings.code), asc(contractPriceItems.currency));
  const bands = items.length
    ? await db.select().from(contractVolumeBands).where(inArray(contractVolumeBands.priceItemId, items.map((i) => i.item.id))).orderBy(asc(contractVolumeBands.minQuantity))
    : [];
  return items.map(({ item, code }) => ({
    code,
    offeringId: item.offeringId,
    currency: item.currency,
    oneOffMinor: item.oneOffMinor,
    recurringMinor: item.recurringMinor,
    committedQuantity: item.committedQuantity,
    bands: bands.filter((b) => b.priceItemId === item.id).map((b) => ({ minQuantity: b.minQuantity, recurringMinor: b.recurringMinor })),
  }));
}

/**
 * Drafts a new framework contract for an enterprise or one of its legal entities. The node must be
 * readable (404) and the ability must allow creating a contract there (403); the reference is
 * made here (CTR-<enterprise code>-<year>-<n>), never taken from the form.
 */
export async function createContract(db: Executor, ctx: Ctx, input: CreateContractInput, now = new Date()): Promise<{ id: string; reference: string }> {
  const { nodeId, ...fields } = input;
  return db.transaction(async (tx) => {
    const node = await loadSubjectFields(tx, "AccountNode", nodeId);
    authorize(ctx.ability, "read", "AccountNode", node);
    if (node!.kind !== "enterprise" && node!.kind !== "legal_entity") {
      throw new InvalidError("A framework contract belongs to an enterprise or one of its legal entities.", { nodeId: ["Choose an enterprise or a legal entity"] });
    }
    const enterpriseId = node!.enterpriseId as string;
    authorize(ctx.ability, "create", "Contract", { path: node!.path, enterpriseId, status: "draft", draftedById: ctx.principal.userId });
    const codes = await checkOfferings(tx, fields);

    const [enterprise] = await tx.select({ code: accountNodes.code }).from(accountNodes).where(eq(accountNodes.id, enterpriseId));
    const year = now.getUTCFullYear();
    const prefix = contractReference(enterprise?.code ?? null, year, 0).slice(0, -3);
    // Serialise reference numbering per enterprise, so two drafts never take the same number.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`contract-reference:${prefix}`}))`);
    const [{ n }] = (await tx
      .select({ n: sql<number>`count(distinct ${contracts.reference})::int` })
      .from(contracts)
      .where(like(contracts.reference, `${prefix}%`))) as [{ n: number }];
    const reference = contractReference(enterprise?.code ?? null, year, n + 1);

    const [created] = await tx
      .insert(contracts)
      .values({ ...terms(fields), enterpriseId, nodeId, reference, version: 1, status: "draft", draftedById: ctx.principal.userId, createdAt: now })
      .returning();
    await insertItems(tx, created!.id, enterpriseId, fields.items);
    await recordAudit(tx, ctx.principal, ctx.requestId, {
      action: "contract.create",
      subjectType: "Contract",
      subjectId: created!.id,
      enterpriseId,
      nodeId,
      summary: `Drafted contract ${reference} (${created!.name})`,
      before: null,
      after: { ...terms(created!), items: itemSummary(fields.items.map((i) => ({ ...i, code: codes.get(i.offeringId)! }))) },
    });
    return { id: created!.id, reference };
  });
}

/**
 * Saves a draft: its terms and its whole price list. Only a draft changes, only by whom the ability
 * allows (its drafter), and only from the row version the editor read (a stale edit is a conflict).
 */
export async function updateContract(db: Executor, ctx: Ctx, input: UpdateContractInput): Promise<{ id: string; rowVersion: number; changed: boolean }> {
  const { id, rowVersion, ...fields } = input;
  return db.transaction(async (tx) => {
    const current = await lockSubjectFields(tx, "Contract", id);
    authorize(ctx.ability, "read", "Contract", current);
    if (current!.status !== "draft") throw new ConflictError(`This version is ${CONTRACT_STATUS_LABELS[current!.status as keyof typeof CONTRACT_STATUS_LABELS]?.toLowerCase() ?? current!.status}: only a draft can change. Nothing was saved.`);
    authorize(ctx.ability, "update", "Contract", current);
    const [before] = await tx.select().from(contracts).where(eq(contracts.id, id));
    if (before!.rowVersion !== rowVersion) throw new ConflictError(STALE_DRAFT);
    const codes = await checkOfferings(tx, fields);
    const itemsBefore = await loadItems(tx, id);
    const itemsAfter = fields.items.map((i) => ({ ...i, code: codes.get(i.offeringId)! }));
    const change = diff({ ...terms(before!), items: itemSummary(itemsBefore) }, { ...terms(fields), items: itemSummary(itemsAfter) });
    if (Object.keys(change.after).length === 0) return { id, rowVersion, changed: false };

    const [after] = await tx
      .update(contracts)
      .set({ ...terms(fields), rowVersion: sql`${contracts.rowVersion} + 1` })
      .where(and(eq(contracts.id, id), eq(contracts.status, "draft"), eq(contracts.rowVersion, rowVersion)))
      .returning();
    if (!after) throw new ConflictError(STALE_DRAFT);
    // A draft's items are nobody's price yet (orders use active versions only): replace them.
    await tx.delete(contractPriceItems).where(eq(contractPriceItems.contractId, id));
    await insertItems(tx, id, after.enterpriseId, fields.items);
    await recordAudit(tx, ctx.principal, ctx.requestId, {
      action: "contract.update",
      subjectType: "Contract",
      subjectId: id,
      enterpriseId: after.enterpriseId,
      nodeId: after.nodeId,
      summary: `Edited draft ${after.reference} version ${after.version} (${Object.keys(change.after).map(label).join(", ")})`,
      before: change.before,
      after: change.after,
    });
    return { id, rowVersion: after.rowVersion, changed: true };
  });
}

const LABELS: Record<string, string> = { name: "name", slaTier: "SLA tier", paymentTerms: "payment terms", startsOn: "start", endsOn: "end", note: "note", items: "prices" };
const label = (k: string) => LABELS[k] ?? k;

/**
 * Amends the version in force: a new draft version (same reference, next number) with a copy of
 * its terms and prices, drafted by the caller, who then edits it. One draft per reference at a time.
 */
export async function amendContract(db: Executor, ctx: Ctx, input: AmendContractInput, now = new Date()): Promise<{ id: string; version: number }> {
  try {
    return await db.transaction(async (tx) => {
      const source = await lockSubjectFields(tx, "Contract", input.id);
      authorize(ctx.ability, "read", "Contract", source);
      if (source!.status !== "active") throw new ConflictError("Only the version in force can be amended.");
      authorize(ctx.ability, "create", "Contract", { ...source, status: "draft", draftedById: ctx.principal.userId });
      const [from] = await tx.select().from(contracts).where(eq(contracts.id, input.id));
      const versions = await tx.select({ version: contracts.version, status: contracts.status }).from(contracts).where(eq(contracts.reference, from!.reference));
      const open = versions.find((v) => v.status === "draft");
      if (open) throw new ConflictError(`Version ${open.version} of ${from!.reference} is already being drafted: finish or activate it first.`);
      const version = nextVersion(versions.map((v) => v.version));
      const [created] = await tx
        .insert(contracts)
        .values({
          enterpriseId: from!.enterpriseId,
          nodeId: from!.nodeId,
          reference: from!.reference,
          version,
          previousId: from!.id,
          name: from!.name,
          status: "draft",
          slaTier: from!.slaTier,
          paymentTerms: from!.paymentTerms,
          note: from!.note,
          startsOn: from!.startsOn,
          endsOn: from!.endsOn,
          draftedById: ctx.principal.userId,
          createdAt: now,
        })
        .returning();
      const items = await loadItems(tx, from!.id);
      await insertItems(tx, created!.id, from!.enterpriseId, items);
      await recordAudit(tx, ctx.principal, ctx.requestId, {
        action: "contract.amend",
        subjectType: "Contract",
        subjectId: created!.id,
        enterpriseId: from!.enterpriseId,
        nodeId: from!.nodeId,
        summary: `Drafted amendment ${from!.reference} version ${version} (from version ${from!.version})`,
        before: null,
        after: { reference: from!.reference, version, previousVersion: from!.version },
      });
      return { id: created!.id, version };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError("Another amendment of this contract was started at the same moment: open the contract again.");
    throw error;
  }
}

/**
 * Activates a draft, in one transaction: the version in force (if any) becomes superseded and the
 * draft becomes active. Both are conditional updates — the previous version only while it is still
 * active, the draft only while it is still the draft (and the row version the activator reviewed) —
 * so a replayed or concurrent activation changes nothing and is told so. The ability decides who
 * may activate: a CSP administrator, never the drafter.
 */
export async function activateContract(db: Executor, ctx: Ctx, input: ActivateContractInput, now = new Date()): Promise<{ id: string; reference: string; version: number; supersededVersion: number | null }> {
  try {
    return await db.transaction(async (tx) => {
      // The row lock makes a concurrent activation wait here, then see the draft already active.
      const fields = await lockSubjectFields(tx, "Contract", input.id);
      authorize(ctx.ability, "read", "Contract", fields);
      const status = fields!.status as keyof typeof CONTRACT_STATUS_LABELS;
      if (status !== "draft") throw new ConflictError(`This version is already ${CONTRACT_STATUS_LABELS[status]?.toLowerCase() ?? status}: nothing was changed.`);
      if (!ctx.ability.can("activate", asSubject("Contract", fields!))) {
        if (fields!.draftedById === ctx.principal.userId) throw new ForbiddenError("You drafted this version: another CSP administrator must activate it.");
        throw new ForbiddenError("Only a CSP administrator who did not draft it may activate a contract.");
      }
      const [draft] = await tx.select().from(contracts).where(eq(contracts.id, input.id));
      if (draft!.rowVersion !== input.rowVersion) throw new ConflictError("The draft changed since you opened it. Review it again before you activate it: nothing was changed.");
      const [{ n: itemCount }] = (await tx.select({ n: sql<number>`count(*)::int` }).from(contractPriceItems).where(eq(contractPriceItems.contractId, draft!.id))) as [{ n: number }];
      const problem = activationProblem({ endsOn: draft!.endsOn, itemCount }, todayIn("UTC", now));
      if (problem) throw new InvalidError(problem);

      const superseded = await tx
        .update(contracts)
        .set({ status: "superseded", supersededAt: now, rowVersion: sql`${contracts.rowVersion} + 1` })
        .where(and(eq(contracts.reference, draft!.reference), eq(contracts.status, "active")))
        .returning({ id: contracts.id, version: contracts.version, paymentTerms: contracts.paymentTerms, slaTier: contracts.slaTier });
      const [activated] = await tx
        .update(contracts)
        .set({ status: "active", activatedById: ctx.principal.userId, activatedAt: now, rowVersion: sql`${contracts.rowVersion} + 1` })
        .where(and(eq(contracts.id, draft!.id), eq(contracts.status, "draft"), eq(contracts.rowVersion, input.rowVersion)))
        .returning();
      if (!activated) throw new ConflictError("This draft was activated or changed meanwhile: nothing was changed.");
      const previous = superseded[0] ?? null;
      const events = [];
      if (previous) {
        events.push({
          action: "contract.supersede",
          subjectType: "Contract",
          subjectId: previous.id,
          enterpriseId: activated.enterpriseId,
          nodeId: activated.nodeId,
          summary: `Superseded ${activated.reference} version ${previous.version} by version ${activated.version}`,
          before: { status: "active" },
          after: { status: "superseded" },
        });
      }
      events.push({
        action: "contract.activate",
        subjectType: "Contract",
        subjectId: activated.id,
        enterpriseId: activated.enterpriseId,
        nodeId: activated.nodeId,
        summary: `Activated ${activated.reference} version ${activated.version}${previous ? ` (supersedes version ${previous.version})` : ""}; ${PAYMENT_TERMS_LABELS[activated.paymentTerms]}, SLA ${activated.slaTier}`,
        before: { status: "draft" },
        after: { status: "active", draftedById: activated.draftedById },
      });
      await recordAudit(tx, ctx.principal, ctx.requestId, events);
      return { id: activated.id, reference: activated.reference, version: activated.version, supersededVersion: previous?.version ?? null };
    });
  } catch (error) {
    // Two activations of two drafts of one reference cannot both win (one active per reference).
    if (isUniqueViolation(error)) throw new ConflictError("Another version of this contract was activated at the same moment: nothing was changed.");
    throw error;
  }
}

