import { describe, expect, it } from "vitest";
import { requiredLevels } from "./levels";

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
