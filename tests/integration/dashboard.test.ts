import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { bills } from "@/db/schema";
import { ageingBucket } from "@/lib/billing/state";
import { dashboardFor } from "@/lib/dashboard/queries";
import { demoId } from "@/lib/demo/ids";
import { resetDemoData } from "../support/db";
import { contextFor } from "../support/principals";

let db: Db;
beforeAll(async () => {
  db = await resetDemoData();
});

describe("the dashboard", () => {
  it("sums what is unpaid per currency and age, as the bills hold it, for a whole-enterprise admin", async () => {
    const c = await contextFor(db, "admin@acme.example");
    const data = await dashboardFor(db, c.ability);
    const today = new Date().toISOString().slice(0, 10);
    const open = (await db.select().from(bills)).filter((b) => b.enterpriseId === demoId("node:acme") && b.paidMinor < b.totalMinor);
    expect(open.length).toBeGreaterThan(0);
    const expected = new Map<string, number>();
    for (const b of open) {
      const key = `${b.currency} ${ageingBucket(b.dueOn, today)}`;
      expected.set(key, (expected.get(key) ?? 0) + b.totalMinor - b.paidMinor);
    }
    const got = new Map(data.ageing!.map((r) => [`${r.currency} ${r.bucket}`, r.openMinor]));
    expect(got).toEqual(expected);
    expect(data.ageing!.reduce((n, r) => n + r.bills, 0)).toBe(open.length);
  });

  it("answers for every demo role without an error, and shows bills only to those who may read them", async () => {
    for (const email of ["uk.admin@acme.example", "billing@acme.example", "de.billing@acme.example", "orderer@acme.example", "approver@acme.example", "siteadmin@acme.example", "am@csp.example", "csp.admin@csp.example"]) {
      const c = await contextFor(db, email);
      const data = await dashboardFor(db, c.ability);
      expect(data.ageing === null).toBe(!c.ability.can("read", "Bill"));
    }
  });
});
