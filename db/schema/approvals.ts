import { bigint, char, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { accountNodes } from "./accounts";
import { decision } from "./enums";
import { orders } from "./orders";
import { users } from "./users";

/**
 * Which order totals need how many approval levels, set on a node for one currency. Thresholds are
 * amounts in that currency (minor units), ascending; each one the total exceeds adds a level. A
 * level waiting longer than escalationHours goes to the next approvers up the tree.
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
    currency: char("currency", { length: 3 }).notNull().default("GBP"),
    thresholdsMinor: jsonb("thresholds_minor").$type<number[]>().notNull(),
    escalationHours: integer("escalation_hours").notNull().default(48),
    updatedById: uuid("updated_by_id").references(() => users.id),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("approval_policies_node_currency_idx").on(t.nodeId, t.currency),
    // The applying policy (lib/approvals/routing.ts) is looked for in the order's enterprise and currency.
    index("approval_policies_enterprise_idx").on(t.enterpriseId, t.currency),
  ],
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
    /** The away approver the decider stood in for (delegation), or null. */
    onBehalfOfId: uuid("on_behalf_of_id").references(() => users.id),
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

/**
 * An approver away for a period, and who decides in their place. The delegate decides within the
 * delegate's own scope and limit, never their own orders; without a delegate, waiting items
 * escalate up the tree after the policy's time. endedAt: ended early by the approver.
 */
export const approvalDelegations = pgTable(
  "approval_delegations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    enterpriseId: uuid("enterprise_id")
      .notNull()
      .references(() => accountNodes.id),
    approverId: uuid("approver_id")
      .notNull()
      .references(() => users.id),
    delegateId: uuid("delegate_id").references(() => users.id),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
  },
  (t) => [
    index("approval_delegations_approver_idx").on(t.approverId, t.endsAt),
    index("approval_delegations_delegate_idx").on(t.delegateId, t.endsAt),
    index("approval_delegations_enterprise_idx").on(t.enterpriseId, t.approverId, t.endsAt),
  ],
);
