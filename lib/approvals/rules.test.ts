import { describe, expect, it } from "vitest";
import { approverTiers, escalationDueAt, exceedsSpendLimit, monthStartIn, requiredLevels, routedApprovers, waitingLevel } from "./rules";

/** The demo policy: thresholds of 10,000.00 and 100,000.00 in the order's currency. */
const THRESHOLDS = [1_000_000, 10_000_000];

describe("approval levels", () => {
  it("none at or below the first threshold", () => {
    expect(requiredLevels(0, THRESHOLDS)).toBe(0);
    expect(requiredLevels(999_999, THRESHOLDS)).toBe(0);
    expect(requiredLevels(1_000_000, THRESHOLDS)).toBe(0);
  });

  it("one level for each threshold the total exceeds", () => {
    expect(requiredLevels(1_000_001, THRESHOLDS)).toBe(1);
    expect(requiredLevels(10_000_000, THRESHOLDS)).toBe(1);
    expect(requiredLevels(10_000_001, THRESHOLDS)).toBe(2);
    expect(requiredLevels(1e12, THRESHOLDS)).toBe(2);
  });

  it("whatever the order the thresholds are stored in", () => {
    expect(requiredLevels(10_000_001, [...THRESHOLDS].reverse())).toBe(2);
    expect(requiredLevels(5_000_000, [...THRESHOLDS].reverse())).toBe(1);
  });

  it("none without a policy", () => {
    expect(requiredLevels(1e12, [])).toBe(0);
  });

  it("at least one when the orderer is over its monthly spend limit, even below the first threshold", () => {
    expect(requiredLevels(100, THRESHOLDS, true)).toBe(1);
    expect(requiredLevels(0, [], true)).toBe(1);
    // …and no extra level when thresholds already require some.
    expect(requiredLevels(10_000_001, THRESHOLDS, true)).toBe(2);
    expect(requiredLevels(1_000_001, THRESHOLDS, true)).toBe(1);
  });
});

describe("the waiting level", () => {
  it("is the one after the approved ones", () => {
    expect(waitingLevel([])).toBe(1);
    expect(waitingLevel([{ level: 1, decision: "approved" }])).toBe(2);
  });
});

describe("escalation", () => {
  const since = new Date("2026-11-02T09:00:00Z");
  it("is due every escalation period the level has waited", () => {
    expect(escalationDueAt(since, 48, 0).toISOString()).toBe("2026-11-04T09:00:00.000Z");
    expect(escalationDueAt(since, 48, 1).toISOString()).toBe("2026-11-06T09:00:00.000Z");
    expect(escalationDueAt(since, 1, 0).toISOString()).toBe("2026-11-02T10:00:00.000Z");
  });

  const approvers = [
    { id: "cfo", scopePath: "/a/" },
    { id: "approver", scopePath: "/a/uk/" },
    { id: "finance", scopePath: "/a/uk/" },
    { id: "local", scopePath: "/a/uk/ba/" },
  ];
  it("groups approvers by their scope, nearest first", () => {
    expect(approverTiers(approvers).map((t) => t.map((a) => a.id))).toEqual([["local"], ["approver", "finance"], ["cfo"]]);
  });
  it("routes to the nearest tier, and one more with each escalation", () => {
    expect(routedApprovers(approvers, 0).map((a) => a.id)).toEqual(["local"]);
    expect(routedApprovers(approvers, 1).map((a) => a.id)).toEqual(["local", "approver", "finance"]);
    expect(routedApprovers(approvers, 5).map((a) => a.id)).toEqual(["local", "approver", "finance", "cfo"]);
    expect(routedApprovers([], 0)).toEqual([]);
  });
});

describe("the monthly spend limit", () => {
  it("counts this month's orders plus this one", () => {
    expect(exceedsSpendLimit(2_000_000, 400_000, 2_500_000)).toBe(false);
    expect(exceedsSpendLimit(2_000_000, 500_000, 2_500_000)).toBe(false); // exactly at the limit
    expect(exceedsSpendLimit(2_000_000, 500_001, 2_500_000)).toBe(true);
    expect(exceedsSpendLimit(99_999_999, 1, null)).toBe(false); // no limit
  });
  it("starts the month in the orderer's time zone", () => {
    // 00:30 on 1 December in London is still 30 November in New York.
    const now = new Date("2026-12-01T00:30:00Z");
    expect(monthStartIn("Europe/London", now).toISOString()).toBe("2026-12-01T00:00:00.000Z");
    expect(monthStartIn("America/New_York", now).toISOString()).toBe("2026-11-01T04:00:00.000Z");
    expect(monthStartIn("Europe/Berlin", new Date("2026-07-15T12:00:00Z")).toISOString()).toBe("2026-06-30T22:00:00.000Z");
  });
});
