import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { demoId } from "@/lib/demo/ids";
import { accessReviewList } from "@/lib/access-review/list";
import { reviewCounts } from "@/lib/access-review/queries";
import { resetDemoData } from "../support/db";
import { contextFor } from "../support/principals";

/** The access review with 20,000 people in scope: paged in SQL, every page as quick as the first. */
let db: Db;
const node = (key: string) => demoId(`node:${key}`);
const UNITS = ["london", "manchester", "edinburgh", "acme-uk", "berlin"];

beforeAll(async () => {
  db = await resetDemoData();
  // 20,000 people spread over the UK units (and 5,000 in Berlin, outside uk.admin's scope); every
  // tenth has a role ending soon, every seventh signed in recently.
  await db.execute(sql`
    insert into users (id, email, name, enterprise_id, unit_node_id, status, created_at, last_sign_in_at)
    select gen_random_uuid(), 'bulk' || g || '@acme.example', 'Bulk ' || lpad(g::text, 5, '0'), ${node("acme")},
      (array[${node(UNITS[0]!)}, ${node(UNITS[1]!)}, ${node(UNITS[2]!)}, ${node(UNITS[3]!)}, ${node(UNITS[4]!)}])[1 + g % 5]::uuid,
      'active', now() - interval '200 days', case when g % 7 = 0 then now() - interval '3 days' end
    from generate_series(1, 25000) g`);
  await db.execute(sql`
    insert into role_assignments (user_id, enterprise_id, role, scope_node_id, expires_at)
    select u.id, u.enterprise_id, 'technical_admin', u.unit_node_id, case when row_number() over (order by u.email) % 10 = 0 then now() + interval '5 days' end
    from users u where u.email like 'bulk%'`);
  await db.execute(sql`analyze`);
}, 120_000);

describe("access review at 20,000 people", () => {
  it("pages and counts in SQL", async () => {
    const { ability } = await contextFor(db, "uk.admin@acme.example");
    const started = performance.now();
    const first = await accessReviewList.page(db, { ability }, accessReviewList.parse({}));
    const deep = await accessReviewList.page(db, { ability }, accessReviewList.parse({ page: "390" }));
    const flagged = await accessReviewList.page(db, { ability }, accessReviewList.parse({ flag: "expiring", page: "20" }));
    const counts = await reviewCounts(db, ability);
    const elapsed = performance.now() - started;
    expect(first.total).toBe(20_006);
    expect(first.rows).toHaveLength(50);
    expect(deep.rows).toHaveLength(50);
    expect(deep.rows.every((r) => r.assignments.length === 1)).toBe(true);
    expect(flagged.rows.every((r) => r.flags.includes("expiring"))).toBe(true);
    expect(counts.people).toBe(20_006);
    expect(counts.expiring).toBe(flagged.total);
    console.log(`access review, 20,000 people: 3 pages and the counts in ${Math.round(elapsed)} ms`);
  });
});
