/**
 * The one vocabulary of permissions: the server requires these, the UI shows by these.
 * Subjects are the domain's nouns; every subject object carries `path`, the materialized path of
 * the account node it hangs on, so scope checks are a prefix test in memory and in SQL alike.
 */
export const CUSTOMER_ROLES = [
  "enterprise_admin",
  "site_admin",
  "orderer",
  "approver",
  "billing_viewer",
  "technical_admin",
] as const;
export const CSP_ROLES = ["account_manager", "csp_admin"] as const;
export const ROLES = [...CUSTOMER_ROLES, ...CSP_ROLES] as const;

export type CustomerRole = (typeof CUSTOMER_ROLES)[number];
export type CspRole = (typeof CSP_ROLES)[number];
export type Role = (typeof ROLES)[number];

export const ACTIONS = [
  "read",
  "create",
  "update",
  "delete",
  "submit",
  "cancel",
  "approve",
  "export",
  "impersonate",
  "activate",
  "grant",
  "revoke",
  "invite",
  "deactivate",
  "reactivate",
  // The CSP moves an approved order through fulfilment (in progress, completed).
  "fulfil",
] as const;
export type Action = (typeof ACTIONS)[number];

/** Actions that change something; read-only impersonation denies all of them. */
export const WRITE_ACTIONS: Action[] = ACTIONS.filter((a) => a !== "read" && a !== "export");

export const SUBJECTS = [
  "AccountNode",
  "User",
  "RoleAssignment",
  "Invitation",
  "Site",
  "Service",
  "Contract",
  "Offering",
  "Order",
  "ApprovalPolicy",
  "Bill",
  "AuditEvent",
  "Ticket",
  "OutboxMessage",
  "SupportAccess",
  "Session",
  // An approver's away period and who decides in their place.
  "Delegation",
  // A person's in-app notifications (the bell).
  "Notification",
  // A billing viewer's dispute of a bill line, resolved by the CSP.
  "Dispute",
  // The CSP's side of an enterprise (TMF629 Customer): its console entry, onboarding, account managers.
  "Customer",
  // A person's own password (and later MFA factors): never changed while impersonating.
  "Credential",
  // An account manager's session seeing the portal as a customer user (rule 4).
  "Impersonation",
  // An enterprise's sign-in policy: its SSO connection and domains, and whether MFA is required.
  // Its path is the enterprise root's, so only admins of the whole enterprise hold it.
  "IdentityProvider",
  // A SCIM bearer token; its path is the node it provisions under (its creator's scope).
  "ScimToken",
  // A SCIM group and what its membership grants (group → role on a node); path: the enterprise root.
  "ScimGroup",
] as const;
export type SubjectType = (typeof SUBJECTS)[number];

export function isCustomerRole(value: string): value is CustomerRole {
  return (CUSTOMER_ROLES as readonly string[]).includes(value);
}

export const ROLE_LABELS: Record<Role, string> = {
  enterprise_admin: "Enterprise admin",
  site_admin: "Site admin",
  orderer: "Orderer",
  approver: "Approver",
  billing_viewer: "Billing viewer",
  technical_admin: "Technical admin",
  account_manager: "Account manager",
  csp_admin: "CSP administrator",
};
