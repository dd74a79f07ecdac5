import { describe, expect, it } from "vitest";
import { MAIL_GRACE_SECONDS, MAIL_LEASE_SECONDS, MAIL_MAX_ATTEMPTS, refusalOf, retryDelaySeconds } from "./retry";

describe("mail retry rules", () => {
  it("waits 1, 2, 4, … minutes after each failed try, at most four hours", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map(retryDelaySeconds)).toEqual([60, 120, 240, 480, 960, 1920, 3840, 7680, 14400]);
    expect(retryDelaySeconds(1000)).toBe(14400);
    expect(retryDelaySeconds(0)).toBe(60);
  });

  it("gives up after hours, not minutes, and lets the instance send first", () => {
    const waited = Array.from({ length: MAIL_MAX_ATTEMPTS - 1 }, (_, i) => retryDelaySeconds(i + 1)).reduce((a, b) => a + b, 0);
    expect(waited / 3600).toBeGreaterThan(8);
    expect(waited / 3600).toBeLessThan(9);
    expect(MAIL_GRACE_SECONDS).toBeLessThan(MAIL_LEASE_SECONDS);
  });

  it("keeps one bounded line of a refusal", () => {
    expect(refusalOf(new Error("421 4.7.0 try\n  again later"))).toBe("421 4.7.0 try again later");
    expect(refusalOf("x".repeat(1000))).toHaveLength(300);
    expect(refusalOf(new Error(""))).toBe("unknown error");
  });
});
