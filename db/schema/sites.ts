import { char, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { accountNodes } from "./accounts";

/** A geographic site (TMF674): a postal address and contacts, attached to a sub-account. */
export const sites = pgTable(
  "sites",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    enterpriseId: uuid("enterprise_id")
      .notNull()
      .references(() => accountNodes.id),
    subAccountId: uuid("sub_account_id")
      .notNull()
      .references(() => accountNodes.id),
    name: text("name").notNull(),
    addressLine1: text("address_line1").notNull(),
    addressLine2: text("address_line2"),
    city: text("city").notNull(),
    region: text("region"),
    postcode: text("postcode").notNull(),
    countryCode: char("country_code", { length: 2 }).notNull(),
    contactName: text("contact_name"),
    contactEmail: text("contact_email"),
    contactPhone: text("contact_phone"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("sites_enterprise_idx").on(t.enterpriseId), index("sites_sub_account_idx").on(t.subAccountId)],
);

export type Site = typeof sites.$inferSelect;
