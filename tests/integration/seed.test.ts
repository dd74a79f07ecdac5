import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { seed } from "@/lib/demo/seed";
import { USERS } from "@/lib/demo/data";
import { resetDemoData } from "../support/db";

let db: Db;
beforeAll(async () => {
  db = await resetDemoData();
});

const TABLES = ["account_nodes", "users", "role_assignments", "sites", "contracts", "contract_price_items", "contract_volume_bands", "bills", "bill_splits", "approval_policies"];

/**
 * Orders are placed through the ordering functions, which generate their rows' ids: those tables
 * are compared by content, keyed by order number, without the generated ids.
 */
const BY_CONTENT: Record<string, string> = {
  orders: "select to_jsonb(o) - 'id' as x from orders o",
  order_lines: "select to_jsonb(l) - 'id' - 'order_id' || jsonb_build_object('order', o.number) as x from order_lines l join orders o on o.id = l.order_id",
  approval_decisions: "select to_jsonb(d) - 'id' - 'order_id' || jsonb_build_object('order', o.number) as x from approval_decisions d join orders o on o.id = d.order_id",
  order_events: "select to_jsonb(e) - 'id' - 'order_id' || jsonb_build_object('order', o.number) as x from order_events e join orders o on o.id = e.order_id",
  services: "select to_jsonb(s) - 'id' - 'order_line_id' as x from services s",
  // Disputes are raised through their function too (generated ids); a credit line names its dispute.
  bill_disputes: "select to_jsonb(d) - 'id' as x from bill_disputes d",
  bill_payments: "select to_jsonb(p) - 'id' as x from bill_payments p",
  bill_lines: "select to_jsonb(l) - 'dispute_id' as x from bill_lines l",
};

async function snapshot() {
  const out: Record<string, unknown> = {};
  const first = (rows: unknown) => (rows as { rows: unknown[] }).rows?.[0] ?? (rows as unknown[])[0];
  for (const t of TABLES) {
    out[t] = first(await db.execute(sql.raw(`select md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h, count(*)::int as n from ${t} x`)));
  }
  for (const [t, query] of Object.entries(BY_CONTENT)) {
    out[t] = first(await db.execute(sql.raw(`select md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h, count(*)::int as n from (${query}) q`)));
  }
  return out;
}

describe("demo seed", () => {
  it("creates exactly the demo data of DESIGN.md", async () => {
    const q = async (s: string) => ((await db.execute(sql.raw(s))) as unknown as { rows: Record<string, unknown>[] }).rows;
    expect((await q("select email from users order by email")).map((r) => r.email)).toEqual(USERS.map((u) => u.email).sort());
    expect(await q("select kind, count(*)::int as n from account_nodes group by kind order by kind")).toEqual([
      { kind: "enterprise", n: 2 },
      { kind: "legal_entity", n: 3 },
      { kind: "billing_account", n: 3 },
      { kind: "sub_account", n: 7 },
    ]);
    // Each sub-account has a site; orders in every state; six months of bills per billing account.
    expect((await q("select count(*)::int as n from account_nodes n where kind = 'sub_account' and not exists (select 1 from sites s where s.sub_account_id = n.id)"))[0]!.n).toBe(0);
    // Every state an order rests in ("submitted" is passed through on submission: the timeline shows it).
    expect((await q("select distinct status from orders order by status")).map((r) => r.status)).toEqual(["draft", "pending_approval", "approved", "rejected", "in_progress", "completed", "cancelled"]);
    expect((await q("select count(*)::int as n from order_events where kind = 'submitted'"))[0]!.n).toBe(6);
    expect((await q("select count(*)::int as n from bills group by billing_account_id")).map((r) => r.n)).toEqual([6, 6, 6]);
    // The three-year framework contract in versions: v1 superseded, v2 in force (its orders), v3 an amendment in draft.
    expect(await q("select version, status, payment_terms, starts_on::text, ends_on::text from contracts order by version")).toEqual([
      { version: 1, status: "superseded", payment_terms: "net_30", starts_on: "2025-01-01", ends_on: "2027-12-31" },
      { version: 2, status: "active", payment_terms: "net_60", starts_on: "2025-01-01", ends_on: "2027-12-31" },
      { version: 3, status: "draft", payment_terms: "net_60", starts_on: "2025-01-01", ends_on: "2028-12-31" },
    ]);
    expect((await q("select count(*)::int as n from orders o join contracts c on c.id = o.contract_id where c.status <> 'active'"))[0]!.n).toBe(0);
    expect((await q("select count(*)::int as n from contract_price_items where committed_quantity > 0"))[0]!.n).toBeGreaterThan(0);
    // Bill totals are sums of rounded lines.
    expect(
      (await q("select count(*)::int as n from bills b where b.total_minor <> (select coalesce(sum(amount_minor + tax_minor), 0) from bill_lines l where l.bill_id = b.id)"))[0]!.n,
    ).toBe(0);
  });

  it("is deterministic: running it twice leaves the same state", async () => {
    const before = await snapshot();
    await seed(db);
    const after = await snapshot();
    for (const k of Object.keys(before)) expect(after[k], k).toEqual(before[k]);
  });
});
