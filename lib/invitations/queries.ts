import "server-only";
import { and, desc, eq, isNotNull } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor } from "@/db/client";
import { accountNodes, invitations, users } from "@/db/schema";
import type { AppAbility } from "@/lib/authz/ability";
import { loadSubjectFields } from "@/lib/authz/guard";
import { accessibleWhere } from "@/lib/authz/sql";
import { asSubject } from "@/lib/authz/subjects";
import { invitationState } from "./tokens";

export type InvitationSummary = {
  id: string;
  email: string;
  state: "pending" | "expired";
  createdAt: Date;
  expiresAt: Date;
  invitedByName: string | null;
  canResend: boolean;
  canRevoke: boolean;
};

/**
 * The open invitation of a user who has not accepted yet (pending or expired), if the ability may
 * read it; null when there is none or the user is not visible.
 */
export async function openInvitationForUser(db: Executor, ability: AppAbility, userId: string, now = new Date()): Promise<InvitationSummary | null> {
  const fields = await loadSubjectFields(db, "User", userId);
  if (!fields || !ability.can("read", asSubject("User", fields))) return null;
  const inviter = alias(users, "inviter");
  const [row] = await db
    .select({ invitation: invitations, status: users.status, invitedByName: inviter.name })
    .from(invitations)
    .innerJoin(users, eq(users.id, invitations.userId))
    .leftJoin(inviter, eq(inviter.id, invitations.invitedById))
    .where(and(eq(invitations.userId, userId), accessibleWhere(ability, "read", "Invitation")))
    .orderBy(desc(invitations.createdAt))
    .limit(1);
  if (!row || row.status !== "invited") return null;
  const state = invitationState(row.invitation, now);
  if (state !== "pending" && state !== "expired") return null;
  const subject = { enterpriseId: fields.enterpriseId, path: fields.path, rolePaths: fields.rolePaths };
  return {
    id: row.invitation.id,
    email: row.invitation.email,
    state,
    createdAt: row.invitation.createdAt,
    expiresAt: row.invitation.expiresAt,
    invitedByName: row.invitedByName,
    canResend: ability.can("update", asSubject("Invitation", subject)),
    canRevoke: ability.can("delete", asSubject("Invitation", subject)) && ability.can("deactivate", asSubject("User", fields)),
  };
}

/** The currencies of the nodes the ability may read (for approval and spend limits), most used first. */
export async function currenciesInScope(db: Executor, ability: AppAbility): Promise<string[]> {
  const rows = await db.selectDistinct({ currency: accountNodes.currency }).from(accountNodes).where(and(isNotNull(accountNodes.currency), accessibleWhere(ability, "read", "AccountNode")));
  const found = rows.map((r) => r.currency!).sort();
  return found.length ? found : ["GBP", "EUR", "USD"];
}
