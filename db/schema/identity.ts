import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { accountNodes } from "./accounts";
import { role } from "./enums";
import { users } from "./users";

/**
 * An enterprise's own identity provider (OpenID Connect, authorization code with PKCE). The client
 * secret is stored encrypted (AES-256-GCM under a key derived from AUTH_SECRET, lib/identity/secret-box.ts).
 * A connection is usable only once a test sign-in through it has succeeded (`testedAt`) and an admin has
 * switched it on; `passwordSignIn = false` then refuses passwords for the enterprise's SSO domains.
 * New people signed in through it land at `defaultNodeId` (the root when null) with `defaultRole` there,
 * or with no role when it is null.
 */
export const ssoConnections = pgTable("sso_connections", {
  enterpriseId: uuid("enterprise_id")
    .primaryKey()
    .references(() => accountNodes.id),
  /** The stable id in provider ids and callback URLs (sso-<id>), so an enterprise's id is not exposed. */
  id: uuid("id").notNull().unique().defaultRandom(),
  issuer: text("issuer").notNull(),
  clientId: text("client_id").notNull(),
  clientSecretSealed: text("client_secret_sealed").notNull(),
  enabled: boolean("enabled").notNull().default(false),
  passwordSignIn: boolean("password_sign_in").notNull().default(true),
  defaultRole: role("default_role"),
  defaultNodeId: uuid("default_node_id").references(() => accountNodes.id),
  testedAt: timestamp("tested_at", { withTimezone: true }),
  updatedById: uuid("updated_by_id").references(() => users.id),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * An e-mail domain claimed by one enterprise (the primary key makes a domain belong to one enterprise
 * only). It routes sign-in to the enterprise's provider once verified: a DNS TXT record
 * `_trellis-verify.<domain>` holding `trellis-verify=<verificationToken>`.
 */
export const ssoDomains = pgTable(
  "sso_domains",
  {
    domain: text("domain").primaryKey(),
    enterpriseId: uuid("enterprise_id")
      .notNull()
      .references(() => accountNodes.id),
    verificationToken: text("verification_token").notNull(),
    verifiedAt: timestamp("verified_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("sso_domains_enterprise_idx").on(t.enterpriseId)],
);

/** Enterprise-wide sign-in policy set by its admins. Without a row: MFA optional. */
export const enterpriseSecuritySettings = pgTable("enterprise_security_settings", {
  enterpriseId: uuid("enterprise_id")
    .primaryKey()
    .references(() => accountNodes.id),
  mfaRequired: boolean("mfa_required").notNull().default(false),
  updatedById: uuid("updated_by_id").references(() => users.id),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A person's TOTP authenticator (RFC 6238). The secret is sealed like the SSO client secret; it is
 * pending until the first code is confirmed (`enabledAt`). `lastUsedStep` is the last 30-second step
 * accepted, so a code is never accepted twice.
 */
export const userMfa = pgTable(
  "user_mfa",
  {
    userId: uuid("user_id")
      .primaryKey()
      .references(() => users.id, { onDelete: "cascade" }),
    enterpriseId: uuid("enterprise_id").references(() => accountNodes.id),
    secretSealed: text("secret_sealed").notNull(),
    enabledAt: timestamp("enabled_at", { withTimezone: true }),
    lastUsedStep: bigint("last_used_step", { mode: "number" }).notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("user_mfa_enterprise_idx").on(t.enterpriseId, t.userId)],
);

/** Single-use recovery codes, shown once; only their SHA-256 is stored. */
export const mfaRecoveryCodes = pgTable(
  "mfa_recovery_codes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    enterpriseId: uuid("enterprise_id").references(() => accountNodes.id),
    codeHash: text("code_hash").notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("mfa_recovery_codes_user_idx").on(t.userId),
    uniqueIndex("mfa_recovery_codes_hash_idx").on(t.userId, t.codeHash),
    index("mfa_recovery_codes_enterprise_idx").on(t.enterpriseId, t.userId),
  ],
);

/**
 * A SCIM bearer token of one enterprise (RFC 7644 §2). Only its SHA-256 is stored; the token is shown
 * once. It acts as an enterprise admin of `scopeNodeId` (its creator's scope when created), so what it
 * provisions stays within the rules of the ability.
 */
export const scimTokens = pgTable(
  "scim_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    enterpriseId: uuid("enterprise_id")
      .notNull()
      .references(() => accountNodes.id),
    scopeNodeId: uuid("scope_node_id")
      .notNull()
      .references(() => accountNodes.id),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    createdById: uuid("created_by_id").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    revokedById: uuid("revoked_by_id").references(() => users.id),
  },
  (t) => [uniqueIndex("scim_tokens_hash_idx").on(t.tokenHash), index("scim_tokens_enterprise_idx").on(t.enterpriseId)],
);

/** A SCIM Group pushed by the enterprise's identity provider. */
export const scimGroups = pgTable(
  "scim_groups",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    enterpriseId: uuid("enterprise_id")
      .notNull()
      .references(() => accountNodes.id),
    displayName: text("display_name").notNull(),
    externalId: text("external_id"),
    /** Bumped by every change to the group or its members, for its ETags. */
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("scim_groups_name_idx").on(t.enterpriseId, sql`lower(${t.displayName})`),
    uniqueIndex("scim_groups_external_idx").on(t.enterpriseId, t.externalId),
  ],
);

export const scimGroupMembers = pgTable(
  "scim_group_members",
  {
    groupId: uuid("group_id")
      .notNull()
      .references(() => scimGroups.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    enterpriseId: uuid("enterprise_id")
      .notNull()
      .references(() => accountNodes.id),
  },
  (t) => [
    primaryKey({ columns: [t.groupId, t.userId] }),
    index("scim_group_members_user_idx").on(t.userId),
    index("scim_group_members_enterprise_idx").on(t.enterpriseId, t.groupId),
  ],
);

/**
 * What membership of a group grants: a role on a node, configured by an enterprise admin. Role
 * assignments made through it carry `role_assignments.via_group_role_id`, so leaving the group (or the
 * mapping's removal) revokes exactly those.
 */
export const scimGroupRoles = pgTable(
  "scim_group_roles",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    groupId: uuid("group_id")
      .notNull()
      .references(() => scimGroups.id, { onDelete: "cascade" }),
    enterpriseId: uuid("enterprise_id")
      .notNull()
      .references(() => accountNodes.id),
    role: role("role").notNull(),
    scopeNodeId: uuid("scope_node_id")
      .notNull()
      .references(() => accountNodes.id),
    createdById: uuid("created_by_id").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("scim_group_roles_unique_idx").on(t.groupId, t.role, t.scopeNodeId), index("scim_group_roles_enterprise_idx").on(t.enterpriseId)],
);

export type SsoConnection = typeof ssoConnections.$inferSelect;
export type SsoDomain = typeof ssoDomains.$inferSelect;
export type UserMfa = typeof userMfa.$inferSelect;
export type ScimToken = typeof scimTokens.$inferSelect;
export type ScimGroup = typeof scimGroups.$inferSelect;
