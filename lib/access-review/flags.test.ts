import { describe, expect, it } from "vitest";
import { isAssignmentExpired, isAssignmentExpiring, reviewFlags } from "./flags";

const now = new Date("2026-11-23T12:00:00Z");
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
const inDays = (d: number) => new Date(now.getTime() + d * 86_400_000);

describe("access review flags", () => {
  it.each([
    ["signed in yesterday", { status: "active", lastSignInAt: daysAgo(1), createdAt: daysAgo(400) }, []],
    ["last signed in 89 days ago", { status: "active", lastSignInAt: daysAgo(89), createdAt: daysAgo(400) }, []],
    ["last signed in 91 days ago", { status: "active", lastSignInAt: daysAgo(91), createdAt: daysAgo(400) }, ["dormant"]],
    ["never signed in, created 91 days ago", { status: "active", lastSignInAt: null, createdAt: daysAgo(91) }, ["dormant"]],
    ["never signed in, created last week", { status: "invited", lastSignInAt: null, createdAt: daysAgo(7) }, []],
    ["invited 100 days ago and never came", { status: "invited", lastSignInAt: null, createdAt: daysAgo(100) }, ["dormant"]],
    ["deactivated long ago", { status: "deactivated", lastSignInAt: daysAgo(300), createdAt: daysAgo(400) }, []],
  ])("%s", (_, user, flags) => {
    expect(reviewFlags(user, [], now)).toEqual(flags);
  });

  it("flags assignments ending within 14 days, and those already ended", () => {
    const user = { status: "active", lastSignInAt: daysAgo(1), createdAt: daysAgo(400) };
    expect(reviewFlags(user, [{ expiresAt: null }, { expiresAt: inDays(30) }], now)).toEqual([]);
    expect(reviewFlags(user, [{ expiresAt: inDays(13.9) }], now)).toEqual(["expiring"]);
    expect(reviewFlags(user, [{ expiresAt: inDays(14) }], now)).toEqual(["expiring"]);
    expect(reviewFlags(user, [{ expiresAt: inDays(14.1) }], now)).toEqual([]);
    expect(reviewFlags(user, [{ expiresAt: now }], now)).toEqual(["expired"]);
    expect(reviewFlags({ ...user, lastSignInAt: null }, [{ expiresAt: daysAgo(2) }, { expiresAt: inDays(2) }], now)).toEqual(["dormant", "expiring", "expired"]);
  });

  it("tells each assignment's state", () => {
    expect(isAssignmentExpired({ expiresAt: daysAgo(1) }, now)).toBe(true);
    expect(isAssignmentExpired({ expiresAt: null }, now)).toBe(false);
    expect(isAssignmentExpiring({ expiresAt: inDays(3) }, now)).toBe(true);
    expect(isAssignmentExpiring({ expiresAt: daysAgo(3) }, now)).toBe(false);
  });
});
