import { sql, type SQL } from "drizzle-orm";
import { bills } from "../../db/schema";

/**
 * A bill's state follows from what was paid and when it is due, so it is never stale and needs no
 * job: paid in full; overdue (unpaid past its due date, part-paid or not); part-paid; issued.
 */
export const BILL_STATES = ["issued", "part_paid", "overdue", "paid"] as const;
export type BillState = (typeof BILL_STATES)[number];

/** `today` is a date (YYYY-MM-DD): the bill is overdue from the day after its due date. */
export function billState(bill: { totalMinor: number; paidMinor: number; dueOn: string }, today: string): BillState {
  if (bill.paidMinor >= bill.totalMinor) return "paid";
  if (bill.dueOn < today) return "overdue";
  if (bill.paidMinor > 0) return "part_paid";
  return "issued";
}

/** The same rule in SQL, for lists that filter and sort by state. */
export function billStateSql(today: string): SQL<BillState> {
  return sql<BillState>`(case when ${bills.paidMinor} >= ${bills.totalMinor} then 'paid' when ${bills.dueOn} < ${today}::date then 'overdue' when ${bills.paidMinor} > 0 then 'part_paid' else 'issued' end)`;
}

/**
 * The bills in one state, as plain comparisons on the columns rather than the CASE above: the
 * planner estimates these from the columns' statistics (it guesses blindly at a CASE), so a state
 * filter over a large enterprise's bills plans like the hand-written query.
 */
export function billStateWhere(state: BillState, today: string): SQL {
  const unpaid = sql`${bills.paidMinor} < ${bills.totalMinor}`;
  switch (state) {
    case "paid":
      return sql`${bills.paidMinor} >= ${bills.totalMinor}`;
    case "overdue":
      return sql`(${unpaid} and ${bills.dueOn} < ${today}::date)`;
    case "part_paid":
      return sql`(${unpaid} and ${bills.dueOn} >= ${today}::date and ${bills.paidMinor} > 0)`;
    case "issued":
      return sql`(${unpaid} and ${bills.dueOn} >= ${today}::date and ${bills.paidMinor} <= 0)`;
  }
}

/** What is still to pay. */
export function balanceMinor(bill: { totalMinor: number; paidMinor: number }): number {
  return Math.max(0, bill.totalMinor - bill.paidMinor);
}

export const AGEING_BUCKETS = ["current", "1-30", "31-60", "61-90", "90+"] as const;
export type AgeingBucket = (typeof AGEING_BUCKETS)[number];

/** Days past due (0 when not yet due) into the usual ageing buckets. */
export function ageingBucket(dueOn: string, today: string): AgeingBucket {
  const days = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${dueOn}T00:00:00Z`)) / 86_400_000);
  if (days <= 0) return "current";
  if (days <= 30) return "1-30";
  if (days <= 60) return "31-60";
  if (days <= 90) return "61-90";
  return "90+";
}

/** The same buckets in SQL over a bill's due date. */
export function ageingBucketSql(today: string): SQL<AgeingBucket> {
  const days = sql`(${today}::date - ${bills.dueOn})`;
  return sql<AgeingBucket>`(case when ${days} <= 0 then 'current' when ${days} <= 30 then '1-30' when ${days} <= 60 then '31-60' when ${days} <= 90 then '61-90' else '90+' end)`;
}

/** The bills in one ageing bucket, as a range of due dates (see billStateWhere for why). */
export function ageingBucketWhere(bucket: AgeingBucket, today: string): SQL {
  // days past due = today - due_on; a bucket [lo, hi] of days is due_on in [today - hi, today - lo].
  const RANGES: Record<AgeingBucket, [number | null, number | null]> = { current: [null, 0], "1-30": [1, 30], "31-60": [31, 60], "61-90": [61, 90], "90+": [91, null] };
  const [lo, hi] = RANGES[bucket];
  const parts = [
    lo !== null ? sql`${bills.dueOn} <= ${today}::date - ${lo}::int` : undefined,
    hi !== null ? sql`${bills.dueOn} >= ${today}::date - ${hi}::int` : undefined,
  ].filter((p): p is SQL => p !== undefined);
  return sql`(${sql.join(parts, sql` and `)})`;
}

const TERMS_DAYS = { net_30: 30, net_60: 60, net_90: 90 } as const;

/** The due date: the issue date plus the payment terms' days. */
export function dueOn(issuedOn: string, terms: keyof typeof TERMS_DAYS): string {
  return new Date(Date.parse(`${issuedOn}T00:00:00Z`) + TERMS_DAYS[terms] * 86_400_000).toISOString().slice(0, 10);
}
