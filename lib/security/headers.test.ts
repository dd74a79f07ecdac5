import { describe, expect, it } from "vitest";
import { cameOverHttps, newNonce, pageContentSecurityPolicy } from "@/lib/security/headers";

describe("page headers", () => {
  it("makes a fresh 128-bit nonce every time", () => {
    const a = newNonce();
    expect(a).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(new Set(Array.from({ length: 50 }, newNonce)).size).toBe(50);
  });

  it("lets scripts run only with the nonce and forbids framing", () => {
    const csp = pageContentSecurityPolicy("abc");
    const directives = Object.fromEntries(csp.split("; ").map((d) => [d.split(" ")[0], d.slice(d.indexOf(" ") + 1)]));
    expect(directives["script-src"]).toBe("'self' 'nonce-abc' 'strict-dynamic'");
    expect(directives["frame-ancestors"]).toBe("'none'");
    expect(directives["object-src"]).toBe("'none'");
    expect(directives["base-uri"]).toBe("'self'");
    expect(directives["form-action"]).toBe("'self'");
    // A nonce in style-src would switch 'unsafe-inline' off and break inline styles.
    expect(directives["style-src"]).toBe("'self' 'unsafe-inline'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).not.toContain("upgrade-insecure-requests");
  });

  it("allows eval only in development and upgrades requests only over HTTPS", () => {
    expect(pageContentSecurityPolicy("n", { dev: true })).toContain("'strict-dynamic' 'unsafe-eval'");
    expect(pageContentSecurityPolicy("n", { https: true })).toMatch(/; upgrade-insecure-requests$/);
  });

  it.each([
    ["https://portal.example/dashboard", null, false, true],
    ["http://portal.example/dashboard", null, false, false],
    ["http://portal.example/dashboard", "https", false, false], // not behind a proxy we trust
    ["http://portal.example/dashboard", "https", true, true],
    ["http://portal.example/dashboard", "HTTPS, http", true, true], // the first hop is the client's
    ["http://portal.example/dashboard", "http", true, false],
  ] as const)("%s with X-Forwarded-Proto %s (trusted: %s) came over HTTPS: %s", (url, proto, trust, expected) => {
    expect(cameOverHttps(new URL(url), proto, trust)).toBe(expected);
  });
});
