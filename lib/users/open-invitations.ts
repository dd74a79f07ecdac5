import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { invitations } from "@/db/schema";

/**
 * Every open invitation link of a user stops working (resend, revoke, deactivation, reactivation,
 * a grant to someone not yet accepted). Returns what it revoked, for the audit event.
 */
export async function revokeOpenInvitations(tx: Executor, userId: string, now = new Date()) {
  return tx
    .update(invitations)
    .set({ revokedAt: now })
    .where(and(eq(invitations.userId, userId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
    .returning({ id: invitations.id, expiresAt: invitations.expiresAt });
}
