import { boolean, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { accountNodes } from "./accounts";
import { users } from "./users";

/** An account manager seeing the portal as a customer user: who, whom, why, until when. */
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
    writeAccess: boolean("write_access").notNull().default(false),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
  },
  (t) => [index("impersonation_manager_idx").on(t.accountManagerId, t.endedAt)],
);

/** Whether an enterprise lets account managers act (not only look) while impersonating. */
export const supportAccessGrants = pgTable("support_access_grants", {
  enterpriseId: uuid("enterprise_id")
    .primaryKey()
    .references(() => accountNodes.id),
  writeAllowed: boolean("write_allowed").notNull().default(false),
  grantedById: uuid("granted_by_id").references(() => users.id),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
