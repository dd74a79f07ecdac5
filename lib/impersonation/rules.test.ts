import { describe, expect, it } from "vitest";
import { durationLabel, durationMinutes, impersonationExpiry, impersonationState, minutesLeft, writeAccessOn } from "./rules";
import { startImpersonationSchema, supportAccessSchema } from "./schemas";

const t0 = new Date("2026-12-04T10:00:00Z");
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

describe("impersonation time limit", () => {
  it("lasts the chosen minutes, never past an hour", () => {
    expect(impersonationExpiry(t0, 30, at(480))).toEqual(at(30));
    expect(impersonationExpiry(t0, 600, at(480))).toEqual(at(60));
    expect(impersonationExpiry(t0, 0.25, at(480))).toEqual(new Date(t0.getTime() + 15_000));
  });
  it("never outlives the account manager's own session", () => {
    expect(impersonationExpiry(t0, 60, at(20))).toEqual(at(20));
  });
  it("is open until its expiry, then expired; ended wins", () => {
    const i = { expiresAt: at(30), endedAt: null };
    expect(impersonationState(i, at(29))).toBe("open");
    expect(impersonationState(i, at(30))).toBe("expired");
    expect(impersonationState({ ...i, endedAt: at(5) }, at(10))).toBe("ended");
  });
  it("counts minutes left rounded up, and durations in whole minutes", () => {
    expect(minutesLeft(at(30), new Date(at(0).getTime() + 1000))).toBe(30);
    expect(minutesLeft(at(30), at(31))).toBe(0);
    expect(durationMinutes(t0, at(12), at(30), at(40))).toBe(12);
    expect(durationMinutes(t0, null, at(30), at(40))).toBe(30);
    expect(durationMinutes(t0, null, at(30), at(10))).toBe(10);
  });
});

describe("lengths", () => {
  it("are said as people say them", () => {
    expect([0.25, 1, 15, 60].map(durationLabel)).toEqual(["15 seconds", "1 minute", "15 minutes", "1 hour"]);
  });
});

describe("write support access", () => {
  it("holds only while switched on and before its expiry", () => {
    expect(writeAccessOn({ supportEnabled: true, writeUntil: at(60) }, at(59))).toBe(true);
    expect(writeAccessOn({ supportEnabled: true, writeUntil: at(60) }, at(60))).toBe(false);
    expect(writeAccessOn({ supportEnabled: true, writeUntil: null }, t0)).toBe(false);
    expect(writeAccessOn({ supportEnabled: false, writeUntil: at(60) }, t0)).toBe(false);
  });
});

describe("input", () => {
  const schema = startImpersonationSchema([15, 30, 45, 60]);
  const ok = { userId: "3f1c2b4a-1111-4222-8333-444455556666", reason: "Customer asked for help with an order", minutes: "30" };
  it("takes a reason and one of the offered durations", () => {
    expect(schema.parse(ok)).toEqual({ ...ok, minutes: 30 });
  });
  it.each([
    [{ ...ok, reason: "  help  " }, "reason"],
    [{ ...ok, reason: "x".repeat(501) }, "reason"],
    [{ ...ok, minutes: "61" }, "minutes"],
    [{ ...ok, minutes: "20" }, "minutes"],
    [{ ...ok, userId: "not-an-id" }, "userId"],
  ])("refuses %o", (input, field) => {
    const result = schema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path[0]).toBe(field);
  });
  it("takes the admin's switches", () => {
    expect(supportAccessSchema.parse({ change: "write", hours: "4" })).toEqual({ change: "write", hours: 4 });
    expect(supportAccessSchema.parse({ change: "write", hours: 0 })).toEqual({ change: "write", hours: 0 });
    expect(supportAccessSchema.safeParse({ change: "write", hours: 5 }).success).toBe(false);
    expect(supportAccessSchema.parse({ change: "support", enabled: false })).toEqual({ change: "support", enabled: false });
  });
});
