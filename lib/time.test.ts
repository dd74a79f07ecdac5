import { describe, expect, it } from "vitest";
import { endOfDayIn, startOfDayIn, todayIn, zoneOffsetMs } from "@/lib/time";

describe("days in the user's time zone", () => {
  it("knows the offset of a zone at an instant", () => {
    expect(zoneOffsetMs(Date.UTC(2026, 0, 15, 12), "Europe/London")).toBe(0);
    expect(zoneOffsetMs(Date.UTC(2026, 6, 15, 12), "Europe/London")).toBe(3_600_000);
    expect(zoneOffsetMs(Date.UTC(2026, 6, 15, 12), "America/Los_Angeles")).toBe(-7 * 3_600_000);
    expect(zoneOffsetMs(Date.UTC(2026, 6, 15, 12), "Asia/Kolkata")).toBe(5.5 * 3_600_000);
  });

  it.each([
    ["2026-01-15", "Europe/London", "2026-01-15T00:00:00.000Z"],
    ["2026-07-15", "Europe/London", "2026-07-14T23:00:00.000Z"],
    ["2026-07-15", "Europe/Berlin", "2026-07-14T22:00:00.000Z"],
    ["2026-07-15", "America/Los_Angeles", "2026-07-15T07:00:00.000Z"],
    ["2026-03-29", "Europe/London", "2026-03-29T00:00:00.000Z"], // clocks go forward at 01:00 that day
    ["2026-10-25", "Europe/London", "2026-10-24T23:00:00.000Z"], // clocks go back at 02:00 that day
    ["2026-07-15", "UTC", "2026-07-15T00:00:00.000Z"],
  ])("%s starts in %s at %s", (date, zone, iso) => {
    expect(startOfDayIn(date, zone)!.toISOString()).toBe(iso);
  });

  it("gives the next day's start as the exclusive end, across DST changes", () => {
    expect(endOfDayIn("2026-10-25", "Europe/London")!.toISOString()).toBe("2026-10-26T00:00:00.000Z");
    expect(endOfDayIn("2026-03-28", "Europe/London")!.toISOString()).toBe("2026-03-29T00:00:00.000Z");
    expect(endOfDayIn("2026-12-31", "UTC")!.toISOString()).toBe("2027-01-01T00:00:00.000Z");
  });

  it("refuses malformed and impossible dates", () => {
    expect(startOfDayIn("2026-02-30", "UTC")).toBeNull();
    expect(startOfDayIn("15/07/2026", "UTC")).toBeNull();
    expect(endOfDayIn("", "UTC")).toBeNull();
    // Years JavaScript reads as 19xx, and a year PostgreSQL does not have, are no one's dates.
    expect(startOfDayIn("0000-01-01", "UTC")).toBeNull();
    expect(startOfDayIn("0001-01-01", "UTC")).toBeNull();
    expect(startOfDayIn("0999-12-31", "Pacific/Kiritimati")).toBeNull();
    expect(startOfDayIn("1000-01-01", "UTC")!.toISOString()).toBe("1000-01-01T00:00:00.000Z");
  });

  it("tells today's date in a zone", () => {
    expect(todayIn("America/Los_Angeles", new Date("2026-11-24T03:00:00Z"))).toBe("2026-11-23");
    expect(todayIn("Europe/Berlin", new Date("2026-11-23T23:30:00Z"))).toBe("2026-11-24");
  });
});
