/**
 * The scale bench's case for one bill (issue 9): the page of the large enterprise's largest bill
 * (most lines) as the bill page reads it — authorization, the bill with its account and legal
 * entity, the splits by sub-account, site and product, the first page of lines, payments,
 * disputes and the change against the month before — against hand-written SQL for the same
 * result on the same connection. Used by scale.ts.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Executor } from "../../db/client";
import type { AppAbility } from "../../lib/authz/ability";
import { BILL_LINES_PAGE, getBill } from "../../lib/billing/queries";

type Result = { ids: string[]; total: number };
type Person = { userId: string; ability: AppAbility; principal: { userId: string } };

export async function billCases(db: Executor, admin: Person, adminEmail: string) {
  const run = async (query: SQL) => (await db.execute(query)).rows as Record<string, unknown>[];
  const [largest] = await run(sql`select s.bill_id, sum(s.lines)::int as lines from bill_splits s where s.dimension = 'sub_account' group by s.bill_id order by 2 desc limit 1`);
  const billId = String(largest!.bill_id);

  const page = async (): Promise<Result> => {
    const view = await getBill(db, admin.ability, admin.principal, billId);
    const splitSum = [view.bySubAccount, view.bySite, view.byOffering].map((s) => s.reduce((n, r) => n + r.totalMinor, 0));
    if (splitSum.some((n) => n !== view.bill.totalMinor)) throw new Error("a split does not add up to the bill");
    return { ids: [...view.lines.rows.map((r) => r.id), ...view.bySubAccount.map((r) => String(r.keyId)), ...view.bySite.map((r) => String(r.keyId))], total: view.lines.total };
  };

  /** The same reads by hand: the scope check is the enterprise admin's subtree on the bill's account. */
  const raw = async (): Promise<Result> => {
    const [scope] = await run(sql`select b.id from bills b join account_nodes n on n.id = b.billing_account_id
      where b.id = ${billId} and exists (select 1 from role_assignments ra join account_nodes s on s.id = ra.scope_node_id where ra.user_id = ${admin.userId} and ra.role = 'enterprise_admin' and n.path like s.path || '%')`);
    if (!scope) throw new Error("not found");
    const [bill] = await run(sql`select b.*, a.name as account_name, a.code, a.bill_to_contact, le.name as le_name, le.registration_number, le.tax_id, le.country_code
      from bills b join account_nodes a on a.id = b.billing_account_id left join account_nodes le on le.id = a.parent_id where b.id = ${billId}`);
    const split = (dimension: string, names: SQL) =>
      run(sql`select s.key_id, ${names} as name, s.amount_minor, s.tax_minor, s.lines from bill_splits s where s.bill_id = ${billId} and s.dimension = ${dimension} order by s.amount_minor + s.tax_minor desc, s.key_id asc`);
    const [bySub, bySite, byOffering, lines, count, payments, disputes, previous] = await Promise.all([
      split("sub_account", sql`(select n.name from account_nodes n where n.id = s.key_id)`),
      split("site", sql`(select x.name from sites x where x.id = s.key_id)`),
      split("offering", sql`(select o.name from product_offerings o where o.id = s.key_id)`),
      run(sql`select l.id, l.kind, l.description, l.quantity, l.amount_minor, l.tax_minor, sa.name as sub_account_name, st.name as site_name, o.name as offering_name,
          (select d.status from bill_disputes d where d.bill_line_id = l.id order by d.created_at desc limit 1) as dispute_status
        from bill_lines l join account_nodes sa on sa.id = l.sub_account_id left join sites st on st.id = l.site_id left join product_offerings o on o.id = l.offering_id
        where l.bill_id = ${billId} order by sa.name asc, st.name asc, l.description asc, l.id asc limit ${BILL_LINES_PAGE}`),
      run(sql`select count(*)::int as n from bill_lines l where l.bill_id = ${billId}`),
      run(sql`select p.*, u.name from bill_payments p left join users u on u.id = p.recorded_by_id where p.bill_id = ${billId} order by p.received_on, p.created_at`),
      run(sql`select d.*, l.description, u.name from bill_disputes d join bill_lines l on l.id = d.bill_line_id left join users u on u.id = d.raised_by_id where d.bill_id = ${billId} order by d.created_at desc`),
      run(sql`select p.id, p.period_start, s.key_id, (select n.name from account_nodes n where n.id = s.key_id) as name, s.amount_minor, s.tax_minor, s.lines
        from bills p left join bill_splits s on s.bill_id = p.id and s.dimension = 'sub_account'
        where p.billing_account_id = ${bill!.billing_account_id} and p.period_start = (${bill!.period_start}::date - interval '1 month')::date`),
    ]);
    void previous;
    void payments;
    void disputes;
    void byOffering;
    return { ids: [...lines.map((r) => String(r.id)), ...bySub.map((r) => String(r.key_id)), ...bySite.map((r) => String(r.key_id))], total: Number(count[0]!.n) };
  };

  return { billId, cases: [{ name: `bill page, largest bill (${largest!.lines} lines)`, as: adminEmail, page, raw }] };
}
