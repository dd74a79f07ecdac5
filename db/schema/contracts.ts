import { sql } from "drizzle-orm";
import { bigint, char, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { accountNodes } from "./accounts";
import { productOfferings } from "./catalog";
import { contractStatus, paymentTerms } from "./enums";
import { users } from "./users";

/**
 * A framework agreement (TMF651) of an enterprise or one of its legal entities. It covers its
 * node's subtree. Drafted by one CSP user, activated by another. Each row is one version: an
 * amendment is a new row with the same reference and the next version, drafted and activated the
 * same way; activating it supersedes the version in force. At most one version of a reference is
 * active (a partial unique index), and orders point at the version they were priced from.
 */
export const contracts = pgTable(
  "contracts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    enterpriseId: uuid("enterprise_id")
      .notNull()
      .references(() => accountNodes.id),
    nodeId: uuid("node_id")
      .notNull()
      .references(() => accountNodes.id),
    reference: text("reference").notNull(),
    version: integer("version").notNull().default(1),
    previousId: uuid("previous_id").references((): AnyPgColumn => contracts.id),
    name: text("name").notNull(),
    status: contractStatus("status").notNull().default("draft"),
    slaTier: text("sla_tier").notNull(),
    paymentTerms: paymentTerms("payment_terms").notNull().default("net_30"),
    note: text("note"),
    startsOn: date("starts_on").notNull(),
    endsOn: date("ends_on").notNull(),
    draftedById: uuid("drafted_by_id")
      .notNull()
      .references(() => users.id),
    activatedById: uuid("activated_by_id").references(() => users.id),
    activatedAt: timestamp("activated_at", { withTimezone: true }),
    supersededAt: timestamp("superseded_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** Optimistic concurrency: a draft edit names the row version it read. */
    rowVersion: integer("row_version").notNull().default(1),
  },
  (t) => [
    index("contracts_enterprise_idx").on(t.enterpriseId),
    uniqueIndex("contracts_reference_version_idx").on(t.reference, t.version),
    uniqueIndex("contracts_one_active_idx").on(t.reference).where(sql`status = 'active'`),
    // One open draft per reference: an amendment in progress blocks a second one.
    uniqueIndex("contracts_one_draft_idx").on(t.reference).where(sql`status = 'draft'`),
  ],
);

/** A negotiated price for one offering in one currency, overriding the list price. */
export const contractPriceItems = pgTable(
  "contract_price_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    enterpriseId: uuid("enterprise_id")
      .notNull()
      .references(() => accountNodes.id),
    contractId: uuid("contract_id")
      .notNull()
      .references(() => contracts.id, { onDelete: "cascade" }),
    offeringId: uuid("offering_id")
      .notNull()
      .references(() => productOfferings.id),
    currency: char("currency", { length: 3 }).notNull(),
    oneOffMinor: bigint("one_off_minor", { mode: "number" }).notNull(),
    recurringMinor: bigint("recurring_minor", { mode: "number" }).notNull(),
    /** The quantity the enterprise committed to take under this contract (0: no commitment). */
    committedQuantity: integer("committed_quantity").notNull().default(0),
  },
  (t) => [uniqueIndex("contract_price_items_uq").on(t.contractId, t.offeringId, t.currency), index("contract_price_items_enterprise_idx").on(t.enterpriseId, t.contractId)],
);

/** Volume bands: from `minQuantity` units of the offering under the contract, this recurring price. */
export const contractVolumeBands = pgTable(
  "contract_volume_bands",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    enterpriseId: uuid("enterprise_id")
      .notNull()
      .references(() => accountNodes.id),
    priceItemId: uuid("price_item_id")
      .notNull()
      .references(() => contractPriceItems.id, { onDelete: "cascade" }),
    minQuantity: integer("min_quantity").notNull(),
    recurringMinor: bigint("recurring_minor", { mode: "number" }).notNull(),
  },
  (t) => [uniqueIndex("contract_volume_bands_uq").on(t.priceItemId, t.minQuantity), index("contract_volume_bands_enterprise_idx").on(t.enterpriseId, t.priceItemId)],
);

export type Contract = typeof contracts.$inferSelect;
