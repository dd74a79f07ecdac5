import bcrypt from "bcryptjs";
import { and, asc, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "../../db/client";
import * as s from "../../db/schema";
import { childPath } from "../authz/paths";
import { raiseDispute, resolveDispute } from "../billing/disputes";
import { recordPayment } from "../billing/payments";
import { runBill } from "../billing/run";
import { formatMajorAmount } from "../money";
import { loadPrincipal } from "../auth/load-principal";
import { defineAbilityFor } from "../authz/ability";
import type { Ctx } from "../context";
import { decideOrder } from "../orders/decide";
import { fulfilOrder } from "../orders/fulfil";
import { cancelOrder, createOrder } from "../orders/mutations";
import { unitPrice } from "../orders/pricing";
import { submitOrder } from "../orders/submit";
import { withoutNotifications } from "../notifications/notify";
import { ACME_THRESHOLDS, CONTRACT_PRICES, CONTRACT_VERSIONS, DEMO_BCRYPT_SALT, DEMO_NOW, DEMO_PASSWORD, INSTALLED, OFFERINGS, ORDERS, TREES, USERS, type NodeSeed } from "./data";
import { demoId } from "./ids";
import { DEMO_MFA } from "./mfa";
import { seal } from "../identity/secret-box";
import { hashRecoveryCode } from "../mfa/rules";

type NodeRow = typeof s.accountNodes.$inferInsert & { id: string; path: string };

/** Every table the seed owns, children first. */
const TABLES = [
  "bill_splits",
  "bill_payments",
  "notifications",
  "request_keys",
  "order_events",
  "approval_delegations",
  "trouble_tickets",
  "bill_lines",
  "bill_disputes",
  "bills",
  "approval_decisions",
  "approval_policies",
  "services",
  "order_lines",
  "orders",
  "contract_volume_bands",
  "contract_price_items",
  "contracts",
  "offering_prices",
  "product_offerings",
  "impersonation_sessions",
  "support_access_grants",
  "outbox_messages",
  "mail_queue",
  "invitations",
  "login_throttle",
  "user_sessions",
  "audit_events",
  "role_assignments",
  "sites",
  "users",
  "account_nodes",
];

/**
 * Replaces everything with exactly the demo data of DESIGN.md, in one transaction. Ids and dates
 * are derived from names and fixed dates (orders, made by the ordering functions, get generated
 * ids; their numbers, contents and times are fixed), so running it twice leaves the same data.
 */
export async function seed(db: Db): Promise<void> {
  const passwordHash = bcrypt.hashSync(DEMO_PASSWORD, DEMO_BCRYPT_SALT);
  await db.transaction(async (tx) => {
    // The audit log refuses deletes; the demo reset is the one owner-run exception.
    await tx.execute(sql`alter table audit_events disable trigger user`);
    await tx.execute(sql.raw(`truncate ${TABLES.join(", ")} restart identity cascade`));
    await tx.execute(sql`alter table audit_events enable trigger user`);
    await insertAll(tx, passwordHash);
  });
}

/** The demo CSP users' authenticators: their fixed secrets sealed, their recovery codes hashed, as enrolment stores them. */
async function seedDemoMfa(tx: Tx, userId: (email: string) => string) {
  const enabledAt = new Date("2025-01-01T00:00:00Z");
  for (const [email, mfa] of Object.entries(DEMO_MFA)) {
    await tx.insert(s.userMfa).values({ userId: userId(email), enterpriseId: null, secretSealed: seal(mfa.secret, "totp-secret"), enabledAt, createdAt: enabledAt });
    await tx.insert(s.mfaRecoveryCodes).values(
      mfa.recoveryCodes.map((code, i) => ({ id: demoId(`recovery:${email}:${i}`), userId: userId(email), enterpriseId: null, codeHash: hashRecoveryCode(code)!, createdAt: enabledAt })),
    );
  }
}

async function insertAll(tx: Tx, passwordHash: string) {
  // Account hierarchy and sites.
  const nodes = new Map<string, NodeRow>();
  const siteRows: (typeof s.sites.$inferInsert)[] = [];
  const walk = (n: NodeSeed, parent: NodeRow | null, enterpriseId: string | null) => {
    const id = demoId(`node:${n.key}`);
    const row: NodeRow = {
      id,
      enterpriseId: enterpriseId ?? id,
      parentId: parent?.id ?? null,
      kind: n.kind,
      name: n.name,
      code: n.code ?? null,
      path: childPath(parent?.path ?? null, id),
      subAccountKind: n.subAccountKind ?? null,
      registrationNumber: n.registrationNumber ?? null,
      taxId: n.taxId ?? null,
      countryCode: n.countryCode ?? parent?.countryCode ?? null,
      currency: n.currency ?? null,
      paymentTerms: n.kind === "billing_account" ? "net_30" : null,
      billingCycle: n.kind === "billing_account" ? "monthly" : null,
      billToContact: n.kind === "billing_account" ? { name: "Accounts Payable", email: `ap+${n.key}@${enterpriseId === demoId("node:globex") ? "globex" : "acme"}.example` } : null,
      createdAt: new Date("2025-01-01T00:00:00Z"),
    };
    nodes.set(n.key, row);
    if (n.site) {
      siteRows.push({
        id: demoId(`site:${n.key}`),
        enterpriseId: row.enterpriseId,
        subAccountId: id,
        name: n.site.name,
        addressLine1: n.site.line1,
        city: n.site.city,
        region: n.site.region ?? null,
        postcode: n.site.postcode,
        countryCode: n.site.countryCode,
        contactName: n.site.contact[0],
        contactEmail: n.site.contact[1],
        contactPhone: n.site.contact[2],
        createdAt: new Date("2025-01-01T00:00:00Z"),
        updatedAt: new Date("2025-01-01T00:00:00Z"),
      });
    }
    for (const c of n.children ?? []) walk(c, row, row.enterpriseId);
  };
  for (const tree of TREES) walk(tree, null, null);
  await tx.insert(s.accountNodes).values([...nodes.values()]);
  await tx.insert(s.sites).values(siteRows);
  const node = (key: string) => {
    const n = nodes.get(key);
    if (!n) throw new Error(`seed: unknown node ${key}`);
    return n;
  };

  // Users and their role assignments.
  const userId = (email: string) => demoId(`user:${email}`);
  await tx.insert(s.users).values(
    USERS.map((u) => ({
      id: userId(u.email),
      email: u.email,
      name: u.name,
      enterpriseId: u.enterprise ? node(u.enterprise).id : null,
      unitNodeId: u.unit ? node(u.unit).id : null,
      passwordHash,
      locale: u.enterprise === "globex" ? "en-US" : u.unit && ["acme-de-ba", "berlin", "munich", "acme-de"].includes(u.unit) ? "de-DE" : "en-GB",
      timeZone: u.enterprise === "globex" ? "America/Los_Angeles" : u.unit === "acme-de-ba" ? "Europe/Berlin" : "Europe/London",
      createdAt: new Date("2025-01-01T00:00:00Z"),
      sessionsValidAfter: new Date("2025-01-01T00:00:00Z"),
    })),
  );
  const grantor = userId("csp.admin@csp.example");
  await tx.insert(s.roleAssignments).values(
    USERS.flatMap((u) =>
      u.assignments.map((a, i) => ({
        id: demoId(`assignment:${u.email}:${i}`),
        userId: userId(u.email),
        enterpriseId: a.scope ? node(a.scope).enterpriseId : null,
        role: a.role as (typeof s.role.enumValues)[number],
        scopeNodeId: a.scope ? node(a.scope).id : null,
        approvalLimitMinor: a.approvalLimit?.[0] ?? null,
        spendLimitMinor: a.spendLimit?.[0] ?? null,
        limitCurrency: a.approvalLimit?.[1] ?? a.spendLimit?.[1] ?? null,
        grantedById: u.email === "csp.admin@csp.example" ? null : grantor,
        grantedAt: new Date("2025-01-01T00:00:00Z"),
      })),
    ),
  );

  // MFA (DEMO VALUES, lib/demo/mfa.ts and the README): CSP staff always need a second factor, so the
  // demo CSP users have authenticators set up; customers' demo users have none.
  await seedDemoMfa(tx, userId);

  // Catalog.
  const offeringId = (code: string) => demoId(`offering:${code}`);
  await tx.insert(s.productOfferings).values(
    OFFERINGS.map((o) => ({
      id: offeringId(o.code),
      code: o.code,
      name: o.name,
      category: o.category,
      unit: o.unit,
      description: o.description,
      isActive: o.isActive ?? true,
      validFrom: o.validFrom ?? "2024-01-01",
      validTo: o.validTo ?? null,
      updatedAt: new Date("2025-01-01T00:00:00Z"),
    })),
  );
  await tx.insert(s.offeringPrices).values(
    OFFERINGS.flatMap((o) => Object.entries(o.prices).map(([currency, [oneOff, recurring]]) => ({ offeringId: offeringId(o.code), currency, oneOffMinor: oneOff, recurringMinor: recurring }))),
  );

  // The three-year framework contract covering Acme Corp, in its versions (CONTRACT_VERSIONS):
  // v1 superseded, v2 in force (what the demo orders use), v3 an amendment in draft.
  const acme = node("acme");
  const contractId = demoId("contract:acme-framework");
  const versionId = (version: number) => demoId(CONTRACT_VERSIONS.find((v) => v.version === version)!.key);
  // The prices of the version in force keep their ids (price:<offering>:<currency>); others are per version.
  const priceId = (version: number, offering: string, currency: string) => demoId(versionId(version) === contractId ? `price:${offering}:${currency}` : `price:v${version}:${offering}:${currency}`);
  for (const v of CONTRACT_VERSIONS) {
    await tx.insert(s.contracts).values({
      id: versionId(v.version),
      enterpriseId: acme.id,
      nodeId: acme.id,
      reference: "CTR-ACME-2025-001",
      version: v.version,
      previousId: v.version > 1 ? versionId(v.version - 1) : null,
      name: "Acme Corp Framework Agreement",
      status: v.status,
      slaTier: v.slaTier,
      paymentTerms: v.paymentTerms,
      note: v.note,
      startsOn: "2025-01-01",
      endsOn: v.endsOn,
      draftedById: userId("am@csp.example"),
      activatedById: v.activatedAt ? userId("csp.admin@csp.example") : null,
      activatedAt: v.activatedAt ? new Date(v.activatedAt) : null,
      supersededAt: v.supersededAt ? new Date(v.supersededAt) : null,
      createdAt: new Date(v.createdAt),
    });
    await tx.insert(s.contractPriceItems).values(
      v.prices.map((p) => ({
        id: priceId(v.version, p.offering, p.currency),
        enterpriseId: acme.id,
        contractId: versionId(v.version),
        offeringId: offeringId(p.offering),
        currency: p.currency,
        oneOffMinor: p.oneOff,
        recurringMinor: p.recurring,
        committedQuantity: p.committed ?? 0,
      })),
    );
    const bands = v.prices.flatMap((p) =>
      (p.bands ?? []).map(([minQuantity, recurring]) => ({
        id: demoId(`band:${priceId(v.version, p.offering, p.currency)}:${minQuantity}`),
        enterpriseId: acme.id,
        priceItemId: priceId(v.version, p.offering, p.currency),
        minQuantity,
        recurringMinor: recurring,
      })),
    );
    if (bands.length) await tx.insert(s.contractVolumeBands).values(bands);
  }
  // Services installed before the amendment came into force were installed under version 1.
  const amendedAt = new Date(CONTRACT_VERSIONS.find((v) => v.version === 2)!.activatedAt!);
  const priceFor = (offering: string, currency: string) => {
    const p = CONTRACT_PRICES.find((x) => x.offering === offering && x.currency === currency);
    return p ? { oneOffMinor: p.oneOff, recurringMinor: p.recurring, bands: (p.bands ?? []).map(([minQuantity, recurringMinor]) => ({ minQuantity, recurringMinor })) } : null;
  };
  const listPrice = (offering: string, currency: string) => OFFERINGS.find((o) => o.code === offering)!.prices[currency]!;

  // Acme Corp's policy, the same thresholds in each of its currencies ("in the order's currency").
  await tx.insert(s.approvalPolicies).values(
    ["GBP", "EUR"].map((currency) => ({
      id: demoId(currency === "GBP" ? "policy:acme" : `policy:acme:${currency}`),
      enterpriseId: acme.id,
      nodeId: acme.id,
      currency,
      thresholdsMinor: ACME_THRESHOLDS,
      escalationHours: 48,
      updatedById: userId("admin@acme.example"),
      updatedAt: new Date("2025-01-02T00:00:00Z"),
    })),
  );

  // Installed services, priced by the contract (Acme) or the list (Globex).
  const currencyOf = (nodeKey: string) => nodes.get(nodeKey)!.path.split("/").filter(Boolean).map((id) => [...nodes.values()].find((n) => n.id === id)!).find((n) => n.kind === "billing_account")!.currency!;
  const installedCount = new Map<string, number>();
  const serviceRows: (typeof s.services.$inferInsert)[] = INSTALLED.map((inst, i) => {
    const n = node(inst.node);
    const currency = currencyOf(inst.node);
    const isAcme = n.enterpriseId === acme.id;
    const key = `${inst.offering}:${currency}`;
    const before = installedCount.get(key) ?? 0;
    installedCount.set(key, before + inst.quantity);
    const item = isAcme ? priceFor(inst.offering, currency) : null;
    const recurring = item ? unitPrice(item, before, inst.quantity).recurringMinor : listPrice(inst.offering, currency)[1];
    return {
      id: demoId(`service:${i}`),
      enterpriseId: n.enterpriseId,
      offeringId: offeringId(inst.offering),
      contractId: isAcme ? (new Date(`${inst.activatedAt}T00:00:00Z`) < amendedAt ? versionId(1) : contractId) : null,
      siteId: demoId(`site:${inst.node}`),
      subAccountId: n.id,
      quantity: inst.quantity,
      currency,
      recurringMinor: recurring,
      status: inst.terminatedAt ? "terminated" : "active",
      activatedAt: new Date(`${inst.activatedAt}T00:00:00Z`),
      terminatedAt: inst.terminatedAt ? new Date(`${inst.terminatedAt}T00:00:00Z`) : null,
    };
  });

  // Installed services first: orders are priced with the volume already installed.
  await tx.insert(s.services).values(serviceRows);

  // Orders in every state, placed, decided and fulfilled through the same functions the portal
  // uses (so the demo holds what those functions make: prices, routing, timelines, notifications),
  // at their fixed demo times. Their ids are generated; numbers, contents and dates are fixed.
  const as = async (email: string, at: Date): Promise<Ctx> => {
    const principal = (await loadPrincipal(tx, userId(email), undefined, at))!;
    return { principal, ability: defineAbilityFor(principal, at), requestId: "demo-seed" };
  };
  // Chronologically (the orderer's monthly spend depends on what came before), each with its number.
  // Quietly: the news of these orders is months old, so no bell and no mail.
  await withoutNotifications(() => placeDemoOrders());
  async function placeDemoOrders() {
  for (const o of [...ORDERS].sort((x, y) => x.createdAt.localeCompare(y.createdAt))) {
    const createdAt = new Date(o.createdAt);
    const hours = (h: number) => new Date(createdAt.getTime() + h * 3_600_000);
    await tx.execute(sql`select setval('order_number_seq', ${Number(o.number.slice(4)) - 1})`);
    const orderer = await as("orderer@acme.example", createdAt);
    const { id } = await createOrder(
      tx,
      orderer,
      {
        contractId,
        purchaseOrderNumber: o.po,
        lines: o.lines.map((l) => ({ offeringId: offeringId(l.offering), siteId: demoId("site:london"), subAccountId: node("london").id, quantity: l.quantity })),
        requestKey: `demo-create-${o.number}`,
      },
      createdAt,
    );
    if (o.status === "draft") continue;
    if (o.status === "cancelled") {
      await cancelOrder(tx, await as("orderer@acme.example", hours(3)), { orderId: id, reason: "Ordered twice by mistake." }, hours(3));
      continue;
    }
    await submitOrder(tx, await as("orderer@acme.example", hours(1)), { orderId: id, rowVersion: 1, requestKey: `demo-submit-${o.number}` }, hours(1));
    for (const d of o.decisions ?? []) {
      await decideOrder(tx, await as(d.by, hours(20)), { orderId: id, level: d.level, decision: d.decision, comment: d.comment }, hours(20));
    }
    if (o.status === "in_progress" || o.status === "completed") {
      await fulfilOrder(tx, await as("am@csp.example", hours(48)), { orderId: id, step: "start" }, hours(48));
    }
    if (o.status === "completed") {
      const completedAt = hours(24 * 14);
      await fulfilOrder(tx, await as("am@csp.example", completedAt), { orderId: id, step: "complete" }, completedAt);
    }
  }
  }
  // Orders placed in the portal are numbered from 2001 on (nextval after setval(2000) gives 2001).
  await tx.execute(sql`select setval('order_number_seq', 2000)`);

  // Six months of bills per billing account, made by the bill run as the CSP's monthly run would,
  // early on the first of the next month. Payments: every bill but the last two paid in full on its
  // due date; Acme UK's September bill paid in part. A dispute of a charge on Acme UK's first bill,
  // accepted by the account manager, is credited on the next bill.
  const billingAccounts = [...nodes.values()].filter((n) => n.kind === "billing_account");
  const ukBilling = node("acme-uk-ba");
  for (let m = 6; m >= 1; m--) {
    const periodStart = new Date(Date.UTC(DEMO_NOW.getUTCFullYear(), DEMO_NOW.getUTCMonth() - m, 1));
    const period = periodStart.toISOString().slice(0, 7);
    const runAt = new Date(Date.UTC(periodStart.getUTCFullYear(), periodStart.getUTCMonth() + 1, 1, 6));
    for (const ba of billingAccounts) {
      const { billId } = await runBill(tx, null, { billingAccountId: ba.id, period }, runAt);
      if (!billId) continue;
      const [bill] = await tx.select().from(s.bills).where(eq(s.bills.id, billId));
      if (m >= 3 || (m === 2 && ba.id !== ukBilling.id)) {
        const paidAt = new Date(`${bill!.dueOn}T10:00:00Z`);
        await recordPayment(tx, await as("csp.admin@csp.example", paidAt), { billId, amount: formatMajorAmount(bill!.totalMinor, bill!.currency), receivedOn: bill!.dueOn, reference: `BACS ${bill!.number}` }, paidAt);
      } else if (m === 2) {
        const paidAt = new Date(`${bill!.dueOn}T10:00:00Z`);
        await recordPayment(tx, await as("csp.admin@csp.example", paidAt), { billId, amount: formatMajorAmount(Math.round(bill!.totalMinor / 2), bill!.currency), receivedOn: bill!.dueOn, reference: `BACS ${bill!.number} (part)` }, paidAt);
      }
      if (m === 6 && ba.id === ukBilling.id) {
        const [line] = await tx.select().from(s.billLines).where(and(eq(s.billLines.billId, billId), eq(s.billLines.kind, "recurring"))).orderBy(asc(s.billLines.description)).limit(1);
        const raisedAt = new Date(runAt.getTime() + 5 * 86_400_000);
        const resolvedAt = new Date(runAt.getTime() + 12 * 86_400_000);
        // History: settled months ago, so no one is told of it now.
        await withoutNotifications(async () => {
          const { id } = await raiseDispute(tx, await as("billing@acme.example", raisedAt), { lineId: line!.id, reason: "The line was down for nine days this month; we expect a service credit." }, raisedAt);
          await resolveDispute(tx, await as("am@csp.example", resolvedAt), { disputeId: id, outcome: "credited", resolution: "Outage confirmed; the month's charge is credited on your next bill." }, resolvedAt);
        });
      }
    }
  }
  // The demo starts with an empty audit log (as DESIGN.md describes it, and as the tests of the
  // log expect): orders keep their history on their timelines, bills and disputes on their pages.
  await tx.execute(sql`alter table audit_events disable trigger user`);
  await tx.execute(sql`delete from audit_events`);
  await tx.execute(sql`alter table audit_events enable trigger user`);
}
