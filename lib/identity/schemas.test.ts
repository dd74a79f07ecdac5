import { afterEach, describe, expect, it } from "vitest";
import { domainSchema, fetchableUrl, issuerSchema } from "./schemas";

const original = process.env.SSO_ALLOW_LOOPBACK_ISSUER;
afterEach(() => {
  if (original === undefined) delete process.env.SSO_ALLOW_LOOPBACK_ISSUER;
  else process.env.SSO_ALLOW_LOOPBACK_ISSUER = original;
});

describe("what the server may fetch for single sign-on", () => {
  it("takes https issuers of named hosts, with no query, fragment or credentials", () => {
    expect(issuerSchema.safeParse("https://login.microsoftonline.com/tenant/v2.0").success).toBe(true);
    for (const bad of ["http://login.example.com", "https://login.example.com/?x=1", "https://login.example.com/#x", "https://user:pw@login.example.com", "ftp://login.example.com", "https://10.0.0.5/", "https://[fd00::1]/", "https://intranet/", "not a url"]) {
      expect(issuerSchema.safeParse(bad).success, bad).toBe(false);
    }
  });

  it("refuses this machine's addresses unless loopback issuers are allowed (development, tests)", () => {
    process.env.SSO_ALLOW_LOOPBACK_ISSUER = "false";
    expect(fetchableUrl("http://localhost:3199")).toBe(false);
    expect(fetchableUrl("https://127.0.0.1/")).toBe(false);
    process.env.SSO_ALLOW_LOOPBACK_ISSUER = "true";
    expect(fetchableUrl("http://localhost:3199")).toBe(true);
  });

  it("reads a domain lower-cased without a trailing dot, and refuses addresses and URLs", () => {
    expect(domainSchema.parse({ domain: " Acme.Example. " }).domain).toBe("acme.example");
    for (const bad of ["@acme.example", "https://acme.example", "acme", "a..example", "-acme.example", "acme.example/x"]) {
      expect(domainSchema.safeParse({ domain: bad }).success, bad).toBe(false);
    }
  });
});
