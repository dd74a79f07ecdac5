import { and, count, eq, like } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { accountNodes, auditEvents, invitations, outboxMessages, roleAssignments, sites, users } from "@/db/schema";
import { defineAbilityFor } from "@/lib/authz/ability";
import { accessibleWhere } from "@/lib/authz/sql";
import { asSubject } from "@/lib/authz/subjects";
import { loadPrincipal } from "@/lib/auth/load-principal";
import { demoId } from "@/lib/demo/ids";
import { ConflictError, ForbiddenError, InvalidError, NotFoundError } from "@/lib/errors";
import { acceptInvitation } from "@/lib/invitations/accept";
import { assignAccountManager, unassignAccountManager } from "@/lib/onboarding/account-managers";
import { onboardEnterprise } from "@/lib/onboarding/onboard";
import { onboardInput } from "@/lib/onboarding/schema";
import { resetDemoData } from "../support/db";
import { contextFor } from "../support/principals";

let db: Db;
beforeEach(async () => {
  db = await resetDemoData();
});

const ORIGIN = "http://localhost:3000";
const site = (name: string, city: string, postcode: string, countryCode: string) => ({ name, addressLine1: "1 High Street", city, postcode, countryCode });

/** Northwind: two legal entities in two currencies, each a billing account with two sub-accounts. */
function northwind(extra: Record<string, unknown> = {}) {
  return onboardInput.parse({
    enterprise: { name: "Northwind Traders", code: "NWT" },
    legalEntities: [
      {
        name: "Northwind UK Ltd",
        countryCode: "GB",
        currency: "GBP",
        registrationNumber: "09876543",
        taxId: "GB987654321",
        billingAccounts: [
          {
            name: "Northwind UK billing",
            currency: "GBP",
            paymentTerms: "net_60",
            billingCycle: "monthly",
            billToName: "Accounts Payable",
            billToEmail: "AP@northwind.example",
            subAccounts: [
              { name: "Leeds Depot", kind: "site", site: site("Leeds Depot", "Leeds", "ls1 4ap", "GB") },
              { name: "Finance", kind: "cost_centre" },
            ],
          },
        ],
      },
      {
        name: "Northwind France SAS",
        countryCode: "FR",
        currency: "EUR",
        billingAccounts: [
          {
            name: "Northwind FR billing",
            currency: "EUR",
            paymentTerms: "net_30",
            billingCycle: "quarterly",
            billToName: "Comptabilité",
            billToEmail: "compta@northwind.example",
            subAccounts: [{ name: "Lyon Office", kind: "site", site: site("Lyon Office", "Lyon", "69002", "FR") }],
          },
        ],
      },
    ],
    admin: { name: "Nadia North", email: "Nadia@Northwind.example" },
    accountManagerIds: [demoId("user:am@csp.example")],
    ...extra,
  });
}

async function tableCounts() {
  const [n] = await db.select({ n: count() }).from(accountNodes);
  const [u] = await db.select({ n: count() }).from(users);
  const [s] = await db.select({ n: count() }).from(sites);
  return { nodes: n!.n, users: u!.n, sites: s!.n };
}

describe("onboarding an enterprise", () => {
  it("writes the tree, the sites, the invited admin with the root role, the account manager, the mail and the audit, in one go", async () => {
    const ctx = await contextFor(db, "csp.admin@csp.example");
    const { id } = await onboardEnterprise(db, ctx, northwind(), ORIGIN);
    const nodes = await db.select().from(accountNodes).where(eq(accountNodes.enterpriseId, id));
    expect(nodes).toHaveLength(1 + 2 + 2 + 3);
    const byName = new Map(nodes.map((n) => [n.name, n]));
    const root = byName.get("Northwind Traders")!;
    expect(root).toMatchObject({ kind: "enterprise", parentId: null, path: `/${id}/`, code: "NWT" });
    const fr = byName.get("Northwind France SAS")!;
    expect(fr).toMatchObject({ kind: "legal_entity", currency: "EUR", countryCode: "FR", parentId: id });
    const frBilling = byName.get("Northwind FR billing")!;
    expect(frBilling).toMatchObject({ kind: "billing_account", currency: "EUR", paymentTerms: "net_30", billingCycle: "quarterly", billToContact: { name: "Comptabilité", email: "compta@northwind.example" } });
    expect(frBilling.path).toBe(`${fr.path}${frBilling.id}/`);
    expect(byName.get("Lyon Office")!.path.startsWith(frBilling.path)).toBe(true);
    const siteRows = await db.select().from(sites).where(eq(sites.enterpriseId, id));
    expect(siteRows.map((s) => s.postcode).sort()).toEqual(["69002", "LS1 4AP"]);

    const [admin] = await db.select().from(users).where(eq(users.email, "nadia@northwind.example"));
    expect(admin).toMatchObject({ status: "invited", enterpriseId: id, unitNodeId: id, passwordHash: null });
    const roles = await db.select().from(roleAssignments).where(eq(roleAssignments.enterpriseId, id));
    expect(roles.map((r) => [r.role, r.userId, r.scopeNodeId]).sort()).toEqual(
      [
        ["account_manager", demoId("user:am@csp.example"), id],
        ["enterprise_admin", admin!.id, id],
      ].sort(),
    );
    expect(await db.select().from(invitations).where(eq(invitations.userId, admin!.id))).toHaveLength(1);
    expect(await db.select().from(outboxMessages).where(eq(outboxMessages.to, "nadia@northwind.example"))).toHaveLength(1);
    const actions = (await db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.enterpriseId, id))).map((a) => a.action).sort();
    expect(actions).toEqual(["customer.onboard", "role.grant", "role.grant", "user.invite"]);
  });

  it("the new admin, once the invitation is accepted, sees exactly that tree", async () => {
    const { id, link } = await onboardEnterprise(db, await contextFor(db, "csp.admin@csp.example"), northwind(), ORIGIN);
    const token = link.split("/").at(-1)!;
    const { userId } = await acceptInvitation(db, { token, password: "a long enough passphrase" }, null);
    const principal = (await loadPrincipal(db, userId))!;
    const ability = defineAbilityFor(principal);
    const visible = await db.select({ id: accountNodes.id, enterpriseId: accountNodes.enterpriseId }).from(accountNodes).where(accessibleWhere(ability, "read", "AccountNode"));
    expect(visible).toHaveLength(8);
    expect(visible.every((n) => n.enterpriseId === id)).toBe(true);
    expect(ability.can("read", asSubject("AccountNode", { id: demoId("node:acme"), enterpriseId: demoId("node:acme"), kind: "enterprise", path: `/${demoId("node:acme")}/` }))).toBe(false);
  });

  it.each([
    ["an account manager", "am@csp.example"],
    ["an enterprise admin", "admin@acme.example"],
  ])("is refused to %s, and writes nothing", async (_who, email) => {
    const before = await tableCounts();
    await expect(onboardEnterprise(db, await contextFor(db, email), northwind(), ORIGIN)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await tableCounts()).toEqual(before);
  });

  it("refuses a taken admin address or enterprise name, and writes nothing", async () => {
    const ctx = await contextFor(db, "csp.admin@csp.example");
    const before = await tableCounts();
    await expect(onboardEnterprise(db, ctx, northwind({ admin: { name: "Ada", email: "admin@acme.example" } }), ORIGIN)).rejects.toMatchObject({ status: 409, details: { "admin.email": expect.any(Array) } });
    await expect(onboardEnterprise(db, ctx, northwind({ enterprise: { name: "acme corp" } }), ORIGIN)).rejects.toBeInstanceOf(ConflictError);
    expect(await tableCounts()).toEqual(before);
  });

  it("refuses an account manager who is not CSP staff, and the administrator naming themselves", async () => {
    const ctx = await contextFor(db, "csp.admin@csp.example");
    const before = await tableCounts();
    await expect(onboardEnterprise(db, ctx, northwind({ accountManagerIds: [demoId("user:orderer@acme.example")] }), ORIGIN)).rejects.toBeInstanceOf(InvalidError);
    await expect(onboardEnterprise(db, ctx, northwind({ accountManagerIds: [demoId("user:csp.admin@csp.example")] }), ORIGIN)).rejects.toBeInstanceOf(InvalidError);
    expect(await tableCounts()).toEqual(before);
  });

  it("checks the whole payload: repeated names, postcodes, sizes", () => {
    const raw = JSON.parse(JSON.stringify(northwind()));
    raw.legalEntities[1].name = "northwind uk ltd";
    raw.legalEntities[0].billingAccounts[0].subAccounts[0].site.postcode = "NOT A CODE";
    raw.legalEntities[0].billingAccounts[0].subAccounts = raw.legalEntities[0].billingAccounts[0].subAccounts.concat([]);
    const result = onboardInput.safeParse(raw);
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join("."));
    expect(paths).toContain("legalEntities.1.name");
    expect(paths).toContain("legalEntities.0.billingAccounts.0.subAccounts.0.site.postcode");
    expect(onboardInput.safeParse({ ...raw, legalEntities: [] }).success).toBe(false);
  });
});

describe("account managers", () => {
  const acme = demoId("node:acme");
  const globex = demoId("node:globex");
  const am = demoId("user:am@csp.example");

  it("a CSP administrator assigns and removes one; the account manager's console follows", async () => {
    const ctx = await contextFor(db, "csp.admin@csp.example");
    const globexCustomer = asSubject("Customer", { id: globex, enterpriseId: globex, kind: "enterprise", path: `/${globex}/` });
    expect((await contextFor(db, "am@csp.example")).ability.can("read", globexCustomer)).toBe(false);
    await assignAccountManager(db, ctx, { enterpriseId: globex, userId: am });
    expect((await contextFor(db, "am@csp.example")).ability.can("read", globexCustomer)).toBe(true);
    await expect(assignAccountManager(db, ctx, { enterpriseId: globex, userId: am })).rejects.toBeInstanceOf(ConflictError);
    await unassignAccountManager(db, ctx, { enterpriseId: globex, userId: am });
    expect((await contextFor(db, "am@csp.example")).ability.can("read", globexCustomer)).toBe(false);
    const audit = await db.select({ action: auditEvents.action }).from(auditEvents).where(and(eq(auditEvents.enterpriseId, globex), like(auditEvents.action, "role.%")));
    expect(audit.map((a) => a.action).sort()).toEqual(["role.grant", "role.revoke"]);
  });

  it("only CSP staff, only by a CSP administrator; foreign or unknown enterprises are not found", async () => {
    const admin = await contextFor(db, "csp.admin@csp.example");
    await expect(assignAccountManager(db, admin, { enterpriseId: acme, userId: demoId("user:orderer@acme.example") })).rejects.toBeInstanceOf(InvalidError);
    await expect(assignAccountManager(db, await contextFor(db, "am@csp.example"), { enterpriseId: acme, userId: demoId("user:csp.admin@csp.example") })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(assignAccountManager(db, await contextFor(db, "am@csp.example"), { enterpriseId: globex, userId: am })).rejects.toBeInstanceOf(NotFoundError);
    await expect(assignAccountManager(db, admin, { enterpriseId: demoId("node:acme-uk"), userId: am })).rejects.toBeInstanceOf(NotFoundError);
    await expect(unassignAccountManager(db, await contextFor(db, "admin@acme.example"), { enterpriseId: acme, userId: am })).rejects.toBeInstanceOf(NotFoundError);
  });
});
