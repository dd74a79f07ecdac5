import { pgEnum } from "drizzle-orm/pg-core";

export const nodeKind = pgEnum("node_kind", ["enterprise", "legal_entity", "billing_account", "sub_account"]);
export const subAccountKind = pgEnum("sub_account_kind", ["department", "cost_centre", "project", "site"]);
export const paymentTerms = pgEnum("payment_terms", ["net_30", "net_60", "net_90"]);
export const billingCycle = pgEnum("billing_cycle", ["monthly", "quarterly"]);
export const userStatus = pgEnum("user_status", ["invited", "active", "deactivated"]);
export const role = pgEnum("role", [
  "enterprise_admin",
  "site_admin",
  "orderer",
  "approver",
  "billing_viewer",
  "technical_admin",
  "account_manager",
  "csp_admin",
]);
// superseded: an amendment (the next version) was activated in its place; its history stays readable.
export const contractStatus = pgEnum("contract_status", ["draft", "active", "superseded", "expired", "terminated"]);
export const orderStatus = pgEnum("order_status", [
  "draft",
  "submitted",
  "pending_approval",
  "approved",
  "rejected",
  "in_progress",
  "completed",
  "cancelled",
]);
export const decision = pgEnum("approval_decision", ["approved", "rejected"]);
export const serviceStatus = pgEnum("service_status", ["active", "suspended", "terminated"]);
// open → credited (the next bill run credits it) or rejected.
export const disputeStatus = pgEnum("dispute_status", ["open", "credited", "rejected"]);
export const billLineKind = pgEnum("bill_line_kind", ["recurring", "one_off", "usage", "adjustment"]);
export const ticketStatus = pgEnum("ticket_status", ["open", "in_progress", "resolved", "closed"]);
