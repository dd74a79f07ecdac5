import { sql } from "drizzle-orm";
import { type AnyPgColumn, bigint, char, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { accountNodes } from "./accounts";
import { productOfferings } from "./catalog";
import { billLineKind, disputeStatus, paymentTerms } from "./enums";
import { sites } from "./sites";
import { users } from "./users";

/**
 * One bill per billing account per period (TMF678), in the billing account's currency, written once
 * by the bill run (lib/billing/run.ts) and never recomputed: a correction is a credit on a later
 * bill. Its state (issued, part-paid, paid, overdue) follows from what was paid and the due date
 * (lib/billing/state.ts), so it is never stale. The unique (account, period) index is what makes
 * two concurrent runs of one period write one bill.
 */
export const bills = pgTable(
  "bills",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    enterpriseId: uuid("enterprise_id")
      .notNull()
      .references(() => accountNodes.id),
    billingAccountId: uuid("billing_account_id")
      .notNull()
      .references(() => accountNodes.id),
    number: text("number").notNull(),
    periodStart: date("period_start").notNull(),
    periodEnd: date("period_end").notNull(),
    currency: char("currency", { length: 3 }).notNull(),
    subtotalMinor: bigint("subtotal_minor", { mode: "number" }).notNull(),
    taxMinor: bigint("tax_minor", { mode: "number" }).notNull(),
    totalMinor: bigint("total_minor", { mode: "number" }).notNull(),
    /** The sum of the payments recorded against the bill. */
    paidMinor: bigint("paid_minor", { mode: "number" }).notNull().default(0),
    /** The billing account's terms when the bill was issued (the due date follows from them). */
    paymentTerms: paymentTerms("payment_terms").notNull().default("net_30"),
    issuedAt: timestamp("issued_at", { withTimezone: true }).notNull(),
    dueOn: date("due_on").notNull(),
  },
  (t) => [
    uniqueIndex("bills_period_idx").on(t.billingAccountId, t.periodStart),
    uniqueIndex("bills_number_idx").on(t.number),
    index("bills_enterprise_idx").on(t.enterpriseId, t.periodStart),
  ],
);

/** A bill line names what it is charged to; amounts are rounded once, here, so totals add up. */
export const billLines = pgTable(
  "bill_lines",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    enterpriseId: uuid("enterprise_id")
      .notNull()
      .references(() => accountNodes.id),
    billId: uuid("bill_id")
      .notNull()
      .references(() => bills.id, { onDelete: "cascade" }),
    subAccountId: uuid("sub_account_id")
      .notNull()
      .references(() => accountNodes.id),
    siteId: uuid("site_id").references(() => sites.id),
    offeringId: uuid("offering_id").references(() => productOfferings.id),
    kind: billLineKind("kind").notNull(),
    description: text("description").notNull(),
    quantity: integer("quantity").notNull(),
    amountMinor: bigint("amount_minor", { mode: "number" }).notNull(),
    taxMinor: bigint("tax_minor", { mode: "number" }).notNull(),
    /** On a credit line: the resolved dispute it credits (unique: a dispute is credited once). */
    disputeId: uuid("dispute_id").references((): AnyPgColumn => billDisputes.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("bill_lines_bill_idx").on(t.billId, t.subAccountId),
    // The same key within the tenant: what bill_lines_bill_idx becomes once every read names the enterprise (ADR 17).
    index("bill_lines_enterprise_idx").on(t.enterpriseId, t.billId, t.subAccountId),
    index("bill_lines_sub_account_idx").on(t.subAccountId),
    uniqueIndex("bill_lines_dispute_idx").on(t.disputeId).where(sql`dispute_id is not null`),
  ],
);

/**
 * A bill's totals per sub-account, per site and per offering, written by the bill run from the
 * same rounded lines (so each split adds up to the bill exactly). Consolidation reads these instead
 * of a million lines. `dimension` says which of the three a row is; `keyId` is null for lines
 * without a site or offering (credits, adjustments).
 */
export const billSplits = pgTable(
  "bill_splits",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    enterpriseId: uuid("enterprise_id")
      .notNull()
      .references(() => accountNodes.id),
    billId: uuid("bill_id")
      .notNull()
      .references(() => bills.id, { onDelete: "cascade" }),
    dimension: text("dimension").notNull().$type<"sub_account" | "site" | "offering">(),
    keyId: uuid("key_id"),
    amountMinor: bigint("amount_minor", { mode: "number" }).notNull(),
    taxMinor: bigint("tax_minor", { mode: "number" }).notNull(),
    lines: integer("lines").notNull(),
  },
  (t) => [
    index("bill_splits_bill_idx").on(t.billId, t.dimension),
    index("bill_splits_key_idx").on(t.dimension, t.keyId),
    index("bill_splits_enterprise_idx").on(t.enterpriseId, t.billId, t.dimension),
  ],
);

/** A payment the CSP recorded against a bill (full or part). */
export const billPayments = pgTable(
  "bill_payments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    enterpriseId: uuid("enterprise_id")
      .notNull()
      .references(() => accountNodes.id),
    billId: uuid("bill_id")
      .notNull()
      .references(() => bills.id, { onDelete: "cascade" }),
    amountMinor: bigint("amount_minor", { mode: "number" }).notNull(),
    receivedOn: date("received_on").notNull(),
    reference: text("reference"),
    recordedById: uuid("recorded_by_id").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("bill_payments_bill_idx").on(t.billId), index("bill_payments_enterprise_idx").on(t.enterpriseId, t.billId)],
);

/**
 * A billing viewer's dispute of one bill line. The CSP resolves it: "credited" (the next bill run
 * of the account credits the line's amount and tax, on a line that names the dispute) or
 * "rejected". One open dispute per line.
 */
export const billDisputes = pgTable(
  "bill_disputes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    enterpriseId: uuid("enterprise_id")
      .notNull()
      .references(() => accountNodes.id),
    billId: uuid("bill_id")
      .notNull()
      .references(() => bills.id),
    billLineId: uuid("bill_line_id")
      .notNull()
      .references((): AnyPgColumn => billLines.id),
    billingAccountId: uuid("billing_account_id")
      .notNull()
      .references(() => accountNodes.id),
    raisedById: uuid("raised_by_id")
      .notNull()
      .references(() => users.id),
    reason: text("reason").notNull(),
    /** The line's amount and tax when disputed: what a credit gives back. */
    amountMinor: bigint("amount_minor", { mode: "number" }).notNull(),
    taxMinor: bigint("tax_minor", { mode: "number" }).notNull(),
    status: disputeStatus("status").notNull().default("open"),
    resolution: text("resolution"),
    resolvedById: uuid("resolved_by_id").references(() => users.id),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("bill_disputes_open_idx").on(t.billLineId).where(sql`status = 'open'`),
    index("bill_disputes_bill_idx").on(t.billId),
    index("bill_disputes_status_idx").on(t.enterpriseId, t.status),
    index("bill_disputes_account_idx").on(t.billingAccountId, t.status),
  ],
);

export type Bill = typeof bills.$inferSelect;
export type BillLine = typeof billLines.$inferSelect;
export type BillDispute = typeof billDisputes.$inferSelect;
