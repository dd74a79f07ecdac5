import { randomUUID } from "node:crypto";
import { and, eq, sql, type SQL } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { contracts, requestKeys } from "@/db/schema";
import { loadSessionPrincipal } from "@/lib/auth/load-principal";
import { defineAbilityFor } from "@/lib/authz/ability";
import { demoId } from "@/lib/demo/ids";
import { ForbiddenError } from "@/lib/errors";
import { startImpersonation, stopImpersonation } from "@/lib/impersonation/start";
import { createOrder } from "@/lib/orders/mutations";
import { createOrderInput } from "@/lib/orders/schemas";
import { createSession } from "@/lib/sessions/mutations";
import { resetDemoData } from "../support/db";
import { contextFor } from "../support/principals";

/**
 * Tenancy, held by the catalog of the migrated database (ADR 17: docs/decisions/0017-tenancy-and-sharding.md).
 * Every table of schema public is classified here, once:
 *   - tenant: owned by one enterprise. It has `enterprise_id`, NOT NULL unless `nullable` says why,
 *     and an index (or primary key) whose leading column is enterprise_id, so the database can be
 *     distributed by enterprise (Citus-style) and every tenant's rows read without walking the tree;
 *   - reference: the CSP's own data that every tenant reads (replicated to every node when sharded);
 *   - global: belongs to no tenant and is never joined with tenant rows (a local table when sharded).
 * A new table fails the first test until it is classified here.
 */
type Classification = { kind: "tenant"; nullable?: string } | { kind: "reference"; why: string } | { kind: "global"; why: string };

const CSP_STAFF = "CSP staff belong to the CSP, not to an enterprise (DESIGN.md: a user belongs to an enterprise or to the CSP)";

const TABLES: Record<string, Classification> = {
  // enterprise_id of a node is its root's id (the root's own id for the root).
  account_nodes: { kind: "tenant" },
  users: { kind: "tenant", nullable: CSP_STAFF },
  role_assignments: { kind: "tenant", nullable: "a CSP administrator's role has no scope and no enterprise (an account manager's carries the enterprise it looks after)" },
  invitations: { kind: "tenant" },
  outbox_messages: { kind: "tenant", nullable: "a mail may concern no enterprise (OutgoingMail.enterpriseId is nullable), though every caller names one today" },
  mail_queue: { kind: "tenant", nullable: "a mail may concern no enterprise (OutgoingMail.enterpriseId is nullable), though every caller names one today" },
  user_sessions: { kind: "tenant", nullable: `sessions of CSP staff: ${CSP_STAFF}` },
  user_mfa: { kind: "tenant", nullable: `the second factor of CSP staff (always required of them): ${CSP_STAFF}` },
  mfa_recovery_codes: { kind: "tenant", nullable: `recovery codes of CSP staff: ${CSP_STAFF}` },
  notifications: { kind: "tenant", nullable: "news may concern no enterprise (Notice.enterpriseId is nullable), though every caller names one today" },
  audit_events: { kind: "tenant", nullable: "CSP-wide events: catalog changes, and CSP staff signing in or changing their own credentials" },
  enterprise_security_settings: { kind: "tenant" },
  sso_connections: { kind: "tenant" },
  // Owned by the enterprise that claimed it; replicated when sharded, since sign-in routes by domain (ADR 17).
  sso_domains: { kind: "tenant" },
  scim_tokens: { kind: "tenant" },
  scim_groups: { kind: "tenant" },
  scim_group_members: { kind: "tenant" },
  scim_group_roles: { kind: "tenant" },
  support_access_grants: { kind: "tenant" },
  impersonation_sessions: { kind: "tenant" },
  sites: { kind: "tenant" },
  contracts: { kind: "tenant" },
  contract_price_items: { kind: "tenant" },
  contract_volume_bands: { kind: "tenant" },
  orders: { kind: "tenant" },
  order_lines: { kind: "tenant" },
  order_events: { kind: "tenant" },
  request_keys: { kind: "tenant" },
  services: { kind: "tenant" },
  approval_policies: { kind: "tenant" },
  approval_decisions: { kind: "tenant" },
  approval_delegations: { kind: "tenant" },
  bills: { kind: "tenant" },
  bill_lines: { kind: "tenant" },
  bill_splits: { kind: "tenant" },
  bill_payments: { kind: "tenant" },
  bill_disputes: { kind: "tenant" },
  trouble_tickets: { kind: "tenant" },
  product_offerings: { kind: "reference", why: "the CSP's catalog (TMF620): read by every tenant's contracts, orders and bills, written only by the CSP administrator" },
  offering_prices: { kind: "reference", why: "the catalog's list prices, per offering and currency" },
  login_throttle: {
    kind: "global",
    why: "sign-in attempts counted per hashed e-mail and client address before anyone is known; a client address spans enterprises by design",
  },
};

/**
 * Foreign keys along which a tenant's row may point at a row of no enterprise, or the other way:
 * what CSP staff do in an enterprise (draft and activate its contracts, record payments, resolve
 * disputes, fulfil orders, grant roles, invite its first admin, look in as its people) names them;
 * an account manager's role assignment, support session and dispute notices name the enterprise.
 * These cannot become co-located foreign keys when the database is distributed (ADR 17). Any other
 * pair of rows joined by a foreign key is in the same enterprise.
 */
const CSP_STAFF_REFERENCES = new Set([
  "role_assignments.user_id",
  "role_assignments.granted_by_id",
  "invitations.invited_by_id",
  "contracts.drafted_by_id",
  "contracts.activated_by_id",
  "order_events.actor_id",
  "bill_payments.recorded_by_id",
  "bill_disputes.resolved_by_id",
  "impersonation_sessions.account_manager_id",
  "user_sessions.impersonation_id",
  "notifications.user_id",
  "audit_events.actor_id",
]);

type Row = Record<string, unknown>;
let db: Db;
const q = async <T extends Row = Row>(query: SQL): Promise<T[]> => ((await db.execute(query)) as unknown as { rows: T[] }).rows;

/** Every index of a table whose leading column is enterprise_id (the primary key included), not partial. */
async function enterpriseIndexes(): Promise<Map<string, string[]>> {
  const rows = await q<{ table_name: string; index_name: string }>(sql`
    select t.relname as table_name, i.relname as index_name
    from pg_index x
    join pg_class t on t.oid = x.indrelid
    join pg_class i on i.oid = x.indexrelid
    join pg_namespace n on n.oid = t.relnamespace
    join pg_attribute a on a.attrelid = t.oid and a.attnum = x.indkey[0]
    where n.nspname = 'public' and a.attname = 'enterprise_id' and x.indpred is null and x.indisvalid
    order by 1, 2`);
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.table_name, [...(out.get(r.table_name) ?? []), r.index_name]);
  return out;
}

async function tables(): Promise<string[]> {
  const rows = await q<{ table_name: string }>(sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`);
  return rows.map((r) => r.table_name);
}

async function enterpriseColumns(): Promise<Map<string, { nullable: boolean; type: string }>> {
  const rows = await q<{ table_name: string; is_nullable: string; data_type: string }>(
    sql`select table_name, is_nullable, data_type from information_schema.columns where table_schema = 'public' and column_name = 'enterprise_id'`,
  );
  return new Map(rows.map((r) => [r.table_name, { nullable: r.is_nullable === "YES", type: r.data_type }]));
}

const tenantTables = () => Object.entries(TABLES).filter(([, c]) => c.kind === "tenant");

beforeAll(async () => {
  db = await resetDemoData();
});

describe("tenancy: every table is classified", () => {
  it("lists every table of schema public in the map, and nothing else", async () => {
    const found = await tables();
    expect(found.length).toBeGreaterThan(30);
    const unclassified = found.filter((t) => !Object.hasOwn(TABLES, t));
    expect(unclassified, `Classify these tables in TABLES of tests/integration/tenancy.test.ts as tenant, reference or global (ADR 17): ${unclassified.join(", ")}`).toEqual([]);
    const gone = Object.keys(TABLES).filter((t) => !found.includes(t));
    expect(gone, `TABLES names tables the database does not have: ${gone.join(", ")}`).toEqual([]);
    for (const [table, c] of Object.entries(TABLES)) {
      if (c.kind !== "tenant") expect(c.why.trim(), `${table}: say in one line why it is ${c.kind}`).not.toBe("");
    }
  });

  it("gives every tenant table an enterprise_id column and an index leading with it", async () => {
    const columns = await enterpriseColumns();
    const indexes = await enterpriseIndexes();
    const tenant = tenantTables().map(([t]) => t);
    expect(tenant.length).toBeGreaterThan(30);
    const withoutColumn = tenant.filter((t) => !columns.has(t));
    expect(withoutColumn, `Tenant tables without an enterprise_id column: ${withoutColumn.join(", ")}`).toEqual([]);
    const notUuid = tenant.filter((t) => columns.get(t)?.type !== "uuid");
    expect(notUuid, `enterprise_id is not a uuid in: ${notUuid.join(", ")}`).toEqual([]);
    const withoutIndex = tenant.filter((t) => !indexes.get(t)?.length);
    expect(withoutIndex, `Tenant tables without an index (or primary key) whose leading column is enterprise_id: ${withoutIndex.join(", ")}`).toEqual([]);
  });

  it("keeps enterprise_id NOT NULL on tenant tables, except where the map says why", async () => {
    const columns = await enterpriseColumns();
    const nullableUnexplained = tenantTables()
      .filter(([t, c]) => c.kind === "tenant" && !c.nullable && columns.get(t)?.nullable)
      .map(([t]) => t);
    expect(nullableUnexplained, `enterprise_id is nullable without a reason in TABLES (make it NOT NULL, or say why): ${nullableUnexplained.join(", ")}`).toEqual([]);
    // An exception that no longer holds is removed from the map, so the map stays the truth.
    const staleExceptions = tenantTables()
      .filter(([t, c]) => c.kind === "tenant" && c.nullable && !columns.get(t)?.nullable)
      .map(([t]) => t);
    expect(staleExceptions, `enterprise_id is NOT NULL now: drop the nullable reason of ${staleExceptions.join(", ")}`).toEqual([]);
    expect(tenantTables().filter(([, c]) => c.kind === "tenant" && !c.nullable).length).toBeGreaterThan(25);
  });

  it("keeps enterprise_id off reference and global tables, and no foreign key from them to a tenant table", async () => {
    const columns = await enterpriseColumns();
    const shared = Object.entries(TABLES).filter(([, c]) => c.kind !== "tenant").map(([t]) => t);
    expect(shared.sort()).toEqual(["login_throttle", "offering_prices", "product_offerings"]);
    const owned = shared.filter((t) => columns.has(t));
    expect(owned, `These carry enterprise_id, so they are tenant tables: ${owned.join(", ")}`).toEqual([]);
    // A replicated (or local) table cannot reference a distributed one.
    const fks = await q<{ child: string; parent: string }>(sql`
      select c.relname as child, p.relname as parent
      from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid
      where k.contype = 'f' and k.connamespace = 'public'::regnamespace`);
    const intoTenants = fks.filter((f) => TABLES[f.child]?.kind !== "tenant" && TABLES[f.parent]?.kind === "tenant").map((f) => `${f.child} → ${f.parent}`);
    expect(intoTenants, `A reference or global table references a tenant table: ${intoTenants.join(", ")}`).toEqual([]);
    expect(fks.filter((f) => TABLES[f.child]?.kind === "tenant" && TABLES[f.parent]?.kind === "reference").length).toBeGreaterThan(0);
  });

  it("reads each tenant table by enterprise through an index leading with enterprise_id (EXPLAIN)", async () => {
    const indexes = await enterpriseIndexes();
    const acme = demoId("node:acme");
    const wrong: string[] = [];
    for (const [table] of tenantTables()) {
      const plan = await db.transaction(async (tx) => {
        // The demo tables are tiny, so a sequential scan would win on cost: the question is only
        // whether an index can answer "this enterprise's rows", and which one.
        await tx.execute(sql`set local enable_seqscan = off`);
        const r = (await tx.execute(sql.raw(`explain (format json) select * from "${table}" where enterprise_id = '${acme}'`))) as unknown as { rows: Row[] };
        const cell = Object.values(r.rows[0]!)[0];
        return (typeof cell === "string" ? JSON.parse(cell) : cell) as { Plan: PlanNode }[];
      });
      const used = indexNames(plan[0]!.Plan);
      if (!used.some((name) => indexes.get(table)?.includes(name))) wrong.push(`${table} (${used.join(", ") || "no index"})`);
    }
    expect(wrong, `These tenant tables are not read by enterprise through an enterprise_id index: ${wrong.join("; ")}`).toEqual([]);
  });
});

type PlanNode = { "Node Type": string; "Index Name"?: string; Plans?: PlanNode[] };
const indexNames = (node: PlanNode): string[] => [...(node["Index Name"] ? [node["Index Name"]] : []), ...(node.Plans ?? []).flatMap(indexNames)];

describe("tenancy: rows stay in their enterprise", () => {
  const user = (email: string) => demoId(`user:${email}`);
  const client = { address: "203.0.113.9", userAgent: "vitest" };

  /** Something of everything the demo data has none of: sessions, a support session, an order with its request key. */
  async function activity() {
    const orderer = await contextFor(db, "orderer@acme.example");
    const [active] = await db.select({ id: contracts.id }).from(contracts).where(and(eq(contracts.enterpriseId, demoId("node:acme")), eq(contracts.status, "active")));
    const input = createOrderInput.parse({
      contractId: active!.id,
      purchaseOrderNumber: "PO-TENANCY",
      lines: [{ offeringId: demoId("offering:FIBRE-1G"), siteId: demoId("site:london"), subAccountId: demoId("node:london"), quantity: 1 }],
      requestKey: randomUUID(),
    });
    const first = await createOrder(db, orderer, input);
    // The retry is answered from the key, kept in the orderer's enterprise.
    expect(await createOrder(db, orderer, input)).toEqual(first);
    const [key] = await db.select().from(requestKeys).where(eq(requestKeys.key, input.requestKey));
    expect(key).toMatchObject({ enterpriseId: demoId("node:acme"), userId: user("orderer@acme.example"), action: "order.create" });
    // CSP staff belong to no enterprise: no request of theirs takes a key.
    await expect(createOrder(db, await contextFor(db, "csp.admin@csp.example"), { ...input, requestKey: randomUUID() })).rejects.toBeInstanceOf(ForbiddenError);

    await createSession(db, { id: user("admin@acme.example"), enterpriseId: demoId("node:acme") }, client);
    const session = await createSession(db, { id: user("am@csp.example"), enterpriseId: null }, client);
    const am = await contextFor(db, "am@csp.example");
    const switched = await startImpersonation(db, am, { id: session.id, userId: session.userId }, { userId: user("orderer@acme.example"), reason: "Tenancy test", minutes: 30 }, client);
    const seen = (await loadSessionPrincipal(db, switched.sessionId))!;
    await stopImpersonation(db, { principal: seen.principal, ability: defineAbilityFor(seen.principal), requestId: "tenancy" }, { id: seen.session.id, userId: seen.session.userId }, client);
  }

  it("joins rows of one enterprise along every foreign key between tenant tables, CSP staff aside", async () => {
    await activity();
    const fks = await q<{ name: string; child: string; parent: string; child_cols: string[]; parent_cols: string[] }>(sql`
      select k.conname as name, c.relname as child, p.relname as parent,
        array(select a.attname::text from unnest(k.conkey) with ordinality u(n, i) join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.n order by u.i) as child_cols,
        array(select a.attname::text from unnest(k.confkey) with ordinality u(n, i) join pg_attribute a on a.attrelid = k.confrelid and a.attnum = u.n order by u.i) as parent_cols
      from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid
      where k.contype = 'f' and k.connamespace = 'public'::regnamespace
      order by 2, 1`);
    const between = fks.filter((f) => TABLES[f.child]?.kind === "tenant" && TABLES[f.parent]?.kind === "tenant" && !(f.child_cols.length === 1 && f.child_cols[0] === "enterprise_id"));
    expect(between.length).toBeGreaterThan(50);
    for (const name of CSP_STAFF_REFERENCES) expect(between.map((f) => `${f.child}.${f.child_cols.join(",")}`), `${name} is not a foreign key between tenant tables`).toContain(name);

    const crossTenant: string[] = [];
    const toCspUnlisted: string[] = [];
    let joined = 0;
    for (const f of between) {
      const on = f.child_cols.map((c, i) => `p."${f.parent_cols[i]}" = c."${c}"`).join(" and ");
      const [r] = await q<{ n: number; foreign: number; csp: number }>(
        sql.raw(`select count(*)::int as n,
          count(*) filter (where c.enterprise_id <> p.enterprise_id)::int as foreign,
          count(*) filter (where (c.enterprise_id is null) <> (p.enterprise_id is null))::int as csp
          from "${f.child}" c join "${f.parent}" p on ${on}`),
      );
      joined += r!.n;
      const label = `${f.child}.${f.child_cols.join(",")}`;
      if (r!.foreign > 0) crossTenant.push(`${label} → ${f.parent} (${r!.foreign} rows)`);
      if (r!.csp > 0 && !CSP_STAFF_REFERENCES.has(label)) toCspUnlisted.push(`${label} → ${f.parent} (${r!.csp} rows)`);
    }
    expect(joined).toBeGreaterThan(500);
    expect(crossTenant, `Rows joined by a foreign key belong to different enterprises (an isolation bug): ${crossTenant.join("; ")}`).toEqual([]);
    expect(toCspUnlisted, `Rows of an enterprise and of no enterprise (CSP staff) are joined by a foreign key not in CSP_STAFF_REFERENCES (ADR 17): ${toCspUnlisted.join("; ")}`).toEqual([]);
  });
});
