import "server-only";
import { and, asc, count, eq, ilike, inArray, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "@/db/client";
import { accountNodes, roleAssignments, users, userStatus } from "@/db/schema";
import type { AppAbility } from "@/lib/authz/ability";
import { accessibleWhere } from "@/lib/authz/sql";
import type { Role } from "@/lib/authz/vocabulary";
import { searchText } from "@/lib/text";
import { DORMANT_DAYS, EXPIRING_DAYS, REVIEW_FLAGS, reviewFlags, type ReviewFlag } from "./flags";

export const REVIEW_PAGE_SIZE = 50;

/** The review's URL parameters; malformed values fall back to the defaults. */
export const reviewParamsSchema = z.object({
  q: searchText.optional().catch(undefined),
  flag: z.enum(["any", ...REVIEW_FLAGS]).optional().catch(undefined),
  status: z.enum(userStatus.enumValues).optional().catch(undefined),
  sort: z.enum(["name", "signin"]).catch("name").default("name"),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});
export type ReviewParams = z.output<typeof reviewParamsSchema>;

export function parseReviewParams(input: Record<string, string | string[] | undefined> | URLSearchParams): ReviewParams {
  const entries = input instanceof URLSearchParams ? [...input.entries()] : Object.entries(input).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v] as const);
  return reviewParamsSchema.parse(Object.fromEntries(entries.filter(([, v]) => v !== undefined && v !== "" && v !== "all")));
}

/** Whether the ability may open the access review at all (an auditor's questions need both). */
export function canReview(ability: AppAbility): boolean {
  return ability.can("read", "RoleAssignment") && ability.can("read", "AuditEvent");
}

const ms = (days: number) => days * 86_400_000;

/**
 * The flags of lib/access-review/flags.ts as SQL on `users`, over the assignments the viewer may
 * read (so a flag never reveals an assignment outside the viewer's scope).
 */
function flagSql(ability: AppAbility, now: Date): Record<ReviewFlag, SQL> {
  const dormantBefore = new Date(now.getTime() - ms(DORMANT_DAYS)).toISOString();
  const expiringBy = new Date(now.getTime() + ms(EXPIRING_DAYS)).toISOString();
  const at = now.toISOString();
  const visible = accessibleWhere(ability, "read", "RoleAssignment");
  const assignment = (condition: SQL) =>
    sql`exists (select 1 from role_assignments where role_assignments.user_id = "users"."id" and ${condition} and ${visible})`;
  return {
    dormant: sql`("users"."status" <> 'deactivated' and coalesce("users"."last_sign_in_at", "users"."created_at") < ${dormantBefore}::timestamptz)`,
    expiring: assignment(sql`role_assignments.expires_at > ${at}::timestamptz and role_assignments.expires_at <= ${expiringBy}::timestamptz`),
    expired: assignment(sql`role_assignments.expires_at <= ${at}::timestamptz`),
  };
}

function reviewWhere(ability: AppAbility, params: Omit<ReviewParams, "page" | "sort">, now: Date): SQL {
  const where: SQL[] = [accessibleWhere(ability, "read", "User")];
  if (params.q) {
    const p = `%${params.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(users.name, p), ilike(users.email, p))!);
  }
  if (params.status) where.push(eq(users.status, params.status));
  const flags = flagSql(ability, now);
  if (params.flag === "any") where.push(sql`(${flags.dormant} or ${flags.expiring} or ${flags.expired})`);
  else if (params.flag) where.push(flags[params.flag]);
  return and(...where)!;
}

export type ReviewAssignmentRow = {
  id: string;
  role: Role;
  scopeNodeId: string | null;
  scopeName: string | null;
  scopeKind: string | null;
  approvalLimitMinor: number | null;
  spendLimitMinor: number | null;
  limitCurrency: string | null;
  grantedAt: Date;
  expiresAt: Date | null;
};

/** The readable assignments of some users, grouped by user. */
async function assignmentsOf(db: Executor, ability: AppAbility, userIds: string[]) {
  const byUser = new Map<string, ReviewAssignmentRow[]>();
  if (userIds.length === 0) return byUser;
  const rows = await db
    .select({
      userId: roleAssignments.userId,
      id: roleAssignments.id,
      role: roleAssignments.role,
      scopeNodeId: roleAssignments.scopeNodeId,
      scopeName: accountNodes.name,
      scopeKind: accountNodes.kind,
      approvalLimitMinor: roleAssignments.approvalLimitMinor,
      spendLimitMinor: roleAssignments.spendLimitMinor,
      limitCurrency: roleAssignments.limitCurrency,
      grantedAt: roleAssignments.grantedAt,
      expiresAt: roleAssignments.expiresAt,
    })
    .from(roleAssignments)
    .leftJoin(accountNodes, eq(accountNodes.id, roleAssignments.scopeNodeId))
    .where(and(inArray(roleAssignments.userId, userIds), accessibleWhere(ability, "read", "RoleAssignment")))
    .orderBy(asc(roleAssignments.grantedAt), asc(roleAssignments.id));
  for (const { userId, ...a } of rows) byUser.set(userId, [...(byUser.get(userId) ?? []), a as ReviewAssignmentRow]);
  return byUser;
}

const userColumns = {
  id: users.id,
  name: users.name,
  email: users.email,
  status: users.status,
  lastSignInAt: users.lastSignInAt,
  createdAt: users.createdAt,
  unitName: accountNodes.name,
};

/** Attaches each user's readable assignments and flags. */
async function withAssignments<T extends { id: string; status: string; lastSignInAt: Date | null; createdAt: Date }>(db: Executor, ability: AppAbility, rows: T[], now: Date) {
  const byUser = await assignmentsOf(
    db,
    ability,
    rows.map((r) => r.id),
  );
  return rows.map((r) => {
    const assignments = byUser.get(r.id) ?? [];
    return { ...r, assignments, flags: reviewFlags(r, assignments, now) };
  });
}

export type ReviewRow = Awaited<ReturnType<typeof listAccessReview>>["rows"][number];

/**
 * Everyone in the viewer's scope with their assignments (as far as the viewer may read them) and
 * flags; filtered, sorted and paginated in SQL, so it holds for 20,000 users.
 */
export async function listAccessReview(db: Executor, ability: AppAbility, params: ReviewParams, now = new Date()) {
  const where = reviewWhere(ability, params, now);
  const order =
    params.sort === "signin"
      ? [sql`${users.lastSignInAt} asc nulls first`, asc(users.id)]
      : [asc(sql`lower(${users.name})`), asc(users.id)];
  const [rows, [total]] = await Promise.all([
    db
      .select(userColumns)
      .from(users)
      .leftJoin(accountNodes, eq(accountNodes.id, users.unitNodeId))
      .where(where)
      .orderBy(...order)
      .limit(REVIEW_PAGE_SIZE)
      .offset((params.page - 1) * REVIEW_PAGE_SIZE),
    db.select({ n: count() }).from(users).leftJoin(accountNodes, eq(accountNodes.id, users.unitNodeId)).where(where),
  ]);
  return { rows: await withAssignments(db, ability, rows, now), total: total?.n ?? 0 };
}

/** How many people in scope carry each flag (one query). */
export async function reviewCounts(db: Executor, ability: AppAbility, now = new Date()) {
  const flags = flagSql(ability, now);
  const [row] = await db
    .select({
      people: count(),
      dormant: sql<number>`count(*) filter (where ${flags.dormant})::int`,
      expiring: sql<number>`count(*) filter (where ${flags.expiring})::int`,
      expired: sql<number>`count(*) filter (where ${flags.expired})::int`,
    })
    .from(users)
    .leftJoin(accountNodes, eq(accountNodes.id, users.unitNodeId))
    .where(accessibleWhere(ability, "read", "User"));
  return { people: row?.people ?? 0, dormant: row?.dormant ?? 0, expiring: row?.expiring ?? 0, expired: row?.expired ?? 0 };
}

/** Everyone matching the filters, by name, in batches (keyset on name and id), for the CSV export. */
export async function* accessReviewBatches(db: Executor, ability: AppAbility, params: Omit<ReviewParams, "page" | "sort">, now = new Date(), batchSize = 500) {
  const where = reviewWhere(ability, params, now);
  const batch = (condition: SQL) =>
    db
      .select({ ...userColumns, sortKey: sql<string>`lower(${users.name})` })
      .from(users)
      .leftJoin(accountNodes, eq(accountNodes.id, users.unitNodeId))
      .where(condition)
      .orderBy(asc(sql`lower(${users.name})`), asc(users.id))
      .limit(batchSize);
  // The cursor keeps the database's own lower(name), so it sorts exactly as the query does.
  let cursor: { name: string; id: string } | null = null;
  for (;;) {
    const rows = await batch(cursor ? and(where, sql`(lower(${users.name}), ${users.id}) > (${cursor.name}, ${cursor.id}::uuid)`)! : where);
    if (rows.length === 0) return;
    yield await withAssignments(db, ability, rows.map(({ sortKey, ...r }) => (void sortKey, r)), now);
    if (rows.length < batchSize) return;
    const last = rows[rows.length - 1]!;
    cursor = { name: last.sortKey, id: last.id };
  }
}
