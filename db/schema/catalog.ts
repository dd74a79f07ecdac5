import { bigint, boolean, char, date, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

/** The CSP's catalog (TMF620): offerings with list prices per currency. Not tenant-owned. */
export const productOfferings = pgTable("product_offerings", {
  id: uuid("id").primaryKey().defaultRandom(),
  code: text("code").notNull().unique(),
  name: text("name").notNull(),
  description: text("description").notNull().default(""),
  category: text("category").notNull(),
  unit: text("unit").notNull().default("each"),
  isActive: boolean("is_active").notNull().default(true),
  /** The offering can be put on a contract and ordered from validFrom to validTo (inclusive; open-ended when null). */
  validFrom: date("valid_from").notNull().default("2020-01-01"),
  validTo: date("valid_to"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const offeringPrices = pgTable(
  "offering_prices",
  {
    offeringId: uuid("offering_id")
      .notNull()
      .references(() => productOfferings.id, { onDelete: "cascade" }),
    currency: char("currency", { length: 3 }).notNull(),
    oneOffMinor: bigint("one_off_minor", { mode: "number" }).notNull().default(0),
    recurringMinor: bigint("recurring_minor", { mode: "number" }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.offeringId, t.currency] })],
);

export type ProductOffering = typeof productOfferings.$inferSelect;
