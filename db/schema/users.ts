import { bigint, char, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { accountNodes } from "./accounts";
import { role, userStatus } from "./enums";
import { scimGroupRoles } from "./identity";

/**
 * A person who signs in. Customer users belong to one node (their unit) of one enterprise;
 * CSP staff have neither. `sessionsValidAfter` ends every session issued before it (deactivation,
 * password change), checked on each request.
 */
export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    enterpriseId: uuid("enterprise_id").references(() => accountNodes.id),
    unitNodeId: uuid("unit_node_id").references(() => accountNodes.id),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash"),
    status: userStatus("status").notNull().default("active"),
    locale: text("locale").notNull().default("en-GB"),
    timeZone: text("time_zone").notNull().default("Europe/London"),
    lastSignInAt: timestamp("last_sign_in_at", { withTimezone: true }),
    sessionsValidAfter: timestamp("sessions_valid_after", { withTimezone: true }).notNull().defaultNow(),
    deactivatedAt: timestamp("deactivated_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** The identity provider's id for the person (SCIM externalId), unique within the enterprise. */
    externalId: text("external_id"),
    /** The OpenID Connect `sub` of the enterprise's provider, bound at the first SSO sign-in. */
    ssoSubject: text("sso_subject"),
    /** How the account came to be: null (invited or seeded), "scim" or "sso" (first sign-in). */
    provisionedBy: text("provisioned_by"),
    /** Bumped by a trigger (migration 0012) when a field SCIM shows changes, whoever changes it: the ETag W/"<version>". */
    version: integer("version").notNull().default(1),
    /**
     * When a field SCIM shows last changed, set with `version` by the same trigger (migration 0013);
     * null until the first change. SCIM meta.lastModified is this, else createdAt.
     */
    updatedAt: timestamp("updated_at", { withTimezone: true }),
    /**
     * The identity provider deleted the person through SCIM (DELETE /Users/{id}): they are deactivated
     * with no roles, kept for the record, and no longer exist for SCIM (404, not listed).
     */
    scimDeletedAt: timestamp("scim_deleted_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("users_email_idx").on(t.email),
    uniqueIndex("users_external_id_idx").on(t.enterpriseId, t.externalId),
    uniqueIndex("users_sso_subject_idx").on(t.enterpriseId, t.ssoSubject),
    index("users_enterprise_idx").on(t.enterpriseId),
    index("users_unit_idx").on(t.unitNodeId),
  ],
);

/**
 * (user, role, scope node): the role holds on the node and its whole subtree (TMF672).
 * Approvers carry an approval limit in one currency; orderers may carry a monthly spend limit.
 * CSP admins have no scope node; account managers are scoped to an enterprise's root node.
 */
export const roleAssignments = pgTable(
  "role_assignments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    enterpriseId: uuid("enterprise_id").references(() => accountNodes.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: role("role").notNull(),
    scopeNodeId: uuid("scope_node_id").references(() => accountNodes.id),
    approvalLimitMinor: bigint("approval_limit_minor", { mode: "number" }),
    spendLimitMinor: bigint("spend_limit_minor", { mode: "number" }),
    limitCurrency: char("limit_currency", { length: 3 }),
    grantedById: uuid("granted_by_id").references(() => users.id),
    grantedAt: timestamp("granted_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    /** Granted by membership of a SCIM group (its role mapping); leaving the group revokes it. */
    viaGroupRoleId: uuid("via_group_role_id").references(() => scimGroupRoles.id, { onDelete: "set null" }),
  },
  (t) => [
    index("role_assignments_user_idx").on(t.userId),
    index("role_assignments_group_role_idx").on(t.viaGroupRoleId),
    index("role_assignments_scope_idx").on(t.scopeNodeId),
    index("role_assignments_enterprise_idx").on(t.enterpriseId),
  ],
);

/**
 * Sign-in attempts per key (an account, a client address, or the pair), kept in the database so
 * every instance sees the same counter. An attempt is counted before the password is checked, in
 * one conditional upsert, so a burst cannot get past the limit; past the threshold each attempt
 * must wait a growing delay (`nextAllowedAt`). `refusalLoggedAt` keeps the audit of refusals to
 * one event per delay. Rows outlive their window only until the next sign-in purges them.
 */
export const loginThrottle = pgTable(
  "login_throttle",
  {
    key: text("key").primaryKey(),
    attempts: integer("attempts").notNull().default(0),
    windowStart: timestamp("window_start", { withTimezone: true }).notNull().defaultNow(),
    nextAllowedAt: timestamp("next_allowed_at", { withTimezone: true }),
    refusalLoggedAt: timestamp("refusal_logged_at", { withTimezone: true }),
  },
  (t) => [index("login_throttle_window_idx").on(t.windowStart)],
);

/**
 * A single-use, expiring invitation to set a password. Inviting creates the user (status "invited")
 * with its role assignments at once; accepting sets the password and activates the user. Only the
 * SHA-256 of the token is stored.
 */
export const invitations = pgTable(
  "invitations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    enterpriseId: uuid("enterprise_id")
      .notNull()
      .references(() => accountNodes.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    tokenHash: text("token_hash").notNull(),
    invitedById: uuid("invited_by_id")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("invitations_token_idx").on(t.tokenHash),
    index("invitations_enterprise_idx").on(t.enterpriseId),
    index("invitations_user_idx").on(t.userId),
  ],
);

/** Mail sent while no SMTP server is configured: the development outbox, readable in the portal. */
export const outboxMessages = pgTable(
  "outbox_messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    enterpriseId: uuid("enterprise_id").references(() => accountNodes.id),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    html: text("html"),
    /**
     * Why it was sent, where that decides who may read it: "onboarding_invitation" is the first
     * admin's invitation of a new enterprise, which the CSP administrator who onboarded it reads.
     */
    purpose: text("purpose"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("outbox_enterprise_idx").on(t.enterpriseId, t.createdAt)],
);

export type User = typeof users.$inferSelect;
export type RoleAssignment = typeof roleAssignments.$inferSelect;
export type Invitation = typeof invitations.$inferSelect;
