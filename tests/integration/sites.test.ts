import { and, count, eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditEvents, sites } from "@/db/schema";
import { demoId } from "@/lib/demo/ids";
import { ForbiddenError, InvalidError, NotFoundError } from "@/lib/errors";
import { createSite, updateSite } from "@/lib/sites/mutations";
import { sitesList } from "@/lib/sites/list";
import { getSite, getSiteForEdit, siteSubAccountChoices } from "@/lib/sites/queries";
import { createSiteInput, updateSiteInput, type SiteFields } from "@/lib/sites/schemas";
import { resetDemoData } from "../support/db";
import { contextFor } from "../support/principals";

let db: Db;
beforeEach(async () => {
  db = await resetDemoData();
});

const site = (key: string) => demoId(`site:${key}`);
const node = (key: string) => demoId(`node:${key}`);

async function siteRow(key: string) {
  const [row] = await db.select().from(sites).where(eq(sites.id, site(key)));
  return row!;
}

async function counts() {
  const [[s], [a]] = await Promise.all([db.select({ n: count() }).from(sites), db.select({ n: count() }).from(auditEvents)]);
  return { sites: s!.n, audit: a!.n };
}

/** The whole editable site as the edit form sends it, with changes. */
async function editOf(key: string, patch: Partial<SiteFields>) {
  const row = await siteRow(key);
  return updateSiteInput.parse({
    id: row.id,
    name: row.name,
    addressLine1: row.addressLine1,
    addressLine2: row.addressLine2,
    city: row.city,
    region: row.region,
    postcode: row.postcode,
    countryCode: row.countryCode,
    contactName: row.contactName,
    contactEmail: row.contactEmail,
    contactPhone: row.contactPhone,
    subAccountId: row.subAccountId,
    ...patch,
  });
}

describe("site admin (Manchester Branch only)", () => {
  it("edits Manchester's site, with a before/after audit event in the same transaction", async () => {
    const ctx = await contextFor(db, "siteadmin@acme.example");
    const result = await updateSite(db, ctx, await editOf("manchester", { contactName: "Maya Patel", contactPhone: "+44 161 496 0999" }));
    expect(result.changed).toBe(true);
    const row = await siteRow("manchester");
    expect(row).toMatchObject({ contactName: "Maya Patel", contactPhone: "+44 161 496 0999", contactEmail: "tom.briggs@acme.example" });

    const events = await db.select().from(auditEvents).where(eq(auditEvents.subjectId, site("manchester")));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "site.update",
      outcome: "success",
      subjectType: "Site",
      nodeId: node("manchester"),
      enterpriseId: node("acme"),
      actorId: ctx.principal.userId,
      before: { contactName: "Tom Briggs", contactPhone: "+44 161 496 0002" },
      after: { contactName: "Maya Patel", contactPhone: "+44 161 496 0999" },
    });
    expect(events[0]!.summary).toBe("Updated site Manchester Branch (contact name, contact phone)");
    // Written by one transaction: both rows carry the same creating transaction id.
    const [[siteTx], [eventTx]] = await Promise.all([
      db.execute<{ x: string }>(sql`select xmin::text as x from sites where id = ${site("manchester")}`).then((r) => r.rows),
      db.execute<{ x: string }>(sql`select xmin::text as x from audit_events where id = ${events[0]!.id}`).then((r) => r.rows),
    ]);
    expect(siteTx!.x).toBe(eventTx!.x);
  });

  it("gets NotFound for London's site, reading or editing, and nothing changes", async () => {
    const ctx = await contextFor(db, "siteadmin@acme.example");
    const before = await counts();
    await expect(getSite(db, ctx.ability, site("london"))).rejects.toBeInstanceOf(NotFoundError);
    await expect(getSiteForEdit(db, ctx.ability, site("london"))).rejects.toBeInstanceOf(NotFoundError);
    await expect(updateSite(db, ctx, await editOf("london", { contactName: "Forged" }))).rejects.toBeInstanceOf(NotFoundError);
    expect((await siteRow("london")).contactName).toBe("Priya Shah");
    expect(await counts()).toEqual(before);
  });

  it("cannot move Manchester's site to London HQ, nor create a site there", async () => {
    const ctx = await contextFor(db, "siteadmin@acme.example");
    const before = await counts();
    await expect(updateSite(db, ctx, await editOf("manchester", { subAccountId: node("london") }))).rejects.toBeInstanceOf(NotFoundError);
    expect((await siteRow("manchester")).subAccountId).toBe(node("manchester"));
    const input = createSiteInput.parse({ name: "Canary Wharf Annex", addressLine1: "2 Canada Square", city: "London", postcode: "E14 5AB", countryCode: "GB", subAccountId: node("london") });
    await expect(createSite(db, ctx, input)).rejects.toBeInstanceOf(NotFoundError);
    expect(await counts()).toEqual(before);
    // The picker offers Manchester Branch alone.
    expect((await siteSubAccountChoices(db, ctx.ability, "update")).map((c) => c.name)).toEqual(["Manchester Branch"]);
  });

  it("lists only the Manchester site", async () => {
    const ctx = await contextFor(db, "siteadmin@acme.example");
    const { rows, total } = await sitesList.page(db, { ability: ctx.ability }, sitesList.parse({}));
    expect(total).toBe(1);
    expect(rows.map((r) => r.name)).toEqual(["Manchester Branch"]);
  });
});

describe("UK enterprise admin", () => {
  it("creates a site under Edinburgh: row and audit event together, after recorded", async () => {
    const ctx = await contextFor(db, "uk.admin@acme.example");
    const input = createSiteInput.parse({
      name: "Edinburgh Annex",
      addressLine1: "9 South Gyle Crescent",
      city: "Edinburgh",
      region: "Scotland",
      postcode: "eh129eb",
      countryCode: "GB",
      contactName: "Fiona Reid",
      contactEmail: "Fiona.Reid@acme.example",
      subAccountId: node("edinburgh"),
    });
    const created = await createSite(db, ctx, input);
    expect(created).toMatchObject({ enterpriseId: node("acme"), subAccountId: node("edinburgh"), postcode: "EH12 9EB", contactEmail: "fiona.reid@acme.example" });
    const [event] = await db.select().from(auditEvents).where(eq(auditEvents.subjectId, created.id));
    expect(event).toMatchObject({
      action: "site.create",
      subjectType: "Site",
      nodeId: node("edinburgh"),
      enterpriseId: node("acme"),
      before: null,
      after: expect.objectContaining({ name: "Edinburgh Annex", postcode: "EH12 9EB", subAccountId: node("edinburgh") }),
    });
    const rows = await db.execute<{ x: string }>(sql`select (select xmin::text from sites where id = ${created.id}) as x union all select xmin::text from audit_events where id = ${event!.id}`);
    expect(new Set(rows.rows.map((r) => r.x)).size).toBe(1);
  });

  it("moves a site between UK sub-accounts, recording both sides", async () => {
    const ctx = await contextFor(db, "uk.admin@acme.example");
    await updateSite(db, ctx, await editOf("manchester", { subAccountId: node("edinburgh") }));
    expect((await siteRow("manchester")).subAccountId).toBe(node("edinburgh"));
    const [event] = await db.select().from(auditEvents).where(eq(auditEvents.action, "site.move"));
    expect(event).toMatchObject({ before: { subAccountId: node("manchester") }, after: { subAccountId: node("edinburgh") }, summary: "Moved site Manchester Branch from Manchester Branch to Edinburgh Data Centre" });
  });

  it("cannot see or move anything to Germany", async () => {
    const ctx = await contextFor(db, "uk.admin@acme.example");
    await expect(getSite(db, ctx.ability, site("berlin"))).rejects.toBeInstanceOf(NotFoundError);
    await expect(updateSite(db, ctx, await editOf("london", { subAccountId: node("berlin") }))).rejects.toBeInstanceOf(NotFoundError);
    const choices = await siteSubAccountChoices(db, ctx.ability, "create");
    expect(choices.map((c) => c.name).sort()).toEqual(["Edinburgh Data Centre", "London HQ", "Manchester Branch"]);
    expect(new Set(choices.map((c) => c.parentName))).toEqual(new Set(["Acme UK Billing"]));
  });

  it("saving an unchanged site writes nothing", async () => {
    const ctx = await contextFor(db, "uk.admin@acme.example");
    const before = await counts();
    const result = await updateSite(db, ctx, await editOf("london", {}));
    expect(result.changed).toBe(false);
    expect(await counts()).toEqual(before);
  });

  it("bad input changes nothing: invalid fields are refused by the schema, a non-sub-account by the domain", async () => {
    const ctx = await contextFor(db, "uk.admin@acme.example");
    const before = await counts();
    const bad = createSiteInput.safeParse({ name: "", addressLine1: "x", city: "Leeds", postcode: "12345", countryCode: "GB", contactEmail: "nope", subAccountId: node("london") });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path[0]).sort()).toEqual(["contactEmail", "name", "postcode"]);
    const onBillingAccount = createSiteInput.parse({ name: "Billing desk", addressLine1: "1 Canada Square", city: "London", postcode: "E14 5AB", countryCode: "GB", subAccountId: node("acme-uk-ba") });
    await expect(createSite(db, ctx, onBillingAccount)).rejects.toBeInstanceOf(InvalidError);
    expect(await counts()).toEqual(before);
  });

  it("searches, filters and sorts in SQL", async () => {
    const { ability } = await contextFor(db, "uk.admin@acme.example");
    const all = await sitesList.page(db, { ability: ability }, sitesList.parse({ sort: "city", dir: "desc" }));
    expect(all.rows.map((r) => r.city)).toEqual(["Manchester", "London", "Edinburgh"]);
    expect((await sitesList.page(db, { ability: ability }, sitesList.parse({ q: "deansgate" }))).total).toBe(0);
    expect((await sitesList.page(db, { ability: ability }, sitesList.parse({ q: "m32g" }))).rows.map((r) => r.name)).toEqual(["Manchester Branch"]);
    expect((await sitesList.page(db, { ability: ability }, sitesList.parse({ q: "edin" }))).rows.map((r) => r.name)).toEqual(["Edinburgh Data Centre"]);
    expect((await sitesList.page(db, { ability: ability }, sitesList.parse({ q: "%" }))).total).toBe(0);
    expect((await sitesList.page(db, { ability: ability }, sitesList.parse({ country: "DE" }))).total).toBe(0);
    expect((await sitesList.page(db, { ability: ability }, sitesList.parse({ subAccount: node("london") }))).rows.map((r) => r.name)).toEqual(["London HQ"]);
  });
});

describe("a site's page", () => {
  it("shows services and orders there to an enterprise admin, editable", async () => {
    const { ability } = await contextFor(db, "uk.admin@acme.example");
    const page = await getSite(db, ability, site("london"));
    expect(page.canEdit).toBe(true);
    expect(page.subAccountName).toBe("London HQ");
    expect(page.ancestors.map((a) => a.name)).toEqual(["Acme UK Ltd", "Acme UK Billing"]);
    expect(page.services!.map((s) => s.offeringName)).toEqual(expect.arrayContaining(["Business Fibre 1 Gbps", "Mobile Voice & Data", "SIP Trunk (30 channels)"]));
    expect(page.orders!.map((o) => o.number)).toContain("ORD-1001");
    expect(page.orders!.every((o) => o.linesHere >= 1)).toBe(true);
  });

  it("is read-only for an orderer, without services (orderers do not read services)", async () => {
    const { ability } = await contextFor(db, "orderer@acme.example");
    const page = await getSite(db, ability, site("london"));
    expect(page.canEdit).toBe(false);
    expect(page.services).toBeNull();
    expect(page.orders!.length).toBeGreaterThan(0);
    await expect(getSiteForEdit(db, ability, site("london"))).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("shows a site admin the services at its site and no orders of other sites", async () => {
    const { ability } = await contextFor(db, "siteadmin@acme.example");
    const page = await getSite(db, ability, site("manchester"));
    expect(page.canEdit).toBe(true);
    expect(page.services!.map((s) => s.offeringName).sort()).toEqual(["Business Fibre 1 Gbps", "SD-WAN Edge"]);
    expect(page.ancestors).toEqual([]);
  });
});

describe("another enterprise", () => {
  it("globex admin cannot see Acme sites", async () => {
    const ctx = await contextFor(db, "admin@globex.example");
    const { rows } = await sitesList.page(db, { ability: ctx.ability }, sitesList.parse({}));
    expect(rows.map((r) => r.name)).toEqual(["Cypress Creek Lab", "Springfield Campus"]);
    for (const key of ["london", "manchester", "berlin"]) await expect(getSite(db, ctx.ability, site(key))).rejects.toBeInstanceOf(NotFoundError);
    await expect(updateSite(db, ctx, await editOf("london", { name: "Hijacked" }))).rejects.toBeInstanceOf(NotFoundError);
    // Nor move its own site into Acme.
    await expect(updateSite(db, ctx, await editOf("globex-rd", { subAccountId: node("london") }))).rejects.toBeInstanceOf(NotFoundError);
    const [london] = await db.select().from(sites).where(and(eq(sites.id, site("london")), eq(sites.name, "London HQ")));
    expect(london).toBeDefined();
  });
});
