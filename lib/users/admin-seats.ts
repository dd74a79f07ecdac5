import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { roleAssignments, users } from "@/db/schema";
import { ConflictError } from "@/lib/errors";
import { wouldRemoveLastAdmin } from "./guards";

/**
 * The enterprise-admin assignments on an enterprise's root node, locked for the rest of the
 * transaction so two concurrent removals cannot both pass the last-admin check.
 */
async function rootAdminSeats(tx: Executor, enterpriseId: string) {
  return tx
    .select({ assignmentId: roleAssignments.id, userId: roleAssignments.userId, userStatus: users.status, expiresAt: roleAssignments.expiresAt })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(and(eq(roleAssignments.role, "enterprise_admin"), eq(roleAssignments.scopeNodeId, enterpriseId), sql`true`))
    .for("update", { of: roleAssignments });
}

export async function assertKeepsAnAdmin(tx: Executor, enterpriseId: string, leaving: { userId?: string; assignmentId?: string }) {
  const seats = await rootAdminSeats(tx, enterpriseId);
  if (wouldRemoveLastAdmin(seats, leaving)) {
    throw new ConflictError("This is the last enterprise admin of the enterprise; grant the role to someone else first.");
  }
}
