import { describe, expect, it } from "vitest";
import { describeAgent, needsTouch, sessionExpiry, sessionState } from "./rules";

const t0 = new Date("2026-12-01T09:00:00Z");
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

describe("session rules", () => {
  const fresh = { createdAt: t0, lastSeenAt: t0, expiresAt: sessionExpiry(t0, 8), endedAt: null };

  it("is active while used, idle after 30 minutes without a request", () => {
    expect(sessionState(fresh, at(29), 30)).toBe("active");
    expect(sessionState(fresh, at(30), 30)).toBe("idle");
  });

  it("ends 8 hours after sign-in however active it was", () => {
    const busy = { ...fresh, lastSeenAt: at(479) };
    expect(sessionState(busy, at(479.5), 30)).toBe("active");
    expect(sessionState(busy, at(480), 30)).toBe("expired");
  });

  it("an ended session stays ended", () => {
    expect(sessionState({ ...fresh, endedAt: at(1) }, at(2), 30)).toBe("ended");
  });

  it("touches last seen at most once a minute", () => {
    expect(needsTouch(fresh, at(0.5))).toBe(false);
    expect(needsTouch(fresh, at(1))).toBe(true);
  });

  it("names a browser and system from the user agent", () => {
    expect(describeAgent("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36")).toBe("Chrome on Linux");
    expect(describeAgent("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15")).toBe("Safari on macOS");
    expect(describeAgent(null)).toBe("Unknown browser");
  });
});
