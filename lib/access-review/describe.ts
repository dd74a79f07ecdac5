/**
 * Role assignments in plain words, for the access review (the page an auditor reads). Pure: the
 * same assignment always reads the same way, and every role of the vocabulary has its sentence.
 * The wording follows DESIGN.md's "Who may do what".
 */
import type { Role } from "@/lib/authz/vocabulary";
import { formatDate, formatMoney } from "@/lib/format";

export type DescribedAssignment = {
  role: Role;
  scopeName: string | null;
  /** The scope node's kind; a sub-account has nothing under it worth saying. */
  scopeKind?: string | null;
  approvalLimitMinor?: number | null;
  spendLimitMinor?: number | null;
  limitCurrency?: string | null;
};

/** "Acme UK Ltd and everything under it", or just the name for a sub-account (a leaf). */
export function scopeWords(a: Pick<DescribedAssignment, "scopeName" | "scopeKind">): string {
  const name = a.scopeName ?? "an unnamed account";
  return a.scopeKind === "sub_account" ? name : `${name} and everything under it`;
}

/** One sentence saying what the assignment lets its holder do, and where. */
export function describeAssignment(a: DescribedAssignment, locale = "en-GB"): string {
  const where = scopeWords(a);
  const money = (minor: number) => (a.limitCurrency ? formatMoney(minor, a.limitCurrency, locale) : String(minor));
  switch (a.role) {
    case "enterprise_admin":
      return `Can manage users, roles and sites in ${where}, and read everything there, the audit log included`;
    case "site_admin":
      return `Can manage sites in ${where}, and see the services and orders there`;
    case "orderer": {
      const limit = a.spendLimitMinor != null && a.limitCurrency ? `, up to ${money(a.spendLimitMinor)} a month in ${a.limitCurrency} without extra approval` : "";
      return `Can place and cancel their own orders for ${where}${limit}, and see the orders there`;
    }
    case "approver":
      if (a.approvalLimitMinor == null || !a.limitCurrency) return `Can see the orders of ${where}, but has no approval limit, so cannot approve any`;
      return `Can approve orders up to ${money(a.approvalLimitMinor)} in ${a.limitCurrency} for ${where}`;
    case "billing_viewer":
      return `Can view and export the bills of ${where}`;
    case "technical_admin":
      return `Can view the sites and services in ${where}, and raise trouble tickets about them`;
    case "account_manager":
      return `Can view ${where} as its account manager, draft contracts and see the portal as its users do`;
    case "csp_admin":
      return "Can onboard enterprises, assign account managers and activate contracts";
    default: {
      const unknown: never = a.role;
      return `Holds the role ${String(unknown)} on ${where}`;
    }
  }
}

/** When an assignment ends, in words: "expires on 5 Dec 2026", "expired on …", or null if it does not. */
export function describeExpiry(expiresAt: Date | null | undefined, now: Date, locale = "en-GB", timeZone = "UTC"): string | null {
  if (!expiresAt) return null;
  const day = formatDate(expiresAt, locale, timeZone);
  return expiresAt.getTime() <= now.getTime() ? `expired on ${day}` : `expires on ${day}`;
}
