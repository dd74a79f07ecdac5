import { type AnyPgColumn, char, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { billingCycle, nodeKind, paymentTerms, subAccountKind } from "./enums";

/**
 * One tree per enterprise: enterprise → legal entity → billing account → sub-account (TMF666).
 * `path` is the materialized path of ids ("/<enterprise>/<legal entity>/…/<self>/"), so "everything
 * under X" is one indexed `path LIKE '<X.path>%'`. `enterpriseId` is the root's id (the root's own id).
 */
export const accountNodes = pgTable(
  "account_nodes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    enterpriseId: uuid("enterprise_id").notNull(),
    parentId: uuid("parent_id").references((): AnyPgColumn => accountNodes.id, { onDelete: "restrict" }),
    kind: nodeKind("kind").notNull(),
    name: text("name").notNull(),
    code: text("code"),
    path: text("path").notNull(),
    // Sub-account: what it stands for.
    subAccountKind: subAccountKind("sub_account_kind"),
    // Legal entity: registration, tax and the country whose tax rate applies to its bills.
    registrationNumber: text("registration_number"),
    taxId: text("tax_id"),
    countryCode: char("country_code", { length: 2 }),
    // Legal entity and billing account: the currency bills and orders are in.
    currency: char("currency", { length: 3 }),
    // Billing account.
    paymentTerms: paymentTerms("payment_terms"),
    billingCycle: billingCycle("billing_cycle"),
    billToContact: jsonb("bill_to_contact").$type<{ name: string; email: string; phone?: string; address?: string }>(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("account_nodes_path_idx").using("btree", t.path.op("text_pattern_ops")),
    index("account_nodes_enterprise_idx").on(t.enterpriseId),
    index("account_nodes_parent_idx").on(t.parentId),
    index("account_nodes_kind_idx").on(t.enterpriseId, t.kind),
  ],
);

export type AccountNode = typeof accountNodes.$inferSelect;
export type NewAccountNode = typeof accountNodes.$inferInsert;
