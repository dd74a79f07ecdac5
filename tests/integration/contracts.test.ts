import { and, count, eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { auditEvents, contractPriceItems, contracts, contractVolumeBands, offeringPrices, orders, productOfferings, roleAssignments, users } from "@/db/schema";
import { catalogList } from "@/lib/catalog/list";
import { updateOffering } from "@/lib/catalog/mutations";
import { getOfferingForEdit } from "@/lib/catalog/queries";
import { updateOfferingInput } from "@/lib/catalog/schemas";
import { contractsList } from "@/lib/contracts/list";
import { activateContract, amendContract, createContract, updateContract } from "@/lib/contracts/mutations";
import { activeContractsCovering, contractNodeChoices, getContract, getContractForEdit } from "@/lib/contracts/queries";
import { createContractInput, updateContractInput } from "@/lib/contracts/schemas";
import { demoId } from "@/lib/demo/ids";
import { ConflictError, DomainError, ForbiddenError, InvalidError, NotFoundError } from "@/lib/errors";
import { resetDemoData } from "../support/db";
import { contextFor } from "../support/principals";

// The action wrapper asks next-auth for the request's context; here the test says who is asking.
const asking = vi.hoisted(() => ({ ctx: null as null | { principal: unknown; ability: unknown } }));
vi.mock("@/lib/auth/principal", () => ({ currentContext: async () => asking.ctx, currentPrincipal: async () => null, requireContext: async () => asking.ctx }));
const { activateContractAction, updateContractAction } = await import("@/lib/contracts/actions");

let db: Db;
beforeEach(async () => {
  db = await resetDemoData();
  asking.ctx = null;
});

const V1 = demoId("contract:acme-framework:v1");
const V2 = demoId("contract:acme-framework");
const V3 = demoId("contract:acme-framework:v3");
const node = (key: string) => demoId(`node:${key}`);
const offering = (code: string) => demoId(`offering:${code}`);
const NOW = new Date("2026-11-02T10:00:00Z");

async function statuses() {
  const rows = await db.select({ version: contracts.version, status: contracts.status }).from(contracts).where(eq(contracts.reference, "CTR-ACME-2025-001")).orderBy(contracts.version);
  return rows.map((r) => `v${r.version} ${r.status}`);
}
async function counts() {
  const one = async (t: typeof contracts | typeof auditEvents | typeof contractPriceItems | typeof contractVolumeBands) => (await db.select({ n: count() }).from(t))[0]!.n;
  return { contracts: await one(contracts), items: await one(contractPriceItems), bands: await one(contractVolumeBands), audit: await one(auditEvents) };
}
async function events(action: string) {
  return db.select().from(auditEvents).where(eq(auditEvents.action, action));
}

/** The draft form of a contract version, as its edit form would send it back, with changes. */
async function formOf(id: string, email = "am@csp.example") {
  const { ability } = await contextFor(db, email);
  const { contract, items } = await getContractForEdit(db, ability, id);
  return { id, rowVersion: contract.rowVersion, name: contract.name, slaTier: contract.slaTier, paymentTerms: contract.paymentTerms, startsOn: contract.startsOn, endsOn: contract.endsOn, note: contract.note ?? "", items };
}

const germanDraft = {
  nodeId: node("acme-de"),
  name: "Acme Germany Supply Agreement",
  slaTier: "Silver",
  paymentTerms: "net_30",
  startsOn: "2027-01-01",
  endsOn: "2029-12-31",
  items: [
    { offeringId: offering("FIBRE-1G"), currency: "EUR", oneOff: "0", recurring: "440.00", committedQuantity: "3", bands: [{ minQuantity: "5", recurring: "410.00" }] },
    { offeringId: offering("SDWAN-EDGE"), currency: "EUR", oneOff: "250", recurring: "110", bands: [] },
  ],
};

describe("drafting (account manager of the enterprise)", () => {
  it("drafts a contract for a legal entity: contract, items, bands and audit event in one transaction", async () => {
    const am = await contextFor(db, "am@csp.example");
    expect((await contractNodeChoices(db, am.ability)).map((n) => n.name).sort()).toEqual(["Acme Corp", "Acme Germany GmbH", "Acme UK Ltd"]);
    const { id, reference } = await createContract(db, am, createContractInput.parse(germanDraft), NOW);
    expect(reference).toBe("CTR-ACME-2026-001");
    const [row] = await db.select().from(contracts).where(eq(contracts.id, id));
    expect(row).toMatchObject({ status: "draft", version: 1, nodeId: node("acme-de"), enterpriseId: node("acme"), draftedById: am.principal.userId, rowVersion: 1, paymentTerms: "net_30" });
    const items = await db.select().from(contractPriceItems).where(eq(contractPriceItems.contractId, id));
    expect(items.map((i) => [i.currency, i.recurringMinor, i.committedQuantity]).sort()).toEqual([["EUR", 11_000, 0], ["EUR", 44_000, 3]]);
    const [event] = await events("contract.create");
    expect(event).toMatchObject({ subjectId: id, actorId: am.principal.userId, nodeId: node("acme-de"), enterpriseId: node("acme"), outcome: "success" });
    const [[c], [e]] = await Promise.all([
      db.execute<{ x: string }>(sql`select xmin::text as x from contracts where id = ${id}`).then((r) => r.rows),
      db.execute<{ x: string }>(sql`select xmin::text as x from audit_events where id = ${event!.id}`).then((r) => r.rows),
    ]);
    expect(c!.x).toBe(e!.x);
    // A customer never sees the draft; the next reference follows.
    const uk = await contextFor(db, "admin@acme.example");
    await expect(getContract(db, uk.ability, id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await createContract(db, am, createContractInput.parse({ ...germanDraft, name: "Second" }), NOW)).reference).toBe("CTR-ACME-2026-002");
  });

  it("refuses a foreign enterprise (404), a sub-account, a customer, a withdrawn offering — and changes nothing", async () => {
    const am = await contextFor(db, "am@csp.example");
    const before = await counts();
    await expect(createContract(db, am, createContractInput.parse({ ...germanDraft, nodeId: node("globex") }), NOW)).rejects.toBeInstanceOf(NotFoundError);
    await expect(createContract(db, am, createContractInput.parse({ ...germanDraft, nodeId: node("london") }), NOW)).rejects.toBeInstanceOf(InvalidError);
    const admin = await contextFor(db, "admin@acme.example");
    await expect(createContract(db, admin, createContractInput.parse(germanDraft), NOW)).rejects.toBeInstanceOf(DomainError);
    const withdrawn = createContractInput.parse({ ...germanDraft, items: [{ ...germanDraft.items[0], offeringId: offering("ISDN-30") }] });
    const error = await createContract(db, am, withdrawn, NOW).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidError);
    expect((error as InvalidError).details).toEqual({ "items.0.offeringId": ["This offering is withdrawn from the catalog"] });
    expect(await counts()).toEqual(before);
  });

  it("an account manager of another enterprise finds nothing of Acme's (404)", async () => {
    const [other] = await db.insert(users).values({ email: "am2@csp.example", name: "Other AM" }).returning();
    await db.insert(roleAssignments).values({ userId: other!.id, role: "account_manager", scopeNodeId: node("globex"), enterpriseId: node("globex") });
    const am2 = await contextFor(db, "am2@csp.example");
    const before = await counts();
    await expect(getContract(db, am2.ability, V2)).rejects.toBeInstanceOf(NotFoundError);
    await expect(amendContract(db, am2, { id: V2 }, NOW)).rejects.toBeInstanceOf(NotFoundError);
    await expect(updateContract(db, am2, updateContractInput.parse(await formOf(V3)))).rejects.toBeInstanceOf(NotFoundError);
    await expect(activateContract(db, am2, { id: V3, rowVersion: 1 }, NOW)).rejects.toBeInstanceOf(NotFoundError);
    expect((await contractsList.page(db, am2, contractsList.parse({}))).total).toBe(0);
    expect(await counts()).toEqual(before);
  });
});

describe("editing a draft", () => {
  it("saves from the version read; a stale edit is a conflict and overwrites nothing", async () => {
    const am = await contextFor(db, "am@csp.example");
    const read = await formOf(V3);
    const first = await updateContract(db, am, updateContractInput.parse({ ...read, slaTier: "Platinum", items: read.items.map((i) => (i.currency === "GBP" && i.offeringId === offering("DIA-1G") ? { ...i, recurring: "540.00" } : i)) }));
    expect(first).toEqual({ id: V3, rowVersion: 2, changed: true });
    const stale = updateContract(db, am, updateContractInput.parse({ ...read, paymentTerms: "net_90" }));
    await expect(stale).rejects.toBeInstanceOf(ConflictError);
    await expect(stale).rejects.toThrow(/changed this draft since you opened it/);
    const [row] = await db.select().from(contracts).where(eq(contracts.id, V3));
    expect(row).toMatchObject({ slaTier: "Platinum", paymentTerms: "net_60", rowVersion: 2 });
    const [dia] = await db.select().from(contractPriceItems).where(and(eq(contractPriceItems.contractId, V3), eq(contractPriceItems.offeringId, offering("DIA-1G"))));
    expect(dia!.recurringMinor).toBe(54_000);
    const updates = await events("contract.update");
    expect(updates).toHaveLength(1);
    expect(updates[0]!.summary).toBe("Edited draft CTR-ACME-2025-001 version 3 (SLA tier, prices)");
  });

  it("only the drafter edits, only drafts change", async () => {
    const csp = await contextFor(db, "csp.admin@csp.example");
    await expect(updateContract(db, csp, updateContractInput.parse(await formOf(V3)))).rejects.toBeInstanceOf(ForbiddenError);
    const am = await contextFor(db, "am@csp.example");
    const active = await getContractForEdit(db, am.ability, V2).catch((e: unknown) => e);
    expect(active).toBeInstanceOf(ForbiddenError);
    const form = { ...(await formOf(V3)), id: V2, rowVersion: 1 };
    await expect(updateContract(db, am, updateContractInput.parse(form))).rejects.toThrow(/only a draft can change/);
  });

  it("bad input through the action: a 400 with field errors, nothing changed", async () => {
    asking.ctx = await contextFor(db, "am@csp.example");
    const before = await counts();
    const read = await formOf(V3);
    const result = await updateContractAction({ ...read, endsOn: "2024-12-31", items: [{ ...read.items[0], recurring: "abc", bands: [{ minQuantity: "1", recurring: "1" }] }] });
    expect(result).toMatchObject({ ok: false, status: 400 });
    expect(result.ok ? {} : result.fieldErrors).toMatchObject({ endsOn: ["The term ends on or after the day it starts"], "items.0.bands.0.minQuantity": ["At least 2"] });
    const forged = await updateContractAction({ ...read, rowVersion: "1; drop table contracts" });
    expect(forged).toMatchObject({ ok: false, status: 400 });
    expect(await counts()).toEqual(before);
  });
});

describe("activation (another CSP administrator)", () => {
  it("supersedes the version in force and activates the draft in one transaction", async () => {
    const csp = await contextFor(db, "csp.admin@csp.example");
    const result = await activateContract(db, csp, { id: V3, rowVersion: 1 }, NOW);
    expect(result).toEqual({ id: V3, reference: "CTR-ACME-2025-001", version: 3, supersededVersion: 2 });
    expect(await statuses()).toEqual(["v1 superseded", "v2 superseded", "v3 active"]);
    const [v3] = await db.select().from(contracts).where(eq(contracts.id, V3));
    expect(v3).toMatchObject({ activatedById: csp.principal.userId, activatedAt: NOW });
    const [superseded] = await events("contract.supersede");
    const [activated] = await events("contract.activate");
    expect(superseded).toMatchObject({ subjectId: V2, actorId: csp.principal.userId });
    expect(activated).toMatchObject({ subjectId: V3, summary: "Activated CTR-ACME-2025-001 version 3 (supersedes version 2); Net 60 days, SLA Gold" });
    const xmins = await db.execute<{ x: string }>(sql`select xmin::text as x from contracts where id in (${V2}, ${V3}) union select xmin::text from audit_events`).then((r) => r.rows);
    expect(new Set(xmins.map((r) => r.x)).size).toBe(1);
    // Orders keep the version they were priced from; new orders find the version in force.
    expect((await db.select({ n: count() }).from(orders).where(eq(orders.contractId, V2)))[0]!.n).toBe(8);
    const orderer = await contextFor(db, "orderer@acme.example");
    const covering = await activeContractsCovering(db, orderer.ability, node("london"));
    expect(covering.map((c) => c.version)).toEqual([3]);
    expect(covering[0]!.items.find((i) => i.offeringCode === "DIA-1G" && i.currency === "GBP")).toMatchObject({ recurringMinor: 55_000, bands: [{ minQuantity: 3, recurringMinor: 52_000 }], listRecurringMinor: 62_000 });
  });

  it("the drafter never activates, even holding the CSP administrator role: 403, recorded as refused", async () => {
    const am = await contextFor(db, "am@csp.example");
    await expect(activateContract(db, am, { id: V3, rowVersion: 1 }, NOW)).rejects.toBeInstanceOf(ForbiddenError);
    await db.insert(roleAssignments).values({ userId: am.principal.userId, role: "csp_admin" });
    asking.ctx = await contextFor(db, "am@csp.example");
    const result = await activateContractAction({ id: V3, rowVersion: 1 });
    expect(result).toMatchObject({ ok: false, status: 403, error: "You drafted this version: another CSP administrator must activate it." });
    expect(await statuses()).toEqual(["v1 superseded", "v2 active", "v3 draft"]);
    const [refused] = await events("contract.activate");
    expect(refused).toMatchObject({ outcome: "denied", actorId: am.principal.userId, subjectType: "Request" });
    expect(refused!.summary).toMatch(/^Refused contract.activate: You drafted this version/);
  });

  it("a replayed activation changes nothing and says so; concurrent ones record one activation", async () => {
    const csp = await contextFor(db, "csp.admin@csp.example");
    const outcomes = await Promise.allSettled([activateContract(db, csp, { id: V3, rowVersion: 1 }, NOW), activateContract(db, csp, { id: V3, rowVersion: 1 }, NOW)]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const failed = outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult;
    expect(failed.reason).toBeInstanceOf(ConflictError);
    await expect(activateContract(db, csp, { id: V3, rowVersion: 1 }, NOW)).rejects.toThrow("This version is already active: nothing was changed.");
    await expect(activateContract(db, csp, { id: V2, rowVersion: 2 }, NOW)).rejects.toThrow("This version is already superseded: nothing was changed.");
    expect(await statuses()).toEqual(["v1 superseded", "v2 superseded", "v3 active"]);
    expect(await events("contract.activate")).toHaveLength(1);
    expect(await events("contract.supersede")).toHaveLength(1);
  });

  it("activates exactly the draft reviewed: an edit meanwhile is a conflict", async () => {
    const am = await contextFor(db, "am@csp.example");
    await updateContract(db, am, updateContractInput.parse({ ...(await formOf(V3)), slaTier: "Platinum" }));
    const csp = await contextFor(db, "csp.admin@csp.example");
    await expect(activateContract(db, csp, { id: V3, rowVersion: 1 }, NOW)).rejects.toThrow(/changed since you opened it/);
    expect(await statuses()).toEqual(["v1 superseded", "v2 active", "v3 draft"]);
  });

  it("customers and other tenants cannot activate: a draft is not even visible to them (404)", async () => {
    for (const email of ["admin@acme.example", "orderer@acme.example", "admin@globex.example"]) {
      const c = await contextFor(db, email);
      await expect(activateContract(db, c, { id: V3, rowVersion: 1 }, NOW)).rejects.toBeInstanceOf(NotFoundError);
    }
    expect(await statuses()).toEqual(["v1 superseded", "v2 active", "v3 draft"]);
  });
});

describe("amendments", () => {
  it("one draft at a time; an amendment copies the version in force and goes through the same activation", async () => {
    const am = await contextFor(db, "am@csp.example");
    await expect(amendContract(db, am, { id: V2 }, NOW)).rejects.toThrow(/Version 3 of CTR-ACME-2025-001 is already being drafted/);
    await expect(amendContract(db, am, { id: V1 }, NOW)).rejects.toThrow(/Only the version in force can be amended/);
    const csp = await contextFor(db, "csp.admin@csp.example");
    await activateContract(db, csp, { id: V3, rowVersion: 1 }, NOW);

    const { id: v4, version } = await amendContract(db, am, { id: V3 }, NOW);
    expect(version).toBe(4);
    const [row] = await db.select().from(contracts).where(eq(contracts.id, v4));
    expect(row).toMatchObject({ status: "draft", previousId: V3, draftedById: am.principal.userId, endsOn: "2028-12-31" });
    const copied = await db.select({ n: count() }).from(contractPriceItems).where(eq(contractPriceItems.contractId, v4));
    const source = await db.select({ n: count() }).from(contractPriceItems).where(eq(contractPriceItems.contractId, V3));
    expect(copied[0]!.n).toBe(source[0]!.n);
    await activateContract(db, csp, { id: v4, rowVersion: 1 }, NOW);
    expect(await statuses()).toEqual(["v1 superseded", "v2 superseded", "v3 superseded", "v4 active"]);

    // The history stays readable: a customer sees every agreement version, the one in force marked.
    const admin = await contextFor(db, "admin@acme.example");
    const detail = await getContract(db, admin.ability, V2);
    expect(detail.history.map((h) => `v${h.version} ${h.status}`)).toEqual(["v4 active", "v3 superseded", "v2 superseded", "v1 superseded"]);
    expect(detail.can).toEqual({ edit: false, activate: false, amend: false });
  });
});

describe("what customers see", () => {
  it("the agreements covering their scope, with negotiated against list prices and consumption against commitments", async () => {
    const orderer = await contextFor(db, "orderer@acme.example");
    const listed = await contractsList.page(db, orderer, contractsList.parse({}));
    expect(listed.rows.map((r) => `${r.reference} v${r.version} ${r.status}`)).toEqual(["CTR-ACME-2025-001 v2 active", "CTR-ACME-2025-001 v1 superseded"]);
    await expect(getContract(db, orderer.ability, V3)).rejects.toBeInstanceOf(NotFoundError);
    // Every sort key and filter runs, inside the same scope.
    for (const sort of contractsList.sortKeys) {
      for (const dir of ["asc", "desc"]) expect((await contractsList.page(db, orderer, contractsList.parse({ sort, dir }))).total).toBe(2);
    }
    expect((await contractsList.page(db, orderer, contractsList.parse({ sort: "status" }))).rows.map((r) => r.status)).toEqual(["active", "superseded"]);
    expect((await contractsList.page(db, orderer, contractsList.parse({ status: "draft" }))).total).toBe(0);
    expect((await contractsList.page(db, orderer, contractsList.parse({ q: "acme corp" }))).total).toBe(2);
    expect((await contractsList.page(db, orderer, contractsList.parse({ q: "100%_" }))).total).toBe(0);
    const detail = await getContract(db, orderer.ability, V2);
    const mobile = detail.items.find((i) => i.offeringCode === "MOBILE-VOICE" && i.currency === "GBP")!;
    expect(mobile).toMatchObject({ recurringMinor: 2_000, listRecurringMinor: 2_500, recurringVsList: { savingMinor: 500, discountBp: 2000 }, committedQuantity: 150 });
    // London's 120 SIMs plus the completed order's none: 120 of 150 committed.
    expect(mobile.commitment).toMatchObject({ committed: 150, consumed: mobile.consumed, met: mobile.consumed >= 150 });
    expect(mobile.consumed).toBeGreaterThanOrEqual(120);
    expect(detail.can).toEqual({ edit: false, activate: false, amend: false });

    // Billing viewers read no contracts; Globex reads none of Acme's.
    const billing = await contextFor(db, "billing@acme.example");
    expect((await contractsList.page(db, billing, contractsList.parse({}))).total).toBe(0);
    const globex = await contextFor(db, "admin@globex.example");
    await expect(getContract(db, globex.ability, V2)).rejects.toBeInstanceOf(NotFoundError);
    await expect(activeContractsCovering(db, globex.ability, node("london"))).rejects.toBeInstanceOf(NotFoundError);
    expect(await activeContractsCovering(db, globex.ability, node("globex-springfield"))).toEqual([]);
  });

  it("the catalog: a customer sees what its agreements cover; the CSP administrator sees all and edits list prices", async () => {
    const orderer = await contextFor(db, "orderer@acme.example");
    const seen = await catalogList.page(db, orderer, catalogList.parse({}));
    expect(seen.rows.map((r) => r.code).sort()).toEqual(["FIBRE-1G", "FIREWALL", "MOBILE-VOICE", "SDWAN-EDGE", "SIP-TRUNK"]);
    expect(seen.rows.find((r) => r.code === "FIBRE-1G")!.negotiated.map((n) => [n.currency, n.recurringMinor])).toEqual([["EUR", 45_000], ["GBP", 39_000]]);
    const globex = await contextFor(db, "admin@globex.example");
    expect((await catalogList.page(db, globex, catalogList.parse({}))).total).toBe(0);

    const csp = await contextFor(db, "csp.admin@csp.example");
    expect((await catalogList.page(db, csp, catalogList.parse({}))).total).toBe(7);
    expect((await catalogList.page(db, csp, catalogList.parse({ availability: "withdrawn" }))).rows.map((r) => r.code)).toEqual(["ISDN-30"]);
    for (const sort of catalogList.sortKeys) expect((await catalogList.page(db, csp, catalogList.parse({ sort, dir: "desc" }))).total).toBe(7);
    expect((await catalogList.page(db, csp, catalogList.parse({ category: "Voice", q: "trunk" }))).rows.map((r) => r.code)).toEqual(["ISDN-30", "SIP-TRUNK"]);
    const form = await getOfferingForEdit(db, csp.ability, offering("FIREWALL"));
    const input = updateOfferingInput.parse({
      ...form.values,
      id: form.id,
      version: form.version,
      validTo: "2028-12-31",
      prices: form.values.prices.map((p) => (p.currency === "GBP" ? { ...p, recurring: "320.00" } : p)),
    });
    expect(await updateOffering(db, csp, input, NOW)).toMatchObject({ changed: true });
    const [gbp] = await db.select().from(offeringPrices).where(and(eq(offeringPrices.offeringId, offering("FIREWALL")), eq(offeringPrices.currency, "GBP")));
    expect(gbp!.recurringMinor).toBe(32_000);
    const [o] = await db.select().from(productOfferings).where(eq(productOfferings.id, offering("FIREWALL")));
    expect(o!.validTo).toBe("2028-12-31");
    const [event] = await events("offering.update");
    expect(event).toMatchObject({ before: { validTo: null, prices: { GBP: [40_000, 30_000], EUR: [46_000, 35_000], USD: [50_000, 38_000] } }, after: { validTo: "2028-12-31" } });
    // The same form again is stale; a customer may not edit the catalog at all.
    await expect(updateOffering(db, csp, input, NOW)).rejects.toBeInstanceOf(ConflictError);
    await expect(getOfferingForEdit(db, orderer.ability, offering("FIREWALL"))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(updateOffering(db, orderer, input, NOW)).rejects.toBeInstanceOf(ForbiddenError);
  });
});
