import "server-only";
import { and, eq, gt, isNull, or, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { accountNodes, roleAssignments, users } from "@/db/schema";
import type { Recipient } from "@/lib/notifications/notify";

const recipientColumns = { userId: users.id, name: users.name, email: users.email, locale: users.locale, timeZone: users.timeZone };
const current = (now: Date) => and(eq(users.status, "active"), or(isNull(roleAssignments.expiresAt), gt(roleAssignments.expiresAt, now)));

/**
 * Who at the CSP hears of a new dispute: the account managers looking after the billing account's
 * enterprise (an assignment on a node above or at the account), or, when the enterprise has none,
 * the CSP administrators, so a dispute is never raised into silence.
 */
export async function disputeWatchers(tx: Executor, billingAccountPath: string, now: Date): Promise<Recipient[]> {
  const managers = await tx
    .selectDistinct(recipientColumns)
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .innerJoin(accountNodes, eq(accountNodes.id, roleAssignments.scopeNodeId))
    .where(and(eq(roleAssignments.role, "account_manager"), sql`${billingAccountPath} like ${accountNodes.path} || '%'`, current(now)));
  if (managers.length > 0) return managers;
  return tx
    .selectDistinct(recipientColumns)
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(and(eq(roleAssignments.role, "csp_admin"), current(now)));
}

/** The person who raised a dispute, to hear how it was resolved. */
export async function disputeRaiser(tx: Executor, userId: string): Promise<Recipient | null> {
  const [r] = await tx.select(recipientColumns).from(users).where(eq(users.id, userId));
  return r ?? null;
}
