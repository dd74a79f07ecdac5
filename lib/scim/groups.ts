import "server-only";
import { and, asc, count, eq, inArray, ne, sql, type SQL } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { scimGroupMembers, scimGroups, users, type ScimGroup } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { loadSubjectFields, lockUserFields } from "@/lib/authz/guard";
import { asSubject } from "@/lib/authz/subjects";
import { accessibleWhere } from "@/lib/authz/sql";
import { isUniqueViolation } from "@/lib/errors";
import { MAX_MEMBERS_PER_REQUEST, SCIM_GROUP, SCIM_LIST } from "./constants";
import { invalidValue, notFound, ScimError, uniqueness } from "./errors";
import { filterToSql, type CompareOp, type FilterSchema } from "./filter";
import type { ScimContext } from "./http";
import { applyPatch, parsePatchRequest, type Json } from "./patch";
import { emptyOutcome, grantGroupRoles, mappingsOf, revokeGroupRoles, type Outcome } from "./roles";
import { attributeList, checkIfMatch, etagOf, leavesOut, pagingOf, project } from "./rules";
import { groupFieldsOf, type GroupFields } from "./schemas";
import { manageableUserIds, sortOf } from "./users";

/**
 * SCIM Groups (RFC 7643 §4.2) pushed by the identity provider. Groups are enterprise-wide (their
 * display names are unique in the enterprise), so only a token of the whole enterprise — one whose
 * ability may update the enterprise's ScimGroup — changes them; a subtree token lists none and is
 * refused (403) when it tries to write. Membership changes grant and revoke the roles the admins
 * mapped to the group (./roles.ts).
 */

type Row = Pick<ScimGroup, "id" | "enterpriseId" | "displayName" | "externalId" | "version" | "createdAt" | "updatedAt">;
const COLUMNS = {
  id: scimGroups.id,
  enterpriseId: scimGroups.enterpriseId,
  displayName: scimGroups.displayName,
  externalId: scimGroups.externalId,
  version: scimGroups.version,
  createdAt: scimGroups.createdAt,
  updatedAt: scimGroups.updatedAt,
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function memberCompare(op: CompareOp | "pr", value: unknown): SQL {
  if (op === "pr") return sql`exists (select 1 from scim_group_members m where m.group_id = ${scimGroups.id})`;
  if (op !== "eq" && op !== "ne") throw new ScimError(400, `members are compared with "eq" or "ne".`, "invalidFilter");
  if (typeof value !== "string") throw new ScimError(400, "members are compared with a user id.", "invalidFilter");
  const hit = UUID.test(value) ? sql`exists (select 1 from scim_group_members m where m.group_id = ${scimGroups.id} and m.user_id = ${value.toLowerCase()}::uuid)` : sql`false`;
  return op === "eq" ? hit : sql`(not ${hit})`;
}

export const GROUP_FILTER: FilterSchema = {
  urns: [SCIM_GROUP],
  attrs: {
    id: { type: "uuid", sql: sql`${scimGroups.id}` },
    displayname: { type: "string", sql: sql`${scimGroups.displayName}` },
    externalid: { type: "string", sql: sql`${scimGroups.externalId}`, caseExact: true },
    "meta.created": { type: "dateTime", sql: sql`${scimGroups.createdAt}` },
    "meta.lastmodified": { type: "dateTime", sql: sql`${scimGroups.updatedAt}` },
    members: { type: "custom", compare: memberCompare },
    "members.value": { type: "custom", compare: memberCompare },
  },
  valuePaths: { members: { urns: [], attrs: { value: { type: "custom", compare: memberCompare } } } },
};

const SORTS: Record<string, SQL> = {
  id: sql`${scimGroups.id}`,
  displayname: sql`lower(${scimGroups.displayName})`,
  externalid: sql`${scimGroups.externalId}`,
  "meta.created": sql`${scimGroups.createdAt}`,
  "meta.lastmodified": sql`${scimGroups.updatedAt}`,
};

type Member = { value: string; display: string };

export function toScimGroup(g: Row, members: Member[] | null, base: string): Json {
  return {
    schemas: [SCIM_GROUP],
    id: g.id,
    displayName: g.displayName,
    ...(g.externalId ? { externalId: g.externalId } : {}),
    ...(members ? { members: members.map((m) => ({ value: m.value, display: m.display, $ref: `${base}/Users/${m.value}`, type: "User" })) } : {}),
    meta: { resourceType: "Group", created: g.createdAt.toISOString(), lastModified: g.updatedAt.toISOString(), location: `${base}/Groups/${g.id}`, version: etagOf(g.version) },
  };
}

function readable(ctx: ScimContext): SQL {
  return and(eq(scimGroups.enterpriseId, ctx.token.enterpriseId), accessibleWhere(ctx.ability, "read", "ScimGroup"))!;
}

/** Refuses (403) a token that may not change the enterprise's groups: one of a subtree. */
async function assertMayWrite(ctx: ScimContext, db: Executor) {
  const root = await loadSubjectFields(db, "AccountNode", ctx.token.enterpriseId);
  if (!root || !ctx.ability.can("update", asSubject("ScimGroup", { enterpriseId: ctx.token.enterpriseId, path: root.path }))) {
    throw new ScimError(403, "Groups are enterprise-wide: this token provisions users of a part of the enterprise only. Use a token created by an admin of the whole enterprise.");
  }
}

async function membersOf(db: Executor, groupIds: string[]): Promise<Map<string, Member[]>> {
  const out = new Map<string, Member[]>(groupIds.map((id) => [id, []]));
  if (groupIds.length === 0) return out;
  const rows = await db
    .select({ groupId: scimGroupMembers.groupId, value: users.id, display: users.name })
    .from(scimGroupMembers)
    .innerJoin(users, eq(users.id, scimGroupMembers.userId))
    .where(inArray(scimGroupMembers.groupId, groupIds))
    .orderBy(asc(users.name), asc(users.id));
  for (const r of rows) out.get(r.groupId)!.push({ value: r.value, display: r.display });
  return out;
}

/** GET /Groups. */
export async function listGroups(ctx: ScimContext, params: URLSearchParams) {
  const paging = pagingOf(params);
  const filter = params.get("filter");
  const where = and(readable(ctx), filter ? filterToSql(filter, GROUP_FILTER) : undefined)!;
  const orderBy = [...sortOf(params, SORTS, scimGroups.createdAt, [SCIM_GROUP]), asc(scimGroups.id)];
  const [[total], rows] = await Promise.all([
    ctx.db.select({ n: count() }).from(scimGroups).where(where),
    paging.count === 0 ? Promise.resolve([]) : ctx.db.select(COLUMNS).from(scimGroups).where(where).orderBy(...orderBy).limit(paging.count).offset(paging.startIndex - 1),
  ]);
  const attributes = attributeList(params.get("attributes"), [SCIM_GROUP]);
  const excluded = attributeList(params.get("excludedAttributes"), [SCIM_GROUP]);
  const members = leavesOut("members", attributes, excluded) ? null : await membersOf(ctx.db, rows.map((r) => r.id));
  return {
    schemas: [SCIM_LIST],
    totalResults: total?.n ?? 0,
    startIndex: paging.startIndex,
    itemsPerPage: rows.length,
    Resources: rows.map((r) => project(toScimGroup(r, members?.get(r.id) ?? null, ctx.base), attributes, excluded)),
  };
}

export async function getGroupRow(ctx: ScimContext, db: Executor, id: string, lock = false): Promise<Row> {
  if (!UUID.test(id)) throw notFound();
  const query = db.select(COLUMNS).from(scimGroups).where(and(eq(scimGroups.id, id), readable(ctx)));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw notFound();
  return row;
}

/** GET /Groups/{id}, with its members unless the projection leaves them out. */
export async function getGroup(ctx: ScimContext, id: string, params: URLSearchParams) {
  const row = await getGroupRow(ctx, ctx.db, id);
  return groupResource(ctx, ctx.db, row, params);
}

export async function groupResource(ctx: ScimContext, db: Executor, row: Row, params: URLSearchParams) {
  const attributes = attributeList(params.get("attributes"), [SCIM_GROUP]);
  const excluded = attributeList(params.get("excludedAttributes"), [SCIM_GROUP]);
  const members = leavesOut("members", attributes, excluded) ? null : ((await membersOf(db, [row.id])).get(row.id) ?? []);
  return { row, resource: project(toScimGroup(row, members, ctx.base), attributes, excluded) };
}

async function assertUniqueGroup(ctx: ScimContext, tx: Executor, f: GroupFields, exceptId?: string) {
  const [byName] = await tx
    .select({ id: scimGroups.id })
    .from(scimGroups)
    .where(and(eq(scimGroups.enterpriseId, ctx.token.enterpriseId), sql`lower(${scimGroups.displayName}) = lower(${f.displayName})`, exceptId ? ne(scimGroups.id, exceptId) : undefined));
  if (byName) throw uniqueness("A group with this displayName already exists.");
  if (f.externalId) {
    const [byExternal] = await tx
      .select({ id: scimGroups.id })
      .from(scimGroups)
      .where(and(eq(scimGroups.enterpriseId, ctx.token.enterpriseId), eq(scimGroups.externalId, f.externalId), exceptId ? ne(scimGroups.id, exceptId) : undefined));
    if (byExternal) throw uniqueness("A group with this externalId already exists.");
  }
}

const AUDIT_IDS = 100;

/**
 * Adds and removes members (ids sorted, so concurrent changes lock people in one order), granting
 * and revoking the group's mapped roles for each. A new member must be someone the token manages.
 */
async function changeMembers(ctx: ScimContext, tx: Executor, group: Row, added: string[], removed: string[], outcome: Outcome) {
  if (added.length === 0 && removed.length === 0) return;
  if (added.length + removed.length > MAX_MEMBERS_PER_REQUEST) throw invalidValue(`At most ${MAX_MEMBERS_PER_REQUEST} membership changes in one request.`);
  const known = await manageableUserIds(ctx, tx, added);
  const unknown = added.find((id) => !known.has(id));
  if (unknown) throw invalidValue(`members: ${unknown} is not a user this token provisions.`);
  const mappings = await mappingsOf(tx, [group.id]);
  const leaving = new Set(removed);
  for (const userId of [...added, ...removed].sort()) {
    if (leaving.has(userId)) {
      await lockUserFields(tx, userId);
      await tx.delete(scimGroupMembers).where(and(eq(scimGroupMembers.groupId, group.id), eq(scimGroupMembers.userId, userId)));
      await revokeGroupRoles(tx, ctx, userId, mappings, outcome);
    } else {
      await lockUserFields(tx, userId);
      await tx.insert(scimGroupMembers).values({ groupId: group.id, userId, enterpriseId: group.enterpriseId }).onConflictDoNothing();
      await grantGroupRoles(tx, ctx, userId, mappings, outcome);
    }
  }
}

function memberSummary(added: string[], removed: string[], outcome: Outcome) {
  const parts = [];
  if (added.length) parts.push(`${added.length} member${added.length === 1 ? "" : "s"} added`);
  if (removed.length) parts.push(`${removed.length} removed`);
  if (outcome.granted) parts.push(`${outcome.granted} role${outcome.granted === 1 ? "" : "s"} granted`);
  if (outcome.revoked) parts.push(`${outcome.revoked} revoked`);
  if (outcome.refused) parts.push(`${outcome.refused} refused`);
  return parts.join(", ");
}

async function bump(tx: Executor, id: string) {
  await tx.update(scimGroups).set({ version: sql`${scimGroups.version} + 1`, updatedAt: new Date() }).where(eq(scimGroups.id, id));
}

async function withUniqueness<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error)) throw uniqueness("A group with this displayName or externalId already exists.");
    throw error;
  }
}

/** POST /Groups. */
export async function createGroup(ctx: ScimContext, body: unknown): Promise<Row> {
  const f = groupFieldsOf(body);
  await assertMayWrite(ctx, ctx.db);
  return withUniqueness(() =>
    ctx.db.transaction(async (tx) => {
      await assertUniqueGroup(ctx, tx, f);
      const [created] = await tx.insert(scimGroups).values({ enterpriseId: ctx.token.enterpriseId, displayName: f.displayName, externalId: f.externalId }).returning(COLUMNS);
      const outcome = emptyOutcome();
      const added = f.members ?? [];
      await changeMembers(ctx, tx, created!, added, [], outcome);
      await recordAudit(tx, ctx.principal, ctx.requestId, {
        action: "scim_group.create",
        subjectType: "ScimGroup",
        subjectId: created!.id,
        enterpriseId: ctx.token.enterpriseId,
        nodeId: ctx.token.enterpriseId,
        summary: `Identity provider created group ‘${f.displayName}’${added.length ? `: ${memberSummary(added, [], outcome)}` : ""}`,
        after: { displayName: f.displayName, externalId: f.externalId, members: added.slice(0, AUDIT_IDS), memberCount: added.length },
      });
      return created!;
    }),
  );
}

/** Writes a group's new name, externalId and members (PUT and PATCH alike), with one audit event. */
async function writeGroup(ctx: ScimContext, tx: Executor, before: Row, current: string[], f: GroupFields): Promise<Row> {
  const changes: Partial<Row> = {};
  if (f.displayName !== before.displayName) changes.displayName = f.displayName;
  if (f.externalId !== before.externalId) changes.externalId = f.externalId;
  if (changes.displayName !== undefined || changes.externalId !== undefined) await assertUniqueGroup(ctx, tx, f, before.id);
  const now = new Set(current);
  const next = new Set(f.members ?? []);
  const added = [...next].filter((id) => !now.has(id));
  const removed = [...now].filter((id) => !next.has(id));
  if (Object.keys(changes).length === 0 && added.length === 0 && removed.length === 0) return before;
  if (Object.keys(changes).length) await tx.update(scimGroups).set(changes).where(eq(scimGroups.id, before.id));
  const outcome = emptyOutcome();
  await changeMembers(ctx, tx, before, added, removed, outcome);
  await bump(tx, before.id);
  const what = [Object.keys(changes).length ? `${Object.keys(changes).join(", ")} changed` : "", memberSummary(added, removed, outcome)].filter(Boolean).join("; ");
  await recordAudit(tx, ctx.principal, ctx.requestId, {
    action: "scim_group.update",
    subjectType: "ScimGroup",
    subjectId: before.id,
    enterpriseId: before.enterpriseId,
    nodeId: before.enterpriseId,
    summary: `Identity provider updated group ‘${f.displayName}’: ${what}`,
    before: { ...Object.fromEntries(Object.keys(changes).map((k) => [k, before[k as keyof Row]])) },
    after: { ...changes, ...(added.length ? { added: added.slice(0, AUDIT_IDS) } : {}), ...(removed.length ? { removed: removed.slice(0, AUDIT_IDS) } : {}), ...outcome },
  });
  return (await getGroupRow(ctx, tx, before.id))!;
}

async function memberIds(tx: Executor, groupId: string): Promise<string[]> {
  const rows = await tx.select({ userId: scimGroupMembers.userId }).from(scimGroupMembers).where(eq(scimGroupMembers.groupId, groupId));
  return rows.map((r) => r.userId);
}

/** PUT /Groups/{id}: name, externalId and the whole member list replaced (no members listed: none). */
export async function replaceGroup(ctx: ScimContext, id: string, body: unknown, ifMatch: string | null): Promise<Row> {
  const f = groupFieldsOf(body);
  return withUniqueness(() =>
    ctx.db.transaction(async (tx) => {
      const before = await getGroupRow(ctx, tx, id, true);
      await assertMayWrite(ctx, tx);
      checkIfMatch(ifMatch, before.version);
      return writeGroup(ctx, tx, before, await memberIds(tx, id), { ...f, members: f.members ?? [] });
    }),
  );
}

/** PATCH /Groups/{id}: Entra's and Okta's membership forms included (./patch.ts). */
export async function patchGroup(ctx: ScimContext, id: string, body: unknown, ifMatch: string | null): Promise<Row> {
  const ops = parsePatchRequest(body);
  return withUniqueness(() =>
    ctx.db.transaction(async (tx) => {
      const before = await getGroupRow(ctx, tx, id, true);
      await assertMayWrite(ctx, tx);
      checkIfMatch(ifMatch, before.version);
      const current = await memberIds(tx, id);
      const resource = { schemas: [SCIM_GROUP], id, displayName: before.displayName, ...(before.externalId ? { externalId: before.externalId } : {}), members: current.map((value) => ({ value })) };
      const patched = applyPatch(resource, ops, { urns: [SCIM_GROUP], canonical: ["displayName", "externalId", "members"] });
      const f = groupFieldsOf(patched);
      return writeGroup(ctx, tx, before, current, { ...f, members: f.members ?? [] });
    }),
  );
}

/** DELETE /Groups/{id}: every member leaves (their roles through it are revoked), then the group goes. */
export async function deleteGroup(ctx: ScimContext, id: string, ifMatch: string | null): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const before = await getGroupRow(ctx, tx, id, true);
    await assertMayWrite(ctx, tx);
    checkIfMatch(ifMatch, before.version);
    const current = await memberIds(tx, id);
    const outcome = emptyOutcome();
    await changeMembers(ctx, tx, before, [], current, outcome);
    await tx.delete(scimGroups).where(eq(scimGroups.id, id));
    await recordAudit(tx, ctx.principal, ctx.requestId, {
      action: "scim_group.delete",
      subjectType: "ScimGroup",
      subjectId: id,
      enterpriseId: before.enterpriseId,
      nodeId: before.enterpriseId,
      summary: `Identity provider deleted group ‘${before.displayName}’${current.length ? `: ${memberSummary([], current, outcome)}` : ""}`,
      before: { displayName: before.displayName, externalId: before.externalId, memberCount: current.length },
      after: outcome,
    });
  });
}
