import { and, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { bills } from "@/db/schema";
import { AGEING_BUCKETS, ageingBucket, ageingBucketWhere, BILL_STATES, billState, billStateWhere } from "@/lib/billing/state";
import { resetDemoData } from "../support/db";

let db: Db;
beforeAll(async () => {
  db = await resetDemoData();
});

const shift = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Days on and around every bucket edge of some bill's due date, and a day far from them all. */
async function todays() {
  const all = await db.select().from(bills);
  const due = all[0]!.dueOn;
  return { all, days: ["2026-12-03", ...[-1, 0, 1, 30, 31, 60, 61, 90, 91].map((d) => shift(due, d))] };
}

describe("bill state and ageing as plain SQL comparisons", () => {
  it("select exactly the bills the state rule puts in each state, on every day around a due date", async () => {
    // Make some bills part-paid and paid in full, so that every state has members.
    await db.execute(sql`update bills set paid_minor = total_minor / 2 where number like '%1'`);
    await db.execute(sql`update bills set paid_minor = total_minor where number like '%2'`);
    const { all, days } = await todays();
    for (const today of days) {
      for (const state of BILL_STATES) {
        const got = (await db.select({ id: bills.id }).from(bills).where(billStateWhere(state, today))).map((r) => r.id).sort();
        const expected = all.filter((b) => billState(b, today) === state).map((b) => b.id).sort();
        expect(got, `${state} on ${today}`).toEqual(expected);
      }
    }
  });

  it("select exactly the unpaid bills of each ageing bucket", async () => {
    const { all, days } = await todays();
    for (const today of days) {
      for (const bucket of AGEING_BUCKETS) {
        const got = (await db.select({ id: bills.id }).from(bills).where(and(sql`${bills.paidMinor} < ${bills.totalMinor}`, ageingBucketWhere(bucket, today)))).map((r) => r.id).sort();
        const expected = all.filter((b) => b.paidMinor < b.totalMinor && ageingBucket(b.dueOn, today) === bucket).map((b) => b.id).sort();
        expect(got, `${bucket} on ${today}`).toEqual(expected);
      }
    }
  });
});
