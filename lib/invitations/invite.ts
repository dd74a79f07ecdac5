import "server-only";
import { desc, eq } from "drizzle-orm";
import type { Db, Executor } from "@/db/client";
import { accountNodes, invitations, users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { authorize, authorizeById, authorizeUserLocked, loadSubjectFields } from "@/lib/authz/guard";
import { asSubject } from "@/lib/authz/subjects";
import type { Ctx } from "@/lib/context";
import { env } from "@/lib/env";
import { ConflictError, ForbiddenError, InvalidError, isUniqueViolation, NotFoundError } from "@/lib/errors";
import { queueMail, type Deliver, type DeliveryResult, type OutgoingMail } from "@/lib/mail/send";
import { invitationMail } from "@/lib/mail/templates";
import { checkGrant, insertGrant } from "@/lib/users/mutations";
import type { InviteInput } from "./schemas";
import { revokeOpenInvitations } from "@/lib/users/open-invitations";
import { invitationExpiry, invitationLink, newInvitationToken } from "./tokens";

export type InviteResult = { userId: string; invitationId: string; resent: boolean; link: string; expiresAt: Date; delivery: DeliveryResult };

const EXISTS = (email: string) => `A user with the email ${email} already exists.`;
const CANNOT = (email: string) => `${email} cannot be invited.`;

/** PostgreSQL's unique_violation, whether the driver error is wrapped (drizzle) or not. */
/** Who the invitation is from: the signed-in person (an impersonating account manager is recorded as the actor). */
function inviterId(ctx: Ctx) {
  return ctx.principal.impersonation?.byUserId ?? ctx.principal.userId;
}

async function organisationName(db: Executor, enterpriseId: string) {
  const [root] = await db.select({ name: accountNodes.name }).from(accountNodes).where(eq(accountNodes.id, enterpriseId));
  return root?.name ?? "your organisation";
}

export function invitationMailFor(
  ctx: Ctx,
  user: { email: string; name: string; enterpriseId: string; locale: string; timeZone: string },
  organisation: string,
  link: string,
  expiresAt: Date,
): OutgoingMail {
  const content = invitationMail({ name: user.name, inviterName: ctx.principal.name, organisation, link, expiresAt, locale: user.locale, timeZone: user.timeZone });
  return { to: user.email, toName: user.name, enterpriseId: user.enterpriseId, ...content };
}

/**
 * Invites a person: creates the user ("invited", no password) in the chosen unit with its initial
 * role assignments, an invitation holding only the SHA-256 of a fresh token, the mail with the
 * accept link, and the audit events — all in one transaction. Each assignment goes through
 * checkGrant/insertGrant, so every scope, self and CSP-role guard applies; any refusal rolls back
 * everything. Re-inviting someone who is still "invited" sends them a new invitation instead.
 */
export async function inviteUser(db: Db, ctx: Ctx, input: InviteInput, origin: string, now = new Date()): Promise<InviteResult> {
  const email = input.email.trim().toLowerCase();
  // Authorize before any lookup by e-mail: someone who may not invite into this unit gets the same
  // answer whatever the address (no enumeration of who has an account).
  const unit = await loadSubjectFields(db, "AccountNode", input.unitNodeId);
  authorize(ctx.ability, "read", "AccountNode", unit);
  const userFields = { enterpriseId: unit!.enterpriseId, path: unit!.path, rolePaths: [] };
  authorize(ctx.ability, "create", "User", userFields);
  authorize(ctx.ability, "create", "Invitation", userFields);
  const enterpriseId = unit!.enterpriseId as string;

  const [existing] = await db.select({ id: users.id, status: users.status }).from(users).where(eq(users.email, email));
  if (existing) {
    const fields = await loadSubjectFields(db, "User", existing.id);
    const visible = fields !== null && ctx.ability.can("read", asSubject("User", fields));
    // Someone outside the admin's view (another enterprise, CSP staff, another subtree): the address
    // cannot be invited, and nothing more is said.
    if (!visible) throw new ConflictError(CANNOT(email));
    if (existing.status !== "invited") throw new ConflictError(EXISTS(email));
    try {
      return { ...(await resendInvitation(db, ctx, existing.id, origin, now)), resent: true };
    } catch (error) {
      if (error instanceof NotFoundError || error instanceof ForbiddenError) throw new ConflictError(CANNOT(email));
      throw error;
    }
  }

  const seen = new Set<string>();
  for (const [i, a] of input.assignments.entries()) {
    const key = `${a.role}|${a.scopeNodeId}`;
    if (seen.has(key)) throw new InvalidError(`Role assignment ${i + 1} repeats an earlier one.`);
    seen.add(key);
  }

  const { token, tokenHash } = newInvitationToken();
  const expiresAt = invitationExpiry(now, env().INVITATION_TTL_HOURS);
  const link = invitationLink(origin, token);
  let deliver: Deliver;
  try {
    const created = await db.transaction(async (tx) => {
      const [user] = await tx
        .insert(users)
        .values({ enterpriseId, unitNodeId: input.unitNodeId, email, name: input.name, passwordHash: null, status: "invited", locale: ctx.principal.locale, timeZone: ctx.principal.timeZone })
        .returning();
      const [unitNode] = await tx.select({ name: accountNodes.name }).from(accountNodes).where(eq(accountNodes.id, input.unitNodeId));
      await recordAudit(tx, ctx.principal, ctx.requestId, {
        action: "user.invite",
        subjectType: "User",
        subjectId: user!.id,
        enterpriseId,
        nodeId: input.unitNodeId,
        summary: `Invited ${user!.name} (${email}) to ${unitNode?.name ?? "a unit"}`,
        after: { email, name: user!.name, unitNodeId: input.unitNodeId, status: "invited", assignments: input.assignments.length },
      });
      for (const [i, a] of input.assignments.entries()) {
        let row;
        try {
          row = await checkGrant(tx, ctx, { ...a, userId: user!.id });
        } catch (error) {
          // Say which assignment was refused; a 404 keeps saying nothing about what is outside the scope.
          if (error instanceof NotFoundError) throw new NotFoundError(`Role assignment ${i + 1}: the node is not in your scope.`);
          if (error instanceof InvalidError) throw new InvalidError(`Role assignment ${i + 1}: ${error.message}`);
          throw error;
        }
        await insertGrant(tx, ctx, row);
      }
      const [invitation] = await tx.insert(invitations).values({ enterpriseId, userId: user!.id, email, tokenHash, invitedById: inviterId(ctx), createdAt: now, expiresAt }).returning();
      deliver = await queueMail(tx, [invitationMailFor(ctx, { ...user!, enterpriseId }, await organisationName(tx, enterpriseId), link, expiresAt)]);
      return { userId: user!.id, invitationId: invitation!.id };
    });
    return { ...created, resent: false, link, expiresAt, delivery: await deliver!() };
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(CANNOT(email));
    throw error;
  }
}

/** The user behind an invitation action, with the fields the ability looks at. 404 when not readable. */
async function invitedUser(db: Executor, ctx: Ctx, userId: string) {
  const fields = await authorizeById(db, ctx.ability, "read", "User", userId);
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) throw new NotFoundError();
  return { user, subject: { enterpriseId: fields.enterpriseId, path: fields.path, rolePaths: fields.rolePaths } };
}

/**
 * Sends a new invitation to a user who has not accepted yet: a new token and expiry, a new mail;
 * every earlier link stops working. Works for expired invitations too.
 */
export async function resendInvitation(db: Db, ctx: Ctx, userId: string, origin: string, now = new Date()): Promise<Omit<InviteResult, "resent">> {
  const { user, subject } = await invitedUser(db, ctx, userId);
  authorize(ctx.ability, "update", "Invitation", subject);
  if (user.status !== "invited" || !user.enterpriseId) throw new ConflictError(`${user.name} has no open invitation to resend.`);
  const enterpriseId = user.enterpriseId;
  const { token, tokenHash } = newInvitationToken();
  const expiresAt = invitationExpiry(now, env().INVITATION_TTL_HOURS);
  const link = invitationLink(origin, token);
  let deliver: Deliver;
  const created = await db.transaction(async (tx) => {
    const locked = await authorizeUserLocked(tx, ctx.ability, "read", userId);
    authorize(ctx.ability, "update", "Invitation", { enterpriseId: locked.enterpriseId, path: locked.path, rolePaths: locked.rolePaths });
    const [current] = await tx.select({ status: users.status }).from(users).where(eq(users.id, userId));
    if (current?.status !== "invited") throw new ConflictError(`${user.name} has no open invitation to resend.`);
    const previous = await revokeOpenInvitations(tx, userId, now);
    const [invitation] = await tx.insert(invitations).values({ enterpriseId, userId, email: user.email, tokenHash, invitedById: inviterId(ctx), createdAt: now, expiresAt }).returning();
    await recordAudit(tx, ctx.principal, ctx.requestId, {
      action: "invitation.resend",
      subjectType: "User",
      subjectId: userId,
      enterpriseId,
      nodeId: user.unitNodeId,
      summary: `Sent a new invitation to ${user.name} (${user.email})`,
      before: { invitations: previous.map((p) => ({ id: p.id, expiresAt: p.expiresAt })) },
      after: { invitationId: invitation!.id, expiresAt },
    });
    deliver = await queueMail(tx, [invitationMailFor(ctx, { ...user, enterpriseId }, await organisationName(tx, enterpriseId), link, expiresAt)]);
    return { userId, invitationId: invitation!.id };
  });
  return { ...created, link, expiresAt, delivery: await deliver!() };
}

/** Revokes a user's open invitation: its link stops working and the invited user is deactivated. */
export async function revokeInvitation(db: Db, ctx: Ctx, userId: string, now = new Date()) {
  const { user, subject } = await invitedUser(db, ctx, userId);
  authorize(ctx.ability, "delete", "Invitation", subject);
  authorize(ctx.ability, "deactivate", "User", { id: userId, ...subject });
  return db.transaction(async (tx) => {
    const locked = await authorizeUserLocked(tx, ctx.ability, "deactivate", userId);
    authorize(ctx.ability, "delete", "Invitation", { enterpriseId: locked.enterpriseId, path: locked.path, rolePaths: locked.rolePaths });
    const [current] = await tx.select({ status: users.status }).from(users).where(eq(users.id, userId));
    if (current?.status !== "invited") throw new ConflictError(`${user.name} has no open invitation to revoke.`);
    const revoked = await revokeOpenInvitations(tx, userId, now);
    const [after] = await tx.update(users).set({ status: "deactivated", deactivatedAt: now, sessionsValidAfter: now }).where(eq(users.id, userId)).returning();
    await recordAudit(tx, ctx.principal, ctx.requestId, {
      action: "invitation.revoke",
      subjectType: "User",
      subjectId: userId,
      enterpriseId: user.enterpriseId,
      nodeId: user.unitNodeId,
      summary: `Revoked the invitation of ${user.name} (${user.email}); the user is deactivated`,
      before: { status: "invited" },
      after: { status: after!.status, revokedInvitations: revoked.map((r) => r.id) },
    });
    return after!;
  });
}

/** The newest invitation of a user (any state), for tests and the invitation panel. */
export async function latestInvitation(db: Executor, userId: string) {
  const [row] = await db.select().from(invitations).where(eq(invitations.userId, userId)).orderBy(desc(invitations.createdAt)).limit(1);
  return row ?? null;
}
