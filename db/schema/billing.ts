import { bigint, char, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { accountNodes } from "./accounts";
import { productOfferings } from "./catalog";
import { billLineKind, billStatus } from "./enums";
import { sites } from "./sites";

/** One bill per billing account per period (TMF678), in the billing account's currency. */
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
    status: billStatus("status").notNull().default("issued"),
    issuedAt: timestamp("issued_at", { withTimezone: true }).notNull(),
    dueOn: date("due_on").notNull(),
  },
  (t) => [
    uniqueIndex("bills_period_idx").on(t.billingAccountId, t.periodStart),
    uniqueIndex("bills_number_idx").on(t.number),
    index("bills_enterprise_idx").on(t.enterpriseId),
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
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("bill_lines_bill_idx").on(t.billId), index("bill_lines_sub_account_idx").on(t.subAccountId)],
);

export type Bill = typeof bills.$inferSelect;
export type BillLine = typeof billLines.$inferSelect;
