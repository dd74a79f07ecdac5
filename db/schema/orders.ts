import { bigint, char, date, index, integer, jsonb, pgSequence, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { accountNodes } from "./accounts";
import { productOfferings } from "./catalog";
import { contractPriceItems, contracts } from "./contracts";
import { orderStatus, serviceStatus } from "./enums";
import { sites } from "./sites";
import { users } from "./users";

/** Order numbers (ORD-2001, …): a sequence, so concurrent orders never race for the same number. */
export const orderNumberSeq = pgSequence("order_number_seq", { startWith: 2001 });

/**
 * A product order (TMF622), placed against an active contract for a node (usually a sub-account)
 * under one billing account, in that billing account's currency.
 * `totalMinor` is what approvals compare against: one-off charges plus twelve months of recurring.
 */
export const orders = pgTable(
  "orders",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    enterpriseId: uuid("enterprise_id")
      .notNull()
      .references(() => accountNodes.id),
    number: text("number").notNull(),
    nodeId: uuid("node_id")
      .notNull()
      .references(() => accountNodes.id),
    billingAccountId: uuid("billing_account_id")
      .notNull()
      .references(() => accountNodes.id),
    contractId: uuid("contract_id")
      .notNull()
      .references(() => contracts.id),
    createdById: uuid("created_by_id")
      .notNull()
      .references(() => users.id),
    status: orderStatus("status").notNull().default("draft"),
    purchaseOrderNumber: text("purchase_order_number"),
    requestedOn: date("requested_on"),
    currency: char("currency", { length: 3 }).notNull(),
    oneOffTotalMinor: bigint("one_off_total_minor", { mode: "number" }).notNull().default(0),
    recurringTotalMinor: bigint("recurring_total_minor", { mode: "number" }).notNull().default(0),
    totalMinor: bigint("total_minor", { mode: "number" }).notNull().default(0),
    requiredLevels: integer("required_levels").notNull().default(0),
    note: text("note"),
    /** Optimistic concurrency: every edit names the version it read and bumps it. */
    rowVersion: integer("row_version").notNull().default(1),
    /** When the level now waiting began to wait (submission, or the previous level's decision). */
    levelSince: timestamp("level_since", { withTimezone: true }),
    /** How many tiers up the tree the waiting level has been escalated (0: not escalated). */
    escalationTier: integer("escalation_tier").notNull().default(0),
    /** The applying policy's escalation time, fixed at submission (null: no approval needed). */
    escalationHours: integer("escalation_hours"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("orders_number_idx").on(t.number),
    index("orders_enterprise_idx").on(t.enterpriseId, t.status),
    // Scope filters join orders to the nodes under a path; the status rides along for the inbox and
    // the status filter of a narrow scope.
    index("orders_node_status_idx").on(t.nodeId, t.status),
    // The list's default order (newest first, then number and id) read straight off an index.
    index("orders_created_idx").on(t.createdAt, t.number, t.id),
    index("orders_created_by_idx").on(t.createdById, t.submittedAt),
    index("orders_pending_idx").on(t.status, t.levelSince),
  ],
);

/** A line names the site and the sub-account bearing the cost; its price is a snapshot of the contract. */
export const orderLines = pgTable(
  "order_lines",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    enterpriseId: uuid("enterprise_id")
      .notNull()
      .references(() => accountNodes.id),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    offeringId: uuid("offering_id")
      .notNull()
      .references(() => productOfferings.id),
    siteId: uuid("site_id")
      .notNull()
      .references(() => sites.id),
    subAccountId: uuid("sub_account_id")
      .notNull()
      .references(() => accountNodes.id),
    priceItemId: uuid("price_item_id").references(() => contractPriceItems.id),
    quantity: integer("quantity").notNull(),
    unitOneOffMinor: bigint("unit_one_off_minor", { mode: "number" }).notNull(),
    unitRecurringMinor: bigint("unit_recurring_minor", { mode: "number" }).notNull(),
    bandMinQuantity: integer("band_min_quantity"),
  },
  (t) => [
    index("order_lines_order_idx").on(t.orderId),
    index("order_lines_site_idx").on(t.siteId, t.orderId),
    index("order_lines_enterprise_idx").on(t.enterpriseId, t.orderId),
  ],
);

/** What is installed: the result of completed order lines, billed monthly. */
export const services = pgTable(
  "services",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    enterpriseId: uuid("enterprise_id")
      .notNull()
      .references(() => accountNodes.id),
    offeringId: uuid("offering_id")
      .notNull()
      .references(() => productOfferings.id),
    contractId: uuid("contract_id").references(() => contracts.id),
    orderLineId: uuid("order_line_id").references(() => orderLines.id),
    siteId: uuid("site_id")
      .notNull()
      .references(() => sites.id),
    subAccountId: uuid("sub_account_id")
      .notNull()
      .references(() => accountNodes.id),
    quantity: integer("quantity").notNull(),
    currency: char("currency", { length: 3 }).notNull(),
    recurringMinor: bigint("recurring_minor", { mode: "number" }).notNull(),
    status: serviceStatus("status").notNull().default("active"),
    activatedAt: timestamp("activated_at", { withTimezone: true }).notNull(),
    terminatedAt: timestamp("terminated_at", { withTimezone: true }),
  },
  (t) => [index("services_enterprise_idx").on(t.enterpriseId), index("services_site_idx").on(t.siteId)],
);

/**
 * The order's timeline: every transition with who did it (and for whom, under delegation) and
 * when. The orderer reads it; the audit log keeps the security record alongside.
 */
export const orderEvents = pgTable(
  "order_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    enterpriseId: uuid("enterprise_id")
      .notNull()
      .references(() => accountNodes.id),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    actorId: uuid("actor_id").references(() => users.id),
    onBehalfOfId: uuid("on_behalf_of_id").references(() => users.id),
    level: integer("level"),
    comment: text("comment"),
    data: jsonb("data").$type<Record<string, unknown>>(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("order_events_order_idx").on(t.orderId, t.at), index("order_events_enterprise_idx").on(t.enterpriseId, t.orderId, t.at)],
);

export type Order = typeof orders.$inferSelect;
export type OrderLine = typeof orderLines.$inferSelect;
export type Service = typeof services.$inferSelect;
