import type { AppAbility } from "@/lib/authz/ability";
import type { Action, SubjectType } from "@/lib/authz/vocabulary";

export type NavItem = { href: string; label: string; icon: string; requires: [Action, SubjectType][] };
export type NavGroup = { label: string; items: NavItem[] };

/**
 * The sidebar, grouped by what people come for. An item shows when the ability allows every one of
 * its requirements on some row; the page itself checks again.
 */
const NAV: NavGroup[] = [
  { label: "Overview", items: [{ href: "/dashboard", label: "Dashboard", icon: "layout-dashboard", requires: [] }] },
  {
    label: "Customers",
    items: [
      { href: "/csp", label: "Customers", icon: "building", requires: [["read", "Customer"]] },
      { href: "/csp/onboard", label: "Onboard", icon: "building-plus", requires: [["create", "Customer"]] },
    ],
  },
  {
    label: "Organisation",
    items: [
      { href: "/accounts", label: "Accounts", icon: "network", requires: [["read", "AccountNode"]] },
      { href: "/sites", label: "Sites", icon: "map-pin", requires: [["read", "Site"]] },
      { href: "/users", label: "Users", icon: "users", requires: [["read", "RoleAssignment"]] },
    ],
  },
  {
    label: "Orders",
    items: [
      { href: "/orders", label: "Orders", icon: "shopping-cart", requires: [["read", "Order"]] },
      { href: "/approvals", label: "Approvals", icon: "stamp", requires: [["approve", "Order"]] },
    ],
  },
  {
    label: "Contracts",
    items: [
      { href: "/contracts", label: "Contracts", icon: "file-signature", requires: [["read", "Contract"]] },
      { href: "/catalog", label: "Catalog", icon: "package", requires: [["read", "Offering"], ["read", "Contract"]] },
    ],
  },
  {
    label: "Billing",
    items: [
      { href: "/billing", label: "Overview", icon: "chart-column", requires: [["read", "Bill"]] },
      { href: "/bills", label: "Bills", icon: "receipt", requires: [["read", "Bill"]] },
      { href: "/disputes", label: "Disputes", icon: "message-square-warning", requires: [["read", "Dispute"]] },
      { href: "/billing/run", label: "Bill runs", icon: "calendar-clock", requires: [["create", "Bill"]] },
    ],
  },
  {
    label: "Administration",
    items: [
      { href: "/audit", label: "Audit log", icon: "scroll-text", requires: [["read", "AuditEvent"]] },
      { href: "/access-review", label: "Access review", icon: "shield-check", requires: [["read", "RoleAssignment"], ["read", "AuditEvent"]] },
      { href: "/support-access", label: "Support access", icon: "life-buoy", requires: [["update", "SupportAccess"]] },
      { href: "/provisioning", label: "Provisioning", icon: "refresh-cw", requires: [["read", "ScimToken"]] },
      { href: "/identity", label: "Sign-in", icon: "key-round", requires: [["update", "IdentityProvider"]] },
      { href: "/outbox", label: "Outbox", icon: "mail", requires: [["read", "OutboxMessage"]] },
    ],
  },
];

export function navigationFor(ability: AppAbility): NavGroup[] {
  return NAV.map((g) => ({ ...g, items: g.items.filter((i) => i.requires.every(([a, s]) => ability.can(a, s))) })).filter((g) => g.items.length > 0);
}
