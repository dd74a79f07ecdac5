import { describe, expect, it } from "vitest";
import { ATTENTION_COUNT_CAP, attentionCount, attentionLevel, attentionSortKey, NO_ATTENTION, renewalHorizon, staleBefore, today, type Attention } from "./attention";

const a = (over: Partial<Attention>): Attention => ({ ...NO_ATTENTION, ...over });

describe("what needs attention", () => {
  const now = new Date("2026-12-04T12:00:00Z");

  it("counts each item once, amounts aside", () => {
    expect(attentionCount(NO_ATTENTION)).toBe(0);
    expect(attentionCount({ staleApprovals: 2, overdueBills: 3, overdue: [{ currency: "GBP", amountMinor: 9_999_999 }], openDisputes: 1, pendingInvitations: 4, renewals: 1 })).toBe(11);
  });

  it("an approval is stale after 48 hours; a contract is near renewal within 90 days; bills fall due by the UTC day", () => {
    expect(staleBefore(now)).toEqual(new Date("2026-12-02T12:00:00Z"));
    expect(renewalHorizon(now)).toBe("2027-03-04");
    expect(today(new Date("2026-12-04T23:59:59Z"))).toBe("2026-12-04");
  });

  it.each([
    [NO_ATTENTION, "none"],
    [a({ pendingInvitations: 1 }), "watch"],
    [a({ renewals: 2 }), "watch"],
    [a({ staleApprovals: 1 }), "act"],
    [a({ overdueBills: 1, overdue: [{ currency: "EUR", amountMinor: 100 }] }), "act"],
    [a({ openDisputes: 1, pendingInvitations: 5 }), "act"],
  ] as const)("level of %o is %s", (attention, level) => {
    expect(attentionLevel(attention)).toBe(level);
  });

  it("sorts by level first, then by how many items", () => {
    const ranked = [a({ openDisputes: 1 }), a({ pendingInvitations: 40, renewals: 3 }), a({ staleApprovals: 2, overdueBills: 1 }), NO_ATTENTION, a({ renewals: 1 })];
    const order = [...ranked].sort((x, y) => attentionSortKey(y) - attentionSortKey(x));
    expect(order).toEqual([ranked[2], ranked[0], ranked[1], ranked[4], NO_ATTENTION]);
    // One "act" item outranks any number of "watch" items, even past the cap.
    expect(attentionSortKey(a({ overdueBills: 1 }))).toBeGreaterThan(attentionSortKey(a({ pendingInvitations: ATTENTION_COUNT_CAP * 3 })));
    expect(attentionSortKey(NO_ATTENTION)).toBe(0);
  });
});
