import "server-only";
import { and, asc, count, desc, eq, inArray, isNull, sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { roleAssignments, scimGroupMembers, scimGroups, users, type User } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { authorize, loadSubjectFields, lockUserFields } from "@/lib/authz/guard";
import { asSubject } from "@/lib/authz/subjects";
import { accessibleWhere } from "@/lib/authz/sql";
import { isUniqueViolation } from "@/lib/errors";
import { endSessions } from "@/lib/sessions/mutations";
import { assertKeepsAnAdmin } from "@/lib/users/admin-seats";
import { revokeOpenInvitations } from "@/lib/users/open-invitations";
import { SCIM_ENTERPRISE_USER, SCIM_LIST, SCIM_USER } from "./constants";
import { notFound, ScimError, uniqueness } from "./errors";
import { filterToSql, type FilterSchema } from "./filter";
import type { ScimContext } from "./http";
import { applyPatch, parsePatchRequest, type Json } from "./patch";
import { revokeGroupRoles, mappingsOf, emptyOutcome } from "./roles";
import { attributeList, checkIfMatch, etagOf, pagingOf, project } from "./rules";
import { userFieldsOf, type UserFields } from "./schemas";

/**
 * SCIM Users (RFC 7643 §4.1) over Trellis's people. A token sees exactly the people it may manage
 * (the ability's `update User`: their unit in its scope and every role they hold too, rule 3) who
 * were not deleted through SCIM; anyone else is "not found", in a list or by id. `userName` is the
 * sign-in e-mail address, globally unique; `externalId` is unique in the enterprise.
 */

const COLUMNS = {
  id: users.id,
  enterpriseId: users.enterpriseId,
  unitNodeId: users.unitNodeId,
  email: users.email,
  name: users.name,
  status: users.status,
  locale: users.locale,
  timeZone: users.timeZone,
  externalId: users.externalId,
  passwordHash: users.passwordHash,
  provisionedBy: users.provisionedBy,
  createdAt: users.createdAt,
  updatedAt: users.updatedAt,
  version: users.version,
};
type Row = Pick<User, keyof typeof COLUMNS>;

const ACTIVE = sql`(${users.status} <> 'deactivated')`;

const EMAILS: FilterSchema = {
  urns: [],
  attrs: {
    value: { type: "string", sql: sql`${users.email}` },
    type: { type: "string", sql: sql`'work'` },
    primary: { type: "boolean", sql: sql`true` },
  },
};

/** What a User list can be filtered on. */
export const USER_FILTER: FilterSchema = {
  urns: [SCIM_USER],
  attrs: {
    id: { type: "uuid", sql: sql`${users.id}` },
    username: { type: "string", sql: sql`${users.email}` },
    externalid: { type: "string", sql: sql`${users.externalId}`, caseExact: true },
    displayname: { type: "string", sql: sql`${users.name}` },
    "name.formatted": { type: "string", sql: sql`${users.name}` },
    active: { type: "boolean", sql: ACTIVE },
    emails: { type: "string", sql: sql`${users.email}` },
    "emails.value": { type: "string", sql: sql`${users.email}` },
    "emails.type": { type: "string", sql: sql`'work'` },
    "emails.primary": { type: "boolean", sql: sql`true` },
    locale: { type: "string", sql: sql`${users.locale}` },
    timezone: { type: "string", sql: sql`${users.timeZone}` },
    "meta.created": { type: "dateTime", sql: sql`${users.createdAt}` },
    "meta.lastmodified": { type: "dateTime", sql: sql`coalesce(${users.updatedAt}, ${users.createdAt})` },
  },
  valuePaths: { emails: EMAILS },
};

const SORTS: Record<string, SQL> = {
  id: sql`${users.id}`,
  username: sql`${users.email}`,
  displayname: sql`lower(${users.name})`,
  "name.formatted": sql`lower(${users.name})`,
  externalid: sql`${users.externalId}`,
  "meta.created": sql`${users.createdAt}`,
  "meta.lastmodified": sql`coalesce(${users.updatedAt}, ${users.createdAt})`,
};

/** The sort a list asks for (sortBy, sortOrder), on the attributes above; otherwise by creation. */
export function sortOf(params: URLSearchParams, sorts: Record<string, SQL>, fallback: AnyColumn | SQL, urns: string[]): SQL[] {
  const by = params.get("sortBy");
  const order = (params.get("sortOrder") ?? "ascending").toLowerCase();
  if (order !== "ascending" && order !== "descending") throw new ScimError(400, 'sortOrder is "ascending" or "descending".', "invalidValue");
  const dir = order === "descending" ? desc : asc;
  if (!by) return [asc(fallback)];
  const key = by.replace(new RegExp(`^(${urns.map((u) => u.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")}):`, "i"), "").toLowerCase();
  const column = Object.hasOwn(sorts, key) ? sorts[key] : undefined;
  if (!column) throw new ScimError(400, `Sorting by "${by}" is not supported.`, "invalidValue");
  return [dir(column)];
}

export function toScimUser(u: Row, base: string): Json {
  return {
    schemas: [SCIM_USER],
    id: u.id,
    ...(u.externalId ? { externalId: u.externalId } : {}),
    userName: u.email,
    name: { formatted: u.name },
    displayName: u.name,
    active: u.status !== "deactivated",
    emails: [{ value: u.email, type: "work", primary: true }],
    locale: u.locale,
    timezone: u.timeZone,
    meta: { resourceType: "User", created: u.createdAt.toISOString(), lastModified: (u.updatedAt ?? u.createdAt).toISOString(), location: `${base}/Users/${u.id}`, version: etagOf(u.version) },
  };
}

/** The people a token sees: in its enterprise, manageable by its ability, not deleted through SCIM. */
function visible(ctx: ScimContext): SQL {
  return and(
    eq(users.enterpriseId, ctx.token.enterpriseId),
    isNull(users.scimDeletedAt),
    accessibleWhere(ctx.ability, "update", "User"),
  )!;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** GET /Users: filtered, sorted, paged (RFC 7644 §3.4.2). */
export async function listUsers(ctx: ScimContext, params: URLSearchParams) {
  const paging = pagingOf(params);
  const filter = params.get("filter");
  const where = and(visible(ctx), filter ? filterToSql(filter, USER_FILTER) : undefined)!;
  const orderBy = [...sortOf(params, SORTS, users.createdAt, [SCIM_USER]), asc(users.id)];
  const [[total], rows] = await Promise.all([
    ctx.db.select({ n: count() }).from(users).where(where),
    paging.count === 0 ? Promise.resolve([]) : ctx.db.select(COLUMNS).from(users).where(where).orderBy(...orderBy).limit(paging.count).offset(paging.startIndex - 1),
  ]);
  const attributes = attributeList(params.get("attributes"), [SCIM_USER]);
  const excluded = attributeList(params.get("excludedAttributes"), [SCIM_USER]);
  return {
    schemas: [SCIM_LIST],
    totalResults: total?.n ?? 0,
    startIndex: paging.startIndex,
    itemsPerPage: rows.length,
    Resources: rows.map((r) => project(toScimUser(r, ctx.base), attributes, excluded)),
  };
}

/** One visible person, or 404 (unknown, another enterprise's, outside the scope, deleted). */
export async function getUserRow(ctx: ScimContext, db: Executor, id: string): Promise<Row> {
  if (!UUID.test(id)) throw notFound();
  const [row] = await db.select(COLUMNS).from(users).where(and(eq(users.id, id), visible(ctx)));
  if (!row) throw notFound();
  return row;
}

/**
 * Locks the person, then checks again that the token may manage them as they are now (rule 3):
 * a concurrent grant above the token's scope takes the same lock first.
 */
async function lockVisible(ctx: ScimContext, tx: Executor, id: string): Promise<Row> {
  if (!UUID.test(id)) throw notFound();
  const fields = await lockUserFields(tx, id);
  if (!fields || !ctx.ability.can("update", asSubject("User", fields))) throw notFound();
  return getUserRow(ctx, tx, id);
}

function describeUniqueness(error: unknown): ScimError {
  const text = String((error as { cause?: { message?: string }; message?: string })?.cause?.message ?? (error as Error)?.message ?? "");
  return uniqueness(/external/i.test(text) ? "externalId is already taken by another user." : "userName is already taken by another user.");
}

/** Uniqueness before writing: an e-mail address anywhere (users are global), an externalId in the enterprise. */
async function assertUnique(ctx: ScimContext, tx: Executor, f: UserFields, exceptId?: string) {
  const [byEmail] = await tx.select({ id: users.id }).from(users).where(eq(users.email, f.email));
  if (byEmail && byEmail.id !== exceptId) throw uniqueness("userName is already taken by another user.");
  if (f.externalId) {
    const [byExternal] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.enterpriseId, ctx.token.enterpriseId), eq(users.externalId, f.externalId)));
    if (byExternal && byExternal.id !== exceptId) throw uniqueness("externalId is already taken by another user.");
  }
}

/**
 * POST /Users: a person at the token's scope node, with no roles, no password (they sign in through
 * the enterprise's SSO), active unless `active` is false. A person the identity provider deleted
 * earlier (same enterprise, in scope) comes back under their old id rather than as a conflict.
 */
export async function createUser(ctx: ScimContext, body: unknown): Promise<Row> {
  const f = userFieldsOf(body);
  const unit = await loadSubjectFields(ctx.db, "AccountNode", ctx.token.scopeNodeId);
  const userSubject = { enterpriseId: ctx.token.enterpriseId, path: unit?.path, rolePaths: [] };
  authorize(ctx.ability, "create", "User", unit && userSubject);
  try {
    return await ctx.db.transaction(async (tx) => {
      const [earlier] = await tx.select({ id: users.id, deleted: users.scimDeletedAt, enterpriseId: users.enterpriseId }).from(users).where(eq(users.email, f.email));
      if (earlier?.deleted && earlier.enterpriseId === ctx.token.enterpriseId) {
        const fields = await lockUserFields(tx, earlier.id);
        if (fields && ctx.ability.can("update", asSubject("User", fields))) return restore(ctx, tx, earlier.id, f);
      }
      await assertUnique(ctx, tx, f);
      const now = new Date();
      const [created] = await tx
        .insert(users)
        .values({
          enterpriseId: ctx.token.enterpriseId,
          unitNodeId: ctx.token.scopeNodeId,
          email: f.email,
          name: f.name,
          passwordHash: null,
          status: f.active ? "active" : "deactivated",
          deactivatedAt: f.active ? null : now,
          externalId: f.externalId,
          provisionedBy: "scim",
          ...(f.locale ? { locale: f.locale } : {}),
          ...(f.timeZone ? { timeZone: f.timeZone } : {}),
          createdAt: now,
          sessionsValidAfter: now,
        })
        .returning(COLUMNS);
      await recordAudit(tx, ctx.principal, ctx.requestId, {
        action: "user.provision",
        subjectType: "User",
        subjectId: created!.id,
        enterpriseId: ctx.token.enterpriseId,
        nodeId: ctx.token.scopeNodeId,
        summary: `Provisioned ${f.name} (${f.email}) through SCIM${f.active ? "" : ", deactivated"}`,
        after: { email: f.email, name: f.name, externalId: f.externalId, status: created!.status, unitNodeId: ctx.token.scopeNodeId },
      });
      return created!;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw describeUniqueness(error);
    throw error;
  }
}

/** A person deleted through SCIM, created again by the identity provider: back, with these fields. */
async function restore(ctx: ScimContext, tx: Executor, id: string, f: UserFields): Promise<Row> {
  await assertUnique(ctx, tx, f, id);
  await tx.update(users).set({ scimDeletedAt: null }).where(eq(users.id, id));
  const before = await getUserRow(ctx, tx, id);
  await recordAudit(tx, ctx.principal, ctx.requestId, {
    action: "user.provision",
    subjectType: "User",
    subjectId: id,
    enterpriseId: ctx.token.enterpriseId,
    nodeId: before.unitNodeId,
    summary: `Provisioned ${f.name} (${f.email}) through SCIM again, after an earlier deletion`,
    after: { restored: true },
  });
  return writeUser(ctx, tx, before, f);
}

/**
 * Writes a person's new fields (PUT and PATCH alike): the attributes, then the status change, which
 * goes through the same steps as the portal's: deactivation ends every session at the next request
 * (sessionsValidAfter and the session rows), stops open invitation links and never removes the
 * enterprise's last admin; reactivation starts from no session.
 */
async function writeUser(ctx: ScimContext, tx: Executor, before: Row, f: UserFields): Promise<Row> {
  const now = new Date();
  const changes: Partial<User> = {};
  if (f.email !== before.email) changes.email = f.email;
  if (f.name !== before.name) changes.name = f.name;
  if (f.externalId !== before.externalId) changes.externalId = f.externalId;
  if (f.locale && f.locale !== before.locale) changes.locale = f.locale;
  if (f.timeZone && f.timeZone !== before.timeZone) changes.timeZone = f.timeZone;
  if (changes.email || changes.externalId) await assertUnique(ctx, tx, f, before.id);
  if (Object.keys(changes).length > 0) {
    await tx.update(users).set(changes).where(eq(users.id, before.id));
    const was = Object.fromEntries(Object.keys(changes).map((k) => [k, before[k as keyof Row]]));
    await recordAudit(tx, ctx.principal, ctx.requestId, {
      action: "user.update",
      subjectType: "User",
      subjectId: before.id,
      enterpriseId: before.enterpriseId,
      nodeId: before.unitNodeId,
      summary: `Updated ${f.name} (${f.email}) through SCIM: ${Object.keys(changes).join(", ")}`,
      before: was,
      after: changes,
    });
  }
  const deactivated = before.status === "deactivated";
  if (!f.active && !deactivated) await deactivate(ctx, tx, before, now);
  if (f.active && deactivated) {
    authorize(ctx.ability, "reactivate", "User", await loadSubjectFields(tx, "User", before.id));
    // Someone with a password or an identity provider behind them is active again; someone who never
    // accepted their invitation goes back to "invited" (with no working link), as in the portal.
    const status = before.passwordHash || before.provisionedBy ? "active" : "invited";
    await tx.update(users).set({ status, deactivatedAt: null, sessionsValidAfter: now }).where(eq(users.id, before.id));
    await revokeOpenInvitations(tx, before.id, now);
    await recordAudit(tx, ctx.principal, ctx.requestId, {
      action: "user.reactivate",
      subjectType: "User",
      subjectId: before.id,
      enterpriseId: before.enterpriseId,
      nodeId: before.unitNodeId,
      summary: `Reactivated ${f.name} (${f.email}) through SCIM`,
      before: { status: before.status },
      after: { status },
    });
  }
  return getUserRow(ctx, tx, before.id);
}

/** Deactivates within the caller's transaction, as lib/users' deactivateUser does. */
async function deactivate(ctx: ScimContext, tx: Executor, before: Row, now: Date, options: { deleting?: boolean } = {}) {
  authorize(ctx.ability, "deactivate", "User", await loadSubjectFields(tx, "User", before.id));
  if (before.enterpriseId) await assertKeepsAnAdmin(tx, before.enterpriseId, { userId: before.id });
  await tx.update(users).set({ status: "deactivated", deactivatedAt: now, sessionsValidAfter: now }).where(eq(users.id, before.id));
  const revokedInvitations = (await revokeOpenInvitations(tx, before.id, now)).map((r) => r.id);
  if (!options.deleting) {
    await recordAudit(tx, ctx.principal, ctx.requestId, {
      action: "user.deactivate",
      subjectType: "User",
      subjectId: before.id,
      enterpriseId: before.enterpriseId,
      nodeId: before.unitNodeId,
      summary: `Deactivated ${before.name} (${before.email}) through SCIM`,
      before: { status: before.status },
      after: { status: "deactivated", ...(revokedInvitations.length ? { revokedInvitations } : {}) },
    });
  }
  await endSessions(tx, before.id, "deactivated", ctx, {}, now);
}

/** PUT /Users/{id}: the resource replaced (If-Match checked against the current version). */
export async function replaceUser(ctx: ScimContext, id: string, body: unknown, ifMatch: string | null): Promise<Row> {
  try {
    return await ctx.db.transaction(async (tx) => {
      const before = await lockVisible(ctx, tx, id);
      checkIfMatch(ifMatch, before.version);
      return writeUser(ctx, tx, before, userFieldsOf(body));
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw describeUniqueness(error);
    throw error;
  }
}

/** PATCH /Users/{id}: the operations applied to the resource as it is, then written as a PUT would be. */
export async function patchUser(ctx: ScimContext, id: string, body: unknown, ifMatch: string | null): Promise<Row> {
  const ops = parsePatchRequest(body);
  try {
    return await ctx.db.transaction(async (tx) => {
      const before = await lockVisible(ctx, tx, id);
      checkIfMatch(ifMatch, before.version);
      const current = toScimUser(before, ctx.base);
      const patched = applyPatch(current, ops, {
        urns: [SCIM_USER],
        ignoredUrns: [SCIM_ENTERPRISE_USER],
        canonical: ["userName", "displayName", "name", "active", "emails", "externalId", "locale", "timezone", "preferredLanguage", "title", "phoneNumbers", "addresses"],
      });
      return writeUser(ctx, tx, before, userFieldsOf(patched, current));
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw describeUniqueness(error);
    throw error;
  }
}

/**
 * DELETE /Users/{id}: the person is deactivated (sessions end at their next request), loses every
 * role and group membership, and no longer exists for SCIM (scim_deleted_at; their externalId is
 * released). The row stays, so the audit log, orders and approvals keep naming them.
 */
export async function deleteUser(ctx: ScimContext, id: string, ifMatch: string | null): Promise<void> {
  if (!UUID.test(id)) throw notFound();
  await ctx.db.transaction(async (tx) => {
    // Their groups first, then the person: the order a group's membership change takes them in.
    const memberOf = await tx.select({ groupId: scimGroupMembers.groupId }).from(scimGroupMembers).where(eq(scimGroupMembers.userId, id));
    if (memberOf.length) await tx.select({ id: scimGroups.id }).from(scimGroups).where(inArray(scimGroups.id, memberOf.map((g) => g.groupId))).orderBy(asc(scimGroups.id)).for("update");
    const before = await lockVisible(ctx, tx, id);
    checkIfMatch(ifMatch, before.version);
    const now = new Date();
    if (before.status !== "deactivated") await deactivate(ctx, tx, before, now, { deleting: true });
    else if (before.enterpriseId) await assertKeepsAnAdmin(tx, before.enterpriseId, { userId: before.id });
    // Roles: what they hold through groups and directly, each one the token may revoke (all of them:
    // a person the token manages holds roles only inside its scope).
    const groups = await tx.select({ groupId: scimGroupMembers.groupId }).from(scimGroupMembers).where(eq(scimGroupMembers.userId, id));
    const outcome = emptyOutcome();
    await revokeGroupRoles(tx, ctx, id, await mappingsOf(tx, groups.map((g) => g.groupId)), outcome, true);
    const direct = await tx.select().from(roleAssignments).where(eq(roleAssignments.userId, id));
    for (const a of direct) {
      authorize(ctx.ability, "revoke", "RoleAssignment", await loadSubjectFields(tx, "RoleAssignment", a.id));
    }
    if (direct.length) await tx.delete(roleAssignments).where(inArray(roleAssignments.id, direct.map((a) => a.id)));
    if (groups.length) {
      await tx.delete(scimGroupMembers).where(eq(scimGroupMembers.userId, id));
      await tx
        .update(scimGroups)
        .set({ version: sql`${scimGroups.version} + 1`, updatedAt: now })
        .where(inArray(scimGroups.id, groups.map((g) => g.groupId)));
    }
    await tx.update(users).set({ scimDeletedAt: now, externalId: null }).where(eq(users.id, id));
    await recordAudit(tx, ctx.principal, ctx.requestId, {
      action: "user.deprovision",
      subjectType: "User",
      subjectId: id,
      enterpriseId: before.enterpriseId,
      nodeId: before.unitNodeId,
      summary: `Deleted ${before.name} (${before.email}) through SCIM: deactivated, ${direct.length + outcome.revoked} role${direct.length + outcome.revoked === 1 ? "" : "s"} revoked`,
      before: { status: before.status, externalId: before.externalId, roles: direct.map((a) => ({ role: a.role, scopeNodeId: a.scopeNodeId })), groups: groups.map((g) => g.groupId) },
      after: { status: "deactivated", scimDeleted: true },
    });
  });
}

/** Which of these ids are people the token sees (and so may manage). */
export async function manageableUserIds(ctx: ScimContext, db: Executor, ids: string[]): Promise<Set<string>> {
  const wellFormed = ids.filter((id) => UUID.test(id));
  if (wellFormed.length === 0) return new Set();
  const rows = await db.select({ id: users.id }).from(users).where(and(inArray(users.id, wellFormed), visible(ctx)));
  return new Set(rows.map((r) => r.id));
}
