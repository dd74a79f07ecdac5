import "server-only";
import { stringify } from "csv-stringify/sync";
import { and, asc, eq, gt, inArray } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor } from "@/db/client";
import { accountNodes, roleAssignments, users } from "@/db/schema";
import type { AppAbility } from "@/lib/authz/ability";
import { accessibleWhere } from "@/lib/authz/sql";
import { csvSafe } from "@/lib/csv-safe";
import { formatMajorAmount } from "@/lib/invitations/amount";

/**
 * The users export: one row per (user, assignment) — a user without assignments gets one row with
 * the role columns empty — for the users the ability may export, and only the assignments it may
 * read. Streamed page by page (keyset on e-mail), so a scope of 20,000 users is never held at once.
 */
export const EXPORT_COLUMNS = ["email", "name", "unit", "status", "role", "scope", "approval_limit", "spend_limit", "currency", "expires_at"] as const;


type ExportUser = { id: string; email: string; name: string; status: string; unit: string | null };
type ExportAssignment = {
  userId: string;
  role: string;
  scope: string | null;
  approvalLimitMinor: number | null;
  spendLimitMinor: number | null;
  limitCurrency: string | null;
  expiresAt: Date | null;
};

/** The CSV rows of one user (pure, unit-tested). */
export function exportRows(user: ExportUser, assignments: ExportAssignment[]): string[][] {
  const base = [user.email, user.name, user.unit ?? "", user.status];
  if (assignments.length === 0) return [[...base, "", "", "", "", "", ""].map(csvSafe)];
  return assignments.map((a) => [
    ...base,
    a.role,
    a.scope ?? "",
    a.approvalLimitMinor != null && a.limitCurrency ? formatMajorAmount(a.approvalLimitMinor, a.limitCurrency) : "",
    a.spendLimitMinor != null && a.limitCurrency ? formatMajorAmount(a.spendLimitMinor, a.limitCurrency) : "",
    a.limitCurrency ?? "",
    a.expiresAt ? a.expiresAt.toISOString() : "",
  ].map(csvSafe));
}

/** Pages of CSV rows, in e-mail order. */
export async function* exportUserPages(db: Executor, ability: AppAbility, pageSize = 1000): AsyncGenerator<string[][]> {
  const unit = alias(accountNodes, "unit");
  let after = "";
  for (;;) {
    const page = await db
      .select({ id: users.id, email: users.email, name: users.name, status: users.status, unit: unit.name })
      .from(users)
      .leftJoin(unit, eq(unit.id, users.unitNodeId))
      .where(and(accessibleWhere(ability, "export", "User"), accessibleWhere(ability, "read", "User"), gt(users.email, after)))
      .orderBy(asc(users.email))
      .limit(pageSize);
    if (page.length === 0) return;
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
      .where(and(inArray(roleAssignments.userId, page.map((u) => u.id)), accessibleWhere(ability, "read", "RoleAssignment")))
      .orderBy(asc(roleAssignments.grantedAt), asc(roleAssignments.id));
    const byUser = new Map<string, ExportAssignment[]>();
    for (const a of assignments) byUser.set(a.userId, [...(byUser.get(a.userId) ?? []), a]);
    yield page.flatMap((u) => exportRows(u, byUser.get(u.id) ?? []));
    if (page.length < pageSize) return;
    after = page[page.length - 1]!.email;
  }
}

/** The whole export as a byte stream (header first), pulled page by page. */
export function exportUsersCsvStream(db: Executor, ability: AppAbility): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const pages = exportUserPages(db, ability);
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(stringify([[...EXPORT_COLUMNS]])));
        return;
      }
      const next = await pages.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(stringify(next.value)));
    },
    async cancel() {
      await pages.return(undefined);
    },
  });
}
