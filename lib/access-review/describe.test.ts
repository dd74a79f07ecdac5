import { describe, expect, it } from "vitest";
import { ROLES } from "@/lib/authz/vocabulary";
import { describeAssignment, describeExpiry, scopeWords } from "./describe";

describe("assignments in plain words", () => {
  it.each([
    [
      { role: "approver", scopeName: "Acme UK Ltd", scopeKind: "legal_entity", approvalLimitMinor: 5_000_000, limitCurrency: "GBP" },
      "Can approve orders up to £50,000.00 in GBP for Acme UK Ltd and everything under it",
    ],
    [
      { role: "approver", scopeName: "Acme Corp", scopeKind: "enterprise", approvalLimitMinor: 50_000_000, limitCurrency: "EUR" },
      "Can approve orders up to €500,000.00 in EUR for Acme Corp and everything under it",
    ],
    [{ role: "approver", scopeName: "Acme UK Ltd", scopeKind: "legal_entity" }, "Can see the orders of Acme UK Ltd and everything under it, but has no approval limit, so cannot approve any"],
    [
      { role: "enterprise_admin", scopeName: "Acme UK Ltd", scopeKind: "legal_entity" },
      "Can manage users, roles and sites in Acme UK Ltd and everything under it, and read everything there, the audit log included",
    ],
    [{ role: "site_admin", scopeName: "Manchester Branch", scopeKind: "sub_account" }, "Can manage sites in Manchester Branch, and see the services and orders there"],
    [
      { role: "orderer", scopeName: "London HQ", scopeKind: "sub_account", spendLimitMinor: 2_500_000, limitCurrency: "GBP" },
      "Can place and cancel their own orders for London HQ, up to £25,000.00 a month in GBP without extra approval, and see the orders there",
    ],
    [{ role: "orderer", scopeName: "London HQ", scopeKind: "sub_account" }, "Can place and cancel their own orders for London HQ, and see the orders there"],
    [{ role: "billing_viewer", scopeName: "Acme UK Billing", scopeKind: "billing_account" }, "Can view and export the bills of Acme UK Billing and everything under it"],
    [{ role: "technical_admin", scopeName: "Edinburgh Data Centre", scopeKind: "sub_account" }, "Can view the sites and services in Edinburgh Data Centre, and raise trouble tickets about them"],
    [{ role: "account_manager", scopeName: "Acme Corp", scopeKind: "enterprise" }, "Can view Acme Corp and everything under it as its account manager, draft contracts and see the portal as its users do"],
    [{ role: "csp_admin", scopeName: null }, "Can onboard enterprises, assign account managers and activate contracts"],
  ] as const)("%j", (assignment, words) => {
    expect(describeAssignment(assignment)).toBe(words);
  });

  it("formats limits in the reader's locale", () => {
    expect(describeAssignment({ role: "approver", scopeName: "Acme Germany GmbH", scopeKind: "legal_entity", approvalLimitMinor: 1_234_567, limitCurrency: "EUR" }, "de-DE")).toBe(
      "Can approve orders up to 12.345,67\u00a0€ in EUR for Acme Germany GmbH and everything under it",
    );
    expect(describeAssignment({ role: "approver", scopeName: "Globex Inc", scopeKind: "enterprise", approvalLimitMinor: 100_000, limitCurrency: "JPY" })).toMatch(/¥100,000 in JPY/);
  });

  it("has a sentence for every role, none of them generic", () => {
    for (const role of ROLES) {
      const words = describeAssignment({ role, scopeName: "X", scopeKind: "enterprise", approvalLimitMinor: 1, limitCurrency: "GBP" });
      expect(words).toMatch(/^Can /);
      expect(words).not.toMatch(/Holds the role/);
    }
  });

  it("says where: a sub-account alone, anything else with what is under it", () => {
    expect(scopeWords({ scopeName: "London HQ", scopeKind: "sub_account" })).toBe("London HQ");
    expect(scopeWords({ scopeName: "Acme Corp", scopeKind: "enterprise" })).toBe("Acme Corp and everything under it");
  });

  it("says when an assignment ends", () => {
    const now = new Date("2026-11-23T12:00:00Z");
    expect(describeExpiry(null, now)).toBeNull();
    expect(describeExpiry(new Date("2026-12-01T09:00:00Z"), now, "en-GB", "Europe/London")).toBe("expires on 1 Dec 2026");
    expect(describeExpiry(new Date("2026-11-20T09:00:00Z"), now, "en-GB", "Europe/London")).toBe("expired on 20 Nov 2026");
  });
});
