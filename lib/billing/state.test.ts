import { describe, expect, it } from "vitest";
import { ageingBucket, balanceMinor, billState, dueOn } from "./state";

describe("bill state", () => {
  const bill = (paidMinor: number, due = "2026-11-30") => ({ totalMinor: 10_000, paidMinor, dueOn: due });
  it("is paid once the payments reach the total, whatever the date", () => {
    expect(billState(bill(10_000), "2027-06-01")).toBe("paid");
    expect(billState({ totalMinor: -500, paidMinor: 0, dueOn: "2026-11-30" }, "2027-01-01")).toBe("paid"); // a credit bill: nothing to pay
  });
  it("is overdue from the day after its due date while anything is unpaid", () => {
    expect(billState(bill(0), "2026-11-30")).toBe("issued");
    expect(billState(bill(0), "2026-12-01")).toBe("overdue");
    expect(billState(bill(4_000), "2026-12-01")).toBe("overdue");
  });
  it("is part-paid before its due date when some was paid", () => {
    expect(billState(bill(4_000), "2026-11-15")).toBe("part_paid");
    expect(balanceMinor(bill(4_000))).toBe(6_000);
    expect(balanceMinor(bill(12_000))).toBe(0);
  });
});

describe("due date and ageing", () => {
  it("adds the payment terms' days to the issue day", () => {
    expect(dueOn("2026-11-01", "net_30")).toBe("2026-12-01");
    expect(dueOn("2026-11-01", "net_60")).toBe("2026-12-31");
    expect(dueOn("2026-12-15", "net_90")).toBe("2027-03-15");
  });
  it("buckets days past due as the usual ageing report does", () => {
    expect(ageingBucket("2026-12-01", "2026-12-01")).toBe("current");
    expect(ageingBucket("2026-12-01", "2026-12-02")).toBe("1-30");
    expect(ageingBucket("2026-12-01", "2026-12-31")).toBe("1-30");
    expect(ageingBucket("2026-12-01", "2027-01-01")).toBe("31-60");
    expect(ageingBucket("2026-12-01", "2027-01-31")).toBe("61-90");
    expect(ageingBucket("2026-12-01", "2027-03-01")).toBe("61-90");
    expect(ageingBucket("2026-12-01", "2027-03-02")).toBe("90+");
  });
});
