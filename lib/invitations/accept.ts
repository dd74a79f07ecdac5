import "server-only";
import bcrypt from "bcryptjs";
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Db, Executor } from "@/db/client";
import { accountNodes, invitations, users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { Principal } from "@/lib/authz/principal";
import { BCRYPT_COST } from "@/lib/auth/password-policy";
import { DomainError } from "@/lib/errors";
import { hashInvitationToken, invitationState, isWellFormedToken } from "./tokens";


/** Expired, revoked, used and unknown links all get this one answer: which of them is not said. */
export class InvitationNotValidError extends DomainError {
  constructor() {
    super("This invitation link is no longer valid.", 410, "invitation_not_valid");
  }
}

export type OpenInvitation = { name: string; email: string; organisation: string; expiresAt: Date };

/** The invitation a link stands for, if it can still be accepted; null otherwise. */
export async function findOpenInvitation(db: Executor, token: string, now = new Date()): Promise<OpenInvitation | null> {
  if (!isWellFormedToken(token)) return null;
  const [row] = await db
    .select({ invitation: invitations, name: users.name, email: users.email, status: users.status, organisation: accountNodes.name })
    .from(invitations)
    .innerJoin(users, eq(users.id, invitations.userId))
    .leftJoin(accountNodes, eq(accountNodes.id, invitations.enterpriseId))
    .where(eq(invitations.tokenHash, hashInvitationToken(token)));
  if (!row || row.status !== "invited" || invitationState(row.invitation, now) !== "pending") return null;
  return { name: row.name, email: row.email, organisation: row.organisation ?? "", expiresAt: row.invitation.expiresAt };
}

/**
 * Accepts an invitation: in one transaction the token is used up (a conditional update, so two
 * concurrent accepts cannot both win), the password hash is set, the user becomes active and the
 * event is audited. Returns the e-mail to sign in with.
 */
export async function acceptInvitation(db: Db, input: { token: string; password: string }, requestId: string | null, now = new Date()): Promise<{ userId: string; email: string }> {
  if (!isWellFormedToken(input.token)) throw new InvitationNotValidError();
  // The token is checked before the (deliberately slow) hash, so made-up links cost an indexed
  // lookup, not a bcrypt round; the conditional update below settles races.
  if (!(await findOpenInvitation(db, input.token, now))) throw new InvitationNotValidError();
  const passwordHash = await bcrypt.hash(input.password, BCRYPT_COST);
  return db.transaction(async (tx) => {
    const [invitation] = await tx
      .update(invitations)
      .set({ acceptedAt: now })
      .where(and(eq(invitations.tokenHash, hashInvitationToken(input.token)), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now)))
      .returning();
    if (!invitation) throw new InvitationNotValidError();
    const [user] = await tx
      .update(users)
      .set({ passwordHash, status: "active", sessionsValidAfter: now })
      .where(and(eq(users.id, invitation.userId), eq(users.status, "invited")))
      .returning();
    if (!user) throw new InvitationNotValidError(); // rolls back the use of the token
    const self: Principal = {
      userId: user.id,
      name: user.name,
      email: user.email,
      enterpriseId: user.enterpriseId,
      unitNodeId: user.unitNodeId,
      locale: user.locale,
      timeZone: user.timeZone,
      assignments: [],
      impersonation: null,
    };
    await recordAudit(tx, self, requestId, {
      action: "invitation.accept",
      subjectType: "User",
      subjectId: user.id,
      enterpriseId: user.enterpriseId,
      nodeId: user.unitNodeId,
      summary: `${user.name} (${user.email}) accepted the invitation and set a password`,
      before: { status: "invited" },
      after: { status: "active", invitationId: invitation.id },
    });
    return { userId: user.id, email: user.email };
  });
}
