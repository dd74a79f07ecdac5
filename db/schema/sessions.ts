import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { accountNodes } from "./accounts";
import { impersonationSessions } from "./impersonation";
import { users } from "./users";

/**
 * A signed-in session (DESIGN.md rule 5). The session cookie carries only this row's id; every
 * request checks the row in the query that loads the principal, so ending it here ends the session
 * at the next request, whatever the cookie says. `expiresAt` is the absolute lifetime (fixed at
 * sign-in); `lastSeenAt` drives the idle timeout and is written at most once a minute.
 */
export const userSessions = pgTable(
  "user_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    enterpriseId: uuid("enterprise_id").references(() => accountNodes.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    /** sign_out, ended_by_user, ended_by_admin, deactivated, password_changed, expired, idle, replaced */
    endReason: text("end_reason"),
    userAgent: text("user_agent"),
    ipAddress: text("ip_address"),
    /**
     * Set while the session's person (an account manager) sees the portal as a customer user. The
     * session is still theirs: their sign-out, deactivation or password change ends it.
     */
    /** How the person proved who they are: "password", "password+totp", "password+recovery", "sso". */
    authMethod: text("auth_method"),
    impersonationId: uuid("impersonation_id").references(() => impersonationSessions.id),
  },
  (t) => [index("user_sessions_user_idx").on(t.userId, t.endedAt), index("user_sessions_enterprise_idx").on(t.enterpriseId, t.userId, t.endedAt)],
);

export type UserSession = typeof userSessions.$inferSelect;
