import { describe, expect, it } from "vitest";
import { boundedUserAgent, clientAddress, delaySeconds, ipv6Network, throttleKeys } from "./throttle-rules";

const settings = { freeAttempts: 5, maxDelaySeconds: 900 };

describe("sign-in throttling rules", () => {
  it("waits nothing below the threshold, then doubles up to the cap", () => {
    expect([1, 2, 3, 4].map((n) => delaySeconds(n, 5, 900))).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8].map((n) => delaySeconds(n, 5, 900))).toEqual([1, 2, 4, 8]);
    expect(delaySeconds(15, 5, 900)).toBe(900);
    expect(delaySeconds(10_000, 5, 900)).toBe(900);
  });

  it("counts only the account when the address is unknown", () => {
    expect(throttleKeys(" Approver@Acme.example ", null, settings)).toEqual([{ key: "account:approver@acme.example", threshold: 5, maxDelaySeconds: 900 }]);
  });

  it("with an address: tight per pair, wide per address, short cap per account (no lockout by a stranger)", () => {
    const keys = throttleKeys("a@b.example", "203.0.113.7", settings);
    expect(keys.map((k) => k.key)).toEqual(["address:203.0.113.7", "pair:a@b.example|203.0.113.7", "account:a@b.example"]);
    expect(keys.find((k) => k.key.startsWith("pair:"))!.threshold).toBe(5);
    expect(keys.find((k) => k.key.startsWith("account:"))!.maxDelaySeconds).toBe(60);
  });

  it("reads the client address only behind a trusted proxy, from the last hop, and only if it is an address", () => {
    expect(clientAddress("198.51.100.1, 203.0.113.7", false)).toBeNull();
    expect(clientAddress("198.51.100.1, 203.0.113.7", true)).toBe("203.0.113.7");
    expect(clientAddress("::ffff:203.0.113.7", true)).toBe("203.0.113.7");
    expect(clientAddress("2001:db8::1", true)).toBe("2001:db8:0:0::/64");
    expect(clientAddress("2001:db8:0:0:ffff::7", true)).toBe("2001:db8:0:0::/64");
    expect(clientAddress("evil'; drop table users", true)).toBeNull();
    expect(clientAddress(null, true)).toBeNull();
  });

  it("counts an IPv6 address as its /64 network", () => {
    expect(ipv6Network("2001:0db8:85a3:0000:0000:8a2e:0370:7334")).toBe("2001:db8:85a3:0::/64");
    expect(ipv6Network("2001:db8:85a3::8a2e:370:7334")).toBe("2001:db8:85a3:0::/64");
    expect(ipv6Network("::1")).toBe("0:0:0:0::/64");
    expect(ipv6Network("1::2::3")).toBeNull();
    expect(ipv6Network("zzzz::1")).toBeNull();
  });

  it("a genuine device cookie swaps the account-wide counter for the device's own", () => {
    expect(throttleKeys("a@b.example", null, settings, "dev1").map((k) => k.key)).toEqual(["device:dev1"]);
    expect(throttleKeys("a@b.example", "203.0.113.7", settings, "dev1").map((k) => k.key)).toEqual(["address:203.0.113.7", "device:dev1"]);
  });

  it("keeps a printable, bounded user agent", () => {
    expect(boundedUserAgent("Mozilla/5.0\u0000\n (X11)")).toBe("Mozilla/5.0 (X11)");
    expect(boundedUserAgent("x".repeat(1000))).toHaveLength(300);
    expect(boundedUserAgent("")).toBeNull();
  });
});
