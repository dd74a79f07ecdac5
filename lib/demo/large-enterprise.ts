import bcrypt from "bcryptjs";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "../../db/client";
import * as s from "../../db/schema";
import { childPath } from "../authz/paths";
import { TAX_RATE_BP } from "../billing/rules";
import { ACME_THRESHOLDS, DEMO_BCRYPT_SALT, DEMO_NOW, DEMO_PASSWORD } from "./data";
import { demoId } from "./ids";

/**
 * The large enterprise of DESIGN.md's budgets, for `npm run bench`: Northwind Group with 20 legal
 * entities, 200 billing accounts, 1,000 sub-accounts, 5,000 sites, 20,000 users, 100,000 orders
 * (about 200,000 lines) in every state, some waiting for one or two levels of approval, and twelve
 * months of bills with a million bill lines. It is
 * added next to the demo data (never by the demo seed) and is deterministic: a fixed pseudo-random
 * sequence, ids from names, times before the demo's "now". Rows are written in large batches
 * straight into the tables (placing 100,000 orders one by one through the ordering functions would
 * take an hour); the shapes are the ones those functions write, totals summed from the lines.
 */
export const LARGE = {
  legalEntities: 20,
  billingAccountsPerEntity: 10,
  subAccountsPerBillingAccount: 5,
  sitesPerSubAccount: 5,
  users: 20_000,
  orders: 100_000,
} as const;

/** People of the large enterprise the bench signs in as (password: the demo password). */
export const LARGE_PEOPLE = {
  admin: "admin@northwind.example",
  cfo: "cfo@northwind.example",
  entityAdmin: "le01.admin@northwind.example",
  entityApprover: "le01.approver@northwind.example",
  orderer: "user00001@northwind.example",
} as const;

const ENTITY_COUNTRIES: { country: string; currency: string; name: string }[] = [
  { country: "GB", currency: "GBP", name: "UK" },
  { country: "DE", currency: "EUR", name: "Deutschland" },
  { country: "FR", currency: "EUR", name: "France" },
  { country: "NL", currency: "EUR", name: "Nederland" },
  { country: "US", currency: "USD", name: "USA" },
];
const CITIES: Record<string, string[]> = {
  GB: ["London", "Leeds", "Bristol", "Glasgow", "Cardiff"],
  DE: ["Berlin", "Hamburg", "Köln", "Stuttgart", "Leipzig"],
  FR: ["Paris", "Lyon", "Lille", "Nantes", "Toulouse"],
  NL: ["Amsterdam", "Utrecht", "Rotterdam", "Eindhoven", "Groningen"],
  US: ["Seattle", "Austin", "Denver", "Boston", "Chicago"],
};
const STATUSES: [(typeof s.orderStatus.enumValues)[number], number][] = [
  ["completed", 60],
  ["approved", 6],
  ["in_progress", 5],
  ["pending_approval", 3],
  ["draft", 10],
  ["cancelled", 9],
  ["rejected", 7],
];

const id = (key: string) => demoId(`large:${key}`);
const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** mulberry32: a small seeded generator, so every run writes the same data. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function insertInBatches<T>(rows: T[], size: number, write: (batch: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
}

export async function largeEnterpriseExists(db: Db): Promise<boolean> {
  const [row] = await db.select({ id: s.accountNodes.id }).from(s.accountNodes).where(eq(s.accountNodes.id, id("enterprise")));
  return Boolean(row);
}

/**
 * Writes the large enterprise into a database that holds the demo data (it uses the demo catalog,
 * and the demo's account manager and CSP admin as the contract's drafter and activator). Returns
 * the row counts it wrote. Call it once per database: the ids are fixed, a second call fails.
 */
export async function generateLargeEnterprise(db: Db, log: (line: string) => void = () => {}) {
  // All or nothing: a failed run leaves no half an enterprise for the next one to trip on.
  return db.transaction((tx) => writeLargeEnterprise(tx, log));
}

async function writeLargeEnterprise(db: Tx, log: (line: string) => void) {
  const rnd = random(20261203);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
  const at = new Date("2024-01-01T00:00:00Z");
  const passwordHash = bcrypt.hashSync(DEMO_PASSWORD, DEMO_BCRYPT_SALT);

  // The tree.
  type Node = typeof s.accountNodes.$inferInsert & { id: string; path: string };
  const root: Node = { id: id("enterprise"), enterpriseId: id("enterprise"), parentId: null, kind: "enterprise", name: "Northwind Group", code: "NW", path: childPath(null, id("enterprise")), createdAt: at };
  const nodes: Node[] = [root];
  const entities: (Node & { currency: string })[] = [];
  const billingAccounts: (Node & { currency: string; entity: number })[] = [];
  const subAccounts: (Node & { currency: string; ba: number; entity: number })[] = [];
  for (let e = 0; e < LARGE.legalEntities; e++) {
    const c = ENTITY_COUNTRIES[e % ENTITY_COUNTRIES.length]!;
    const le = { id: id(`le:${e}`), enterpriseId: root.id, parentId: root.id, kind: "legal_entity" as const, name: `Northwind ${c.name} ${Math.floor(e / ENTITY_COUNTRIES.length) + 1}`, code: `NW-LE${pad(e + 1, 2)}`, countryCode: c.country, registrationNumber: `REG-${pad(e + 1, 6)}`, taxId: `${c.country}${pad(900000 + e, 9)}`, path: childPath(root.path, id(`le:${e}`)), createdAt: at, currency: c.currency };
    entities.push(le);
    nodes.push(le);
    for (let b = 0; b < LARGE.billingAccountsPerEntity; b++) {
      const n = e * LARGE.billingAccountsPerEntity + b;
      const ba = { id: id(`ba:${n}`), enterpriseId: root.id, parentId: le.id, kind: "billing_account" as const, name: `${le.name} billing ${b + 1}`, code: `NW-BA${pad(n + 1, 3)}`, countryCode: c.country, currency: c.currency, paymentTerms: "net_30" as const, billingCycle: "monthly" as const, billToContact: { name: "Accounts Payable", email: `ap+ba${pad(n + 1, 3)}@northwind.example` }, path: childPath(le.path, id(`ba:${n}`)), createdAt: at, entity: e };
      billingAccounts.push(ba);
      nodes.push(ba);
      for (let u = 0; u < LARGE.subAccountsPerBillingAccount; u++) {
        const k = n * LARGE.subAccountsPerBillingAccount + u;
        const sa = { id: id(`sa:${k}`), enterpriseId: root.id, parentId: ba.id, kind: "sub_account" as const, subAccountKind: "cost_centre" as const, name: `Cost centre ${pad(k + 1, 4)}`, code: `CC${pad(k + 1, 4)}`, countryCode: c.country, path: childPath(ba.path, id(`sa:${k}`)), createdAt: at, currency: c.currency, ba: n, entity: e };
        subAccounts.push(sa);
        nodes.push(sa);
      }
    }
  }
  // Only billing accounts carry a currency on the node; the helper fields stay in memory.
  const strip = (row: Node & { currency?: string | null; entity?: number; ba?: number }): typeof s.accountNodes.$inferInsert => {
    const { currency, entity: _entity, ba: _ba, ...rest } = row;
    return { ...rest, currency: row.kind === "billing_account" ? currency : null };
  };
  await insertInBatches(nodes.map(strip), 500, (b) => db.insert(s.accountNodes).values(b));

  const sites = subAccounts.flatMap((sa, k) =>
    Array.from({ length: LARGE.sitesPerSubAccount }, (_, i) => {
      const n = k * LARGE.sitesPerSubAccount + i;
      const city = pick(CITIES[sa.countryCode!]!);
      return { id: id(`site:${n}`), enterpriseId: root.id, subAccountId: sa.id, name: `${city} site ${pad(n + 1, 4)}`, addressLine1: `${(n % 200) + 1} Market Street`, city, postcode: pad(10000 + n, 5), countryCode: sa.countryCode!, contactName: "Site contact", contactEmail: `site${pad(n + 1, 4)}@northwind.example`, createdAt: at, updatedAt: at };
    }),
  );
  await insertInBatches(sites, 1000, (b) => db.insert(s.sites).values(b));
  log(`   ${nodes.length} account nodes, ${sites.length} sites`);

  // People: the named ones, then staff spread over the cost centres (half of them orderers).
  type Person = { key: string; email: string; name: string; unit: Node; roles: { role: (typeof s.role.enumValues)[number]; scope: Node; approval?: [number, string]; spend?: [number, string] }[] };
  const people: Person[] = [
    { key: "admin", email: LARGE_PEOPLE.admin, name: "Nadia Admin", unit: root, roles: [{ role: "enterprise_admin", scope: root }] },
    { key: "cfo", email: LARGE_PEOPLE.cfo, name: "Carl Finance", unit: root, roles: ["GBP", "EUR", "USD"].map((cur) => ({ role: "approver" as const, scope: root, approval: [100_000_000, cur] as [number, string] })) },
  ];
  entities.forEach((le, e) => {
    people.push({ key: `le${e}.admin`, email: `le${pad(e + 1, 2)}.admin@northwind.example`, name: `Entity admin ${pad(e + 1, 2)}`, unit: le, roles: [{ role: "enterprise_admin", scope: le }] });
    people.push({ key: `le${e}.approver`, email: `le${pad(e + 1, 2)}.approver@northwind.example`, name: `Entity approver ${pad(e + 1, 2)}`, unit: le, roles: [{ role: "approver", scope: le, approval: [10_000_000, le.currency] }] });
  });
  billingAccounts.forEach((ba, n) => {
    people.push({ key: `ba${n}.approver`, email: `ba${pad(n + 1, 3)}.approver@northwind.example`, name: `Account approver ${pad(n + 1, 3)}`, unit: ba, roles: [{ role: "approver", scope: ba, approval: [2_000_000, ba.currency] }] });
  });
  const orderersBySub = new Map<number, string[]>();
  for (let i = 0; people.length < LARGE.users; i++) {
    const k = i % subAccounts.length;
    const sa = subAccounts[k]!;
    const ba = billingAccounts[sa.ba]!;
    const kind = Math.floor(i / subAccounts.length) % 4; // every cost centre gets each kind
    const email = `user${pad(i + 1, 5)}@northwind.example`;
    const roles: Person["roles"] = kind <= 1 ? [{ role: "orderer", scope: sa, spend: kind === 1 ? [5_000_000, sa.currency] : undefined }] : kind === 2 ? [{ role: "billing_viewer", scope: ba }] : [{ role: "site_admin", scope: sa }];
    if (kind <= 1) orderersBySub.set(k, [...(orderersBySub.get(k) ?? []), id(`user:${email}`)]);
    people.push({ key: email, email, name: `Staff member ${pad(i + 1, 5)}`, unit: sa, roles });
  }
  const userRows = people.map((p) => ({ id: id(`user:${p.email}`), enterpriseId: root.id, unitNodeId: p.unit.id, email: p.email, name: p.name, passwordHash, locale: p.unit.countryCode === "US" ? "en-US" : "en-GB", timeZone: "Europe/London", createdAt: at, sessionsValidAfter: at }));
  await insertInBatches(userRows, 1000, (b) => db.insert(s.users).values(b));
  const grantor = demoId("user:csp.admin@csp.example");
  const assignments = people.flatMap((p) =>
    p.roles.map((r, i) => ({ id: id(`assignment:${p.email}:${i}`), enterpriseId: root.id, userId: id(`user:${p.email}`), role: r.role, scopeNodeId: r.scope.id, approvalLimitMinor: r.approval?.[0] ?? null, spendLimitMinor: r.spend?.[0] ?? null, limitCurrency: r.approval?.[1] ?? r.spend?.[1] ?? null, grantedById: grantor, grantedAt: at })),
  );
  await insertInBatches(assignments, 1000, (b) => db.insert(s.roleAssignments).values(b));
  log(`   ${userRows.length} users, ${assignments.length} role assignments`);

  // Approval policy per legal entity in its currency; one framework contract at the root, 10% off list.
  await db.insert(s.approvalPolicies).values(entities.map((le, e) => ({ id: id(`policy:${e}`), enterpriseId: root.id, nodeId: le.id, currency: le.currency, thresholdsMinor: ACME_THRESHOLDS, escalationHours: 48, updatedAt: at })));
  const contractId = id("contract");
  await db.insert(s.contracts).values({
    id: contractId,
    enterpriseId: root.id,
    nodeId: root.id,
    reference: "CTR-NW-2024-001",
    name: "Northwind Group Framework Agreement",
    status: "active",
    slaTier: "Gold",
    startsOn: "2024-01-01",
    endsOn: "2028-12-31",
    draftedById: demoId("user:am@csp.example"),
    activatedById: grantor,
    activatedAt: at,
    createdAt: at,
  });
  const listPrices = await db
    .select({ offeringId: s.offeringPrices.offeringId, currency: s.offeringPrices.currency, oneOff: s.offeringPrices.oneOffMinor, recurring: s.offeringPrices.recurringMinor })
    .from(s.offeringPrices)
    .innerJoin(s.productOfferings, eq(s.productOfferings.id, s.offeringPrices.offeringId))
    .where(and(eq(s.productOfferings.isActive, true), inArray(s.offeringPrices.currency, ["GBP", "EUR", "USD"])));
  const priceItems = listPrices.map((p) => ({ id: id(`price:${p.offeringId}:${p.currency}`), enterpriseId: root.id, contractId, offeringId: p.offeringId, currency: p.currency, oneOffMinor: Math.round(Number(p.oneOff) * 0.9), recurringMinor: Math.round(Number(p.recurring) * 0.9) }));
  await db.insert(s.contractPriceItems).values(priceItems);
  const pricesIn = new Map<string, typeof priceItems>();
  for (const p of priceItems) pricesIn.set(p.currency, [...(pricesIn.get(p.currency) ?? []), p]);

  // Orders: over three years before the demo's "now", each for one cost centre (its orderers
  // place it), one to three lines at its sites, in a status drawn from STATUSES.
  const spanMs = 3 * 365 * 86_400_000;
  const statusBag = STATUSES.flatMap(([st, weight]) => Array<(typeof STATUSES)[number][0]>(weight).fill(st));
  const entityApprover = (e: number) => id(`user:le${pad(e + 1, 2)}.approver@northwind.example`);
  let orderCount = 0;
  let lineCount = 0;
  let decisionCount = 0;
  const BATCH = 2000;
  for (let start = 0; start < LARGE.orders; start += BATCH) {
    const orderRows: (typeof s.orders.$inferInsert)[] = [];
    const lineRows: (typeof s.orderLines.$inferInsert)[] = [];
    const decisionRows: (typeof s.approvalDecisions.$inferInsert)[] = [];
    for (let i = start; i < Math.min(LARGE.orders, start + BATCH); i++) {
      const k = Math.floor(rnd() * subAccounts.length);
      const sa = subAccounts[k]!;
      const orderers = orderersBySub.get(k)!;
      const orderId = id(`order:${i}`);
      const createdAt = new Date(DEMO_NOW.getTime() - spanMs + Math.floor((i / LARGE.orders) * spanMs) + Math.floor(rnd() * 3_600_000));
      const status = pick(statusBag);
      const items = pricesIn.get(sa.currency)!;
      let oneOff = 0;
      let recurring = 0;
      const lines = 1 + Math.floor(rnd() * 3);
      for (let l = 0; l < lines; l++) {
        const item = pick(items);
        const quantity = 1 + Math.floor(rnd() * (rnd() < 0.1 ? 40 : 6));
        oneOff += item.oneOffMinor * quantity;
        recurring += item.recurringMinor * quantity;
        lineRows.push({ id: id(`line:${i}:${l}`), enterpriseId: root.id, orderId, offeringId: item.offeringId, siteId: id(`site:${k * LARGE.sitesPerSubAccount + Math.floor(rnd() * LARGE.sitesPerSubAccount)}`), subAccountId: sa.id, priceItemId: item.id, quantity, unitOneOffMinor: item.oneOffMinor, unitRecurringMinor: item.recurringMinor });
      }
      const total = oneOff + recurring * 12;
      const levels = ACME_THRESHOLDS.filter((t) => total > t).length;
      const submitted = status === "draft" ? null : new Date(createdAt.getTime() + 3_600_000);
      const decided = ["approved", "rejected", "in_progress", "completed"].includes(status) ? new Date(createdAt.getTime() + 20 * 3_600_000) : null;
      const pending = status === "pending_approval";
      // Half the orders waiting at two levels have the first decided by their entity's approver.
      const firstDecided = pending && levels >= 2 && rnd() < 0.5;
      orderRows.push({
        id: orderId,
        enterpriseId: root.id,
        number: `NW-${pad(i + 1, 6)}`,
        nodeId: sa.id,
        billingAccountId: billingAccounts[sa.ba]!.id,
        contractId,
        createdById: orderers[i % orderers.length]!,
        status,
        purchaseOrderNumber: rnd() < 0.7 ? `PO-${pad(Math.floor(rnd() * 1_000_000), 6)}` : null,
        currency: sa.currency,
        oneOffTotalMinor: oneOff,
        recurringTotalMinor: recurring,
        totalMinor: total,
        // A pending order waits for at least one level (else it would have been approved at once).
        requiredLevels: pending ? Math.max(1, levels) : levels,
        levelSince: pending ? new Date(createdAt.getTime() + (firstDecided ? 5 : 1) * 3_600_000) : null,
        escalationHours: submitted ? 48 : null,
        createdAt,
        submittedAt: submitted,
        decidedAt: decided,
        completedAt: status === "completed" ? new Date(createdAt.getTime() + 14 * 86_400_000) : null,
        cancelledAt: status === "cancelled" ? new Date(createdAt.getTime() + 3 * 3_600_000) : null,
        updatedAt: createdAt,
      });
      if (firstDecided) {
        decisionRows.push({ id: id(`decision:${i}`), enterpriseId: root.id, orderId, level: 1, deciderId: entityApprover(sa.entity), decision: "approved", approvalLimitMinor: 10_000_000, comment: "Within budget.", decidedAt: new Date(createdAt.getTime() + 5 * 3_600_000) });
      }
    }
    await db.insert(s.orders).values(orderRows);
    await insertInBatches(lineRows, 2000, (b) => db.insert(s.orderLines).values(b));
    if (decisionRows.length) await db.insert(s.approvalDecisions).values(decisionRows);
    orderCount += orderRows.length;
    lineCount += lineRows.length;
    decisionCount += decisionRows.length;
  }
  log(`   ${orderCount} orders, ${lineCount} order lines, ${decisionCount} approval decisions`);
  const billCounts = await writeBills(db, root.id, contractId);
  log(`   ${billCounts.services} services, ${billCounts.bills} bills, ${billCounts.lines} bill lines`);
  // Fresh statistics, as autovacuum would gather them on a live system.
  await db.execute(sql`analyze`);
  return { nodes: nodes.length, sites: sites.length, users: userRows.length, assignments: assignments.length, orders: orderCount, orderLines: lineCount, decisions: decisionCount, ...billCounts };
}

/**
 * Twelve months of bills for every billing account: SERVICES_PER_SITE services at each site (about
 * 85,000), every one charged in every month, so each bill has about 420 lines and the enterprise a
 * million. Written set-based in SQL (the bill run would take many minutes at this size) with the
 * bill run's rules: a line per service and month, tax per line at the legal entity's rate rounded
 * once, bill totals and splits summed from the lines. Older bills are paid; the last two months
 * are open, and a few bills part-paid.
 */
const SERVICES_PER_SITE = 17;
const BILLED_MONTHS = 12;

async function writeBills(db: Tx, enterpriseId: string, contractId: string) {
  const firstMonth = new Date(Date.UTC(DEMO_NOW.getUTCFullYear(), DEMO_NOW.getUTCMonth() - BILLED_MONTHS, 1)).toISOString().slice(0, 10);
  const lastMonth = new Date(Date.UTC(DEMO_NOW.getUTCFullYear(), DEMO_NOW.getUTCMonth() - 1, 1)).toISOString().slice(0, 10);
  const rates = sql.join(
    Object.entries(TAX_RATE_BP).map(([country, bp]) => sql`(${country}::text, ${bp}::int)`),
    sql`, `,
  );
  await db.execute(sql`
    insert into services (enterprise_id, offering_id, contract_id, site_id, sub_account_id, quantity, currency, recurring_minor, status, activated_at)
    select ${enterpriseId}, p.offering_id, ${contractId}, s.id, s.sub_account_id, 1 + ((g * 7 + length(s.name)) % 4), ba.currency, p.recurring_minor, 'active', ${`${firstMonth}T00:00:00Z`}::timestamptz - interval '90 days'
    from sites s
    join account_nodes sa on sa.id = s.sub_account_id
    join account_nodes ba on ba.id = sa.parent_id
    cross join generate_series(1, ${SERVICES_PER_SITE}) g
    join lateral (
      select offering_id, recurring_minor from contract_price_items i
      where i.contract_id = ${contractId} and i.currency = ba.currency
      order by i.offering_id
      offset (g % (select count(*) from contract_price_items c where c.contract_id = ${contractId} and c.currency = ba.currency)) limit 1
    ) p on true
    where s.enterprise_id = ${enterpriseId}`);
  await db.execute(sql`
    insert into bills (enterprise_id, billing_account_id, number, period_start, period_end, currency, subtotal_minor, tax_minor, total_minor, payment_terms, issued_at, due_on)
    select ${enterpriseId}, ba.id, 'INV-' || ba.code || '-' || to_char(m, 'YYYYMM'), m::date, (m + interval '1 month' - interval '1 day')::date, ba.currency, 0, 0, 0, 'net_30',
      m + interval '1 month' + interval '6 hours', (m + interval '1 month' + interval '30 days')::date
    from account_nodes ba cross join generate_series(${firstMonth}::timestamp, ${lastMonth}::timestamp, interval '1 month') m
    where ba.enterprise_id = ${enterpriseId} and ba.kind = 'billing_account'`);
  await db.execute(sql`
    insert into bill_lines (enterprise_id, bill_id, sub_account_id, site_id, offering_id, kind, description, quantity, amount_minor, tax_minor, created_at)
    select ${enterpriseId}, b.id, sv.sub_account_id, sv.site_id, sv.offering_id, 'recurring', o.name, sv.quantity, sv.recurring_minor * sv.quantity,
      round(sv.recurring_minor * sv.quantity * coalesce(r.bp, 0) / 10000.0)::bigint, b.issued_at
    from bills b
    join account_nodes ba on ba.id = b.billing_account_id
    join account_nodes le on le.id = ba.parent_id
    left join (values ${rates}) r(country, bp) on r.country = le.country_code
    join account_nodes sa on sa.parent_id = ba.id
    join services sv on sv.sub_account_id = sa.id
    join product_offerings o on o.id = sv.offering_id
    where b.enterprise_id = ${enterpriseId}`);
  await db.execute(sql`
    update bills b set subtotal_minor = t.net, tax_minor = t.tax, total_minor = t.net + t.tax
    from (select bill_id, sum(amount_minor)::bigint as net, sum(tax_minor)::bigint as tax from bill_lines where enterprise_id = ${enterpriseId} group by bill_id) t
    where t.bill_id = b.id`);
  for (const [dimension, column] of [["sub_account", "sub_account_id"], ["site", "site_id"], ["offering", "offering_id"]] as const) {
    await db.execute(sql`
      insert into bill_splits (enterprise_id, bill_id, dimension, key_id, amount_minor, tax_minor, lines)
      select ${enterpriseId}, bill_id, ${dimension}, ${sql.identifier(column)}, sum(amount_minor)::bigint, sum(tax_minor)::bigint, count(*)::int
      from bill_lines where enterprise_id = ${enterpriseId} group by bill_id, ${sql.identifier(column)}`);
  }
  // Paid on the due date, except the last two months; every seventh account paid half of the month before last.
  await db.execute(sql`
    update bills set paid_minor = case when period_start >= (${lastMonth}::date - interval '1 month') then 0 when ((hashtext(number) % 7) = 0 and period_start = (${lastMonth}::date - interval '2 months')) then total_minor / 2 else total_minor end
    where enterprise_id = ${enterpriseId}`);
  const [c] = (await db.execute(sql`select (select count(*) from services where enterprise_id = ${enterpriseId})::int as services, (select count(*) from bills where enterprise_id = ${enterpriseId})::int as bills, (select count(*) from bill_lines where enterprise_id = ${enterpriseId})::int as lines`)).rows as { services: number; bills: number; lines: number }[];
  return { services: Number(c!.services), bills: Number(c!.bills), lines: Number(c!.lines) };
}
