import { describe, expect, it } from "vitest";
import { grantShapeProblem, wouldRemoveLastAdmin, type AdminSeat, type GrantShape } from "./guards";

const NOW = new Date("2026-06-01T12:00:00Z");
const future = new Date("2026-07-01T00:00:00Z");
const past = new Date("2026-05-01T00:00:00Z");

describe("grantShapeProblem", () => {
  const cases: [string, GrantShape, string | null][] = [
    ["a plain orderer", { role: "orderer" }, null],
    ["an orderer with a spend limit and currency", { role: "orderer", spendLimitMinor: 2_500_000, limitCurrency: "GBP" }, null],
    ["an orderer with a spend limit of zero", { role: "orderer", spendLimitMinor: 0, limitCurrency: "GBP" }, null],
    ["an approver with a limit and currency", { role: "approver", approvalLimitMinor: 5_000_000, limitCurrency: "GBP" }, null],
    ["an enterprise admin expiring in the future", { role: "enterprise_admin", expiresAt: future }, null],
    ["each other customer role, bare", { role: "billing_viewer" }, null],
    ["a site admin", { role: "site_admin" }, null],
    ["a technical admin", { role: "technical_admin" }, null],
    ["a CSP admin", { role: "csp_admin" }, "Only customer roles can be granted here."],
    ["an account manager", { role: "account_manager" }, "Only customer roles can be granted here."],
    ["an unknown role", { role: "superuser" }, "Only customer roles can be granted here."],
    ["an approver without a limit", { role: "approver", limitCurrency: "GBP" }, "An approver needs an approval limit and its currency."],
    ["an approver without a currency", { role: "approver", approvalLimitMinor: 100 }, "An approver needs an approval limit and its currency."],
    ["an orderer with an approval limit", { role: "orderer", approvalLimitMinor: 100, limitCurrency: "GBP" }, "Only approvers carry an approval limit."],
    ["a billing viewer with an approval limit", { role: "billing_viewer", approvalLimitMinor: 100, limitCurrency: "GBP" }, "Only approvers carry an approval limit."],
    ["an approver with a spend limit too", { role: "approver", approvalLimitMinor: 100, spendLimitMinor: 100, limitCurrency: "GBP" }, "Only orderers carry a monthly spend limit."],
    ["a site admin with a spend limit", { role: "site_admin", spendLimitMinor: 100, limitCurrency: "GBP" }, "Only orderers carry a monthly spend limit."],
    ["an orderer's spend limit without currency", { role: "orderer", spendLimitMinor: 100 }, "A spend limit needs its currency."],
    ["a negative approval limit", { role: "approver", approvalLimitMinor: -1, limitCurrency: "GBP" }, "Limits cannot be negative."],
    ["a negative spend limit", { role: "orderer", spendLimitMinor: -5, limitCurrency: "GBP" }, "Limits cannot be negative."],
    ["an expiry in the past", { role: "orderer", expiresAt: past }, "The expiry must be in the future."],
    ["an expiry exactly now", { role: "orderer", expiresAt: NOW }, "The expiry must be in the future."],
  ];
  it.each(cases)("%s", (_name, grant, expected) => {
    expect(grantShapeProblem(grant, NOW)).toBe(expected);
  });
});

describe("wouldRemoveLastAdmin", () => {
  type Seat = AdminSeat & { assignmentId: string };
  const seat = (assignmentId: string, userId: string, extra: Partial<AdminSeat> = {}): Seat => ({ assignmentId, userId, userStatus: "active", expiresAt: null, ...extra });
  const cases: [string, Seat[], { userId?: string; assignmentId?: string }, boolean][] = [
    ["deactivating the only admin", [seat("a1", "ada")], { userId: "ada" }, true],
    ["revoking the only admin's assignment", [seat("a1", "ada")], { assignmentId: "a1" }, true],
    ["deactivating one of two admins", [seat("a1", "ada"), seat("a2", "cfo")], { userId: "ada" }, false],
    ["revoking one of two admins' assignments", [seat("a1", "ada"), seat("a2", "cfo")], { assignmentId: "a2" }, false],
    ["deactivating someone who is no admin", [seat("a1", "ada")], { userId: "bob" }, false],
    ["revoking an assignment that is no admin seat", [seat("a1", "ada")], { assignmentId: "x9" }, false],
    ["revoking one of two seats of the same admin", [seat("a1", "ada"), seat("a2", "ada")], { assignmentId: "a1" }, false],
    ["deactivating the admin who holds both seats", [seat("a1", "ada"), seat("a2", "ada")], { userId: "ada" }, true],
    ["the other admin is deactivated", [seat("a1", "ada"), seat("a2", "cfo", { userStatus: "deactivated" })], { userId: "ada" }, true],
    ["the other admin is only invited", [seat("a1", "ada"), seat("a2", "new", { userStatus: "invited" })], { assignmentId: "a1" }, true],
    ["the other admin's seat has expired", [seat("a1", "ada"), seat("a2", "cfo", { expiresAt: past })], { userId: "ada" }, true],
    ["the other admin's seat expires later", [seat("a1", "ada"), seat("a2", "cfo", { expiresAt: future })], { userId: "ada" }, false],
    ["the leaving seat has expired already (it did not count)", [seat("a1", "ada", { expiresAt: past }), seat("a2", "cfo")], { assignmentId: "a1" }, false],
    ["removing a deactivated admin's seat", [seat("a1", "ada"), seat("a2", "cfo", { userStatus: "deactivated" })], { assignmentId: "a2" }, false],
    ["no seats at all", [], { userId: "ada" }, false],
  ];
  it.each(cases)("%s → %s", (_name, seats, leaving, expected) => {
    expect(wouldRemoveLastAdmin(seats, leaving, NOW)).toBe(expected);
  });
});
