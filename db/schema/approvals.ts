import { bigint, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { accountNodes } from "./accounts";
import { decision } from "./enums";
import { orders } from "./orders";
import { users } from "./users";

/**
 * Which order totals need how many approval levels, set on a node. Thresholds are amounts in the
 * order's own currency (minor units), ascending; each one the total exceeds adds a level.
 */
export const approvalPolicies = pgTable(
  "approval_policies",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    enterpriseId: uuid("enterprise_id")
      .notNull()
      .references(() => accountNodes.id),
    nodeId: uuid("node_id")
      .notNull()
      .references(() => accountNodes.id),
    thresholdsMinor: jsonb("thresholds_minor").$type<number[]>().notNull(),
    updatedById: uuid("updated_by_id").references(() => users.id),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("approval_policies_node_idx").on(t.nodeId)],
);

/** One decision per level; the unique indexes hold segregation of duties in the database too. */
export const approvalDecisions = pgTable(
  "approval_decisions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    enterpriseId: uuid("enterprise_id")
      .notNull()
      .references(() => accountNodes.id),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    level: integer("level").notNull(),
    deciderId: uuid("decider_id")
      .notNull()
      .references(() => users.id),
    decision: decision("decision").notNull(),
    approvalLimitMinor: bigint("approval_limit_minor", { mode: "number" }),
    comment: text("comment"),
    decidedAt: timestamp("decided_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("approval_decisions_level_idx").on(t.orderId, t.level),
    uniqueIndex("approval_decisions_decider_idx").on(t.orderId, t.deciderId),
    index("approval_decisions_enterprise_idx").on(t.enterpriseId),
  ],
);
