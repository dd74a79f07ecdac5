import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { accountNodes } from "./accounts";
import { scimTokens } from "./identity";
import { users } from "./users";

/**
 * Append-only record of every change and every refused attempt. `nodeId` is the node the event
 * concerns (for the subtree filter); `onBehalfOfId` is the impersonated user when an account manager
 * acts as one. A database trigger (migration 0001) refuses UPDATE and DELETE.
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    enterpriseId: uuid("enterprise_id").references(() => accountNodes.id),
    nodeId: uuid("node_id").references(() => accountNodes.id),
    actorId: uuid("actor_id").references(() => users.id),
    onBehalfOfId: uuid("on_behalf_of_id").references(() => users.id),
    /** A SCIM token that made the change (no person did): the actor of provisioning. */
    actorTokenId: uuid("actor_token_id").references(() => scimTokens.id),
    action: text("action").notNull(),
    outcome: text("outcome").notNull().default("success"),
    subjectType: text("subject_type").notNull(),
    subjectId: text("subject_id"),
    summary: text("summary").notNull().default(""),
    before: jsonb("before"),
    after: jsonb("after"),
    requestId: text("request_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("audit_events_enterprise_time_idx").on(t.enterpriseId, t.createdAt),
    index("audit_events_node_idx").on(t.nodeId),
    index("audit_events_actor_idx").on(t.actorId),
  ],
);

export type AuditEvent = typeof auditEvents.$inferSelect;
export type NewAuditEvent = typeof auditEvents.$inferInsert;
