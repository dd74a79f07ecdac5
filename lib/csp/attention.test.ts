import { describe, expect, it } from "vitest";
import { attentionCount, NO_ATTENTION, renewalHorizon, staleBefore } from "./attention";

describe("what needs attention", () => {
  const now = new Date("2026-12-04T12:00:00Z");
  it("counts each item once, amounts aside", () => {
    expect(attentionCount(NO_ATTENTION)).toBe(0);
    expect(attentionCount({ staleApprovals: 2, overdueBills: 3, overdue: [{ currency: "GBP", amountMinor: 9_999_999 }], openDisputes: 1, pendingInvitations: 4, renewals: 1 })).toBe(11);
  });
  it("an approval is stale after 48 hours; a contract is near renewal within 90 days", () => {
    expect(staleBefore(now)).toEqual(new Date("2026-12-02T12:00:00Z"));
    expect(renewalHorizon(now)).toBe("2027-03-04");
  });
});
