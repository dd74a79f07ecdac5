import "server-only";
import { and, asc, eq, inArray } from "drizzle-orm";
import { accountNodes, roleAssignments } from "@/db/schema";
import { accessibleWhere } from "@/lib/authz/sql";
import type { CsvExportSpec } from "@/lib/list/export";
import type { ListRun } from "@/lib/list/define";
import { formatMajorAmount } from "@/lib/money";
import type { UserListParams } from "./list";

/**
 * The users export: one row per (user, assignment) — a user without assignments gets one row with
 * the role columns empty — in the columns the import reads back (lib/user-import/rows.ts), for
 * the users of the list's filters the ability may export, with the assignments it may read.
 */
export const EXPORT_COLUMNS = ["email", "name", "unit", "status", "role", "scope", "approval_limit", "spend_limit", "currency", "expires_at"] as const;

type ExportUser = { id: string; email: string; name: string; status: string; unitName: string | null };
type ExportAssignment = {
  userId: string;
  role: string;
  scope: string | null;
  approvalLimitMinor: number | null;
  spendLimitMinor: number | null;
  limitCurrency: string | null;
  expiresAt: Date | null;
};

/** The CSV records of one user, cell by cell (pure, unit-tested; the writer guards the cells). */
export function exportRows(user: ExportUser, assignments: ExportAssignment[]): string[][] {
  const base = [user.email, user.name, user.unitName ?? "", user.status];
  if (assignments.length === 0) return [[...base, "", "", "", "", "", ""]];
  return assignments.map((a) => [
    ...base,
    a.role,
    a.scope ?? "",
    a.approvalLimitMinor != null && a.limitCurrency ? formatMajorAmount(a.approvalLimitMinor, a.limitCurrency) : "",
    a.spendLimitMinor != null && a.limitCurrency ? formatMajorAmount(a.spendLimitMinor, a.limitCurrency) : "",
    a.limitCurrency ?? "",
    a.expiresAt ? a.expiresAt.toISOString() : "",
  ]);
}

/** The records of a batch of users: their readable assignments, read in one query. */
async function exportRecords(rows: ExportUser[], { db, ability }: ListRun): Promise<string[][]> {
  const assignments = await db
    .select({
      userId: roleAssignments.userId,
      role: roleAssignments.role,
      scope: accountNodes.name,
      approvalLimitMinor: roleAssignments.approvalLimitMinor,
      spendLimitMinor: roleAssignments.spendLimitMinor,
      limitCurrency: roleAssignments.limitCurrency,
      expiresAt: roleAssignments.expiresAt,
    })
    .from(roleAssignments)
    .leftJoin(accountNodes, eq(accountNodes.id, roleAssignments.scopeNodeId))
    .where(and(inArray(roleAssignments.userId, rows.map((u) => u.id)), accessibleWhere(ability, "read", "RoleAssignment")))
    .orderBy(asc(roleAssignments.grantedAt), asc(roleAssignments.id));
  const byUser = new Map<string, ExportAssignment[]>();
  for (const a of assignments) byUser.set(a.userId, [...(byUser.get(a.userId) ?? []), a]);
  return rows.flatMap((u) => exportRows(u, byUser.get(u.id) ?? []));
}

type Filters = Omit<UserListParams, "sort" | "dir" | "page">;

export const usersExport: CsvExportSpec<Filters, ExportUser, string[]> = {
  filename: "users",
  forbidden: "You may not export users.",
  columns: () => EXPORT_COLUMNS.map((header, i) => ({ header, value: (r: string[]) => r[i] })),
  records: exportRecords,
  audit: (exported) => ({ action: "user.export", summary: `Exported users and their role assignments as CSV (${exported} row${exported === 1 ? "" : "s"})` }),
};
