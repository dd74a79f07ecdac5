import "server-only";
import { and, asc, count, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { accountNodes, roleAssignments, users } from "@/db/schema";
import type { AppAbility } from "@/lib/authz/ability";
import { accessibleWhere } from "@/lib/authz/sql";
import type { Role } from "@/lib/authz/vocabulary";
import { DORMANT_DAYS, EXPIRING_DAYS, reviewFlags, type ReviewFlag } from "./flags";

/** Whether the ability may open the access review at all (an auditor's questions need both). */
export function canReview(ability: AppAbility): boolean {
  return ability.can("read", "RoleAssignment") && ability.can("read", "AuditEvent");
}

const ms = (days: number) => days * 86_400_000;

/**
 * The flags of lib/access-review/flags.ts as SQL on `users`, over the assignments the viewer may
 * read (so a flag never reveals an assignment outside the viewer's scope).
 */
export function flagSql(ability: AppAbility, now: Date): Record<ReviewFlag, SQL> {
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

export const userColumns = {
  id: users.id,
  name: users.name,
  email: users.email,
  status: users.status,
  lastSignInAt: users.lastSignInAt,
  createdAt: users.createdAt,
  unitName: accountNodes.name,
};

/** Attaches each user's readable assignments and flags. */
export async function withAssignments<T extends { id: string; status: string; lastSignInAt: Date | null; createdAt: Date }>(db: Executor, ability: AppAbility, rows: T[], now: Date) {
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

