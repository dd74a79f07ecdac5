import { sql } from "drizzle-orm";
import { boolean, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { accountNodes } from "./accounts";
import { users } from "./users";

/**
 * An account manager seeing the portal as a customer user: who, whom, why, until when (DESIGN.md
 * rule 4). The browser holds a session row of its own for it (user_sessions.impersonation_id), so
 * the customer user's own sessions are never touched. `endReason` says how it ended: ended by the
 * account manager, reached its time limit, support access switched off, the person or the
 * assignment gone, the account manager's own session over.
 */
export const impersonationSessions = pgTable(
  "impersonation_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    enterpriseId: uuid("enterprise_id")
      .notNull()
      .references(() => accountNodes.id),
    accountManagerId: uuid("account_manager_id")
      .notNull()
      .references(() => users.id),
    targetUserId: uuid("target_user_id")
      .notNull()
      .references(() => users.id),
    reason: text("reason").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    endReason: text("end_reason"),
  },
  (t) => [
    index("impersonation_manager_idx").on(t.accountManagerId, t.endedAt),
    index("impersonation_enterprise_idx").on(t.enterpriseId, t.startedAt),
    // One open impersonation per account manager: starting another ends the first.
    uniqueIndex("impersonation_one_open_idx").on(t.accountManagerId).where(sql`ended_at is null`),
  ],
);

/**
 * An enterprise's consent to support access. Without a row, account managers may look in
 * (read-only); `supportEnabled = false` shuts them out; write access holds until `writeUntil`.
 */
export const supportAccessGrants = pgTable("support_access_grants", {
  enterpriseId: uuid("enterprise_id")
    .primaryKey()
    .references(() => accountNodes.id),
  supportEnabled: boolean("support_enabled").notNull().default(true),
  writeUntil: timestamp("write_until", { withTimezone: true }),
  grantedById: uuid("granted_by_id").references(() => users.id),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export type ImpersonationSession = typeof impersonationSessions.$inferSelect;
export type SupportAccessGrant = typeof supportAccessGrants.$inferSelect;
