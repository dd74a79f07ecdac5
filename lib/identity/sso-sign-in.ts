import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Db, Executor } from "@/db/client";
import { accountNodes, roleAssignments, ssoConnections, ssoDomains, users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { Deliver } from "@/lib/mail/send";
import { notify, type Notice } from "@/lib/notifications/notify";
import { createSession, type ClientInfo } from "@/lib/sessions/mutations";
import { assignmentInForce } from "@/lib/users/in-force";
import { revokeOpenInvitations } from "@/lib/users/open-invitations";
import type { SsoClaims } from "./oidc";
import { emailDomain } from "./sso-route";

export type SsoRefusal = "not_available" | "email_missing" | "email_unverified" | "domain" | "other_organisation" | "subject_mismatch" | "deactivated";
export type SsoOutcome = { ok: true; userId: string; sessionId: string; created: boolean } | { ok: false; reason: SsoRefusal };

/** What the person is told for each refusal: enough to act on, nothing about other organisations. */
export const SSO_REFUSAL_MESSAGES: Record<SsoRefusal, string> = {
  not_available: "Single sign-on is not available for your organisation right now. Ask your administrator.",
  email_missing: "Your organisation's sign-in did not tell us your e-mail address. Ask your administrator to release the email claim to Trellis.",
  email_unverified: "Your organisation's sign-in says your e-mail address is not verified.",
  domain: "Your e-mail address is not in a domain your organisation has verified for Trellis.",
  other_organisation: "This e-mail address belongs to an account that does not sign in through your organisation.",
  subject_mismatch: "This e-mail address is linked to a different account at your organisation's sign-in. Ask your administrator.",
  deactivated: "Your Trellis account is deactivated. Ask your administrator.",
};

function text(value: unknown, max: number): string | null {
  return typeof value === "string" && value.trim() ? value.trim().slice(0, max) : null;
}

function displayName(claims: SsoClaims, email: string): string {
  const joined = [text(claims.given_name, 100), text(claims.family_name, 100)].filter(Boolean).join(" ");
  return text(claims.name, 200) ?? (joined || email.split("@")[0]!);
}

/**
 * Completes a sign-in that came back from an enterprise's identity provider (the issuer, state, PKCE
 * and nonce were checked by next-auth). The address must be in one of the enterprise's verified
 * domains, so a provider cannot sign in people of another organisation. The person is found by the
 * provider's subject, else by e-mail (a SCIM-provisioned or invited person binds their subject at the
 * first sign-in); an unknown person is created in the unit the admin chose, with the default role or
 * none, and the enterprise's admins are told. A session row is opened like a password sign-in's.
 */
export async function completeSsoSignIn(db: Db, connectionId: string, claims: SsoClaims, client: ClientInfo & { requestId: string | null }, now = new Date()): Promise<SsoOutcome> {
  const [connection] = await db.select().from(ssoConnections).where(eq(ssoConnections.id, connectionId));
  if (!connection || !connection.enabled || !connection.testedAt) return { ok: false, reason: "not_available" };
  const enterpriseId = connection.enterpriseId;
  const subject = text(claims.sub, 255);
  const email = text(claims.email, 254)?.toLowerCase() ?? null;
  /** Refuses and records why, in the transaction when there is one (nothing else is written then). */
  const refuse = async (reason: SsoRefusal, userId: string | null = null, executor: Executor = db): Promise<SsoOutcome> => {
    await recordAudit(executor, null, client.requestId, {
      action: "auth.sign_in",
      outcome: "failed",
      subjectType: "User",
      subjectId: userId,
      enterpriseId,
      nodeId: enterpriseId,
      summary: `Single sign-on refused for ${email ?? `subject ${subject ?? "?"}`}: ${reason.replace(/_/g, " ")}`,
      after: { email, subject, reason, address: client.address, method: "sso" },
    });
    return { ok: false, reason };
  };
  if (!subject || !email) return refuse("email_missing");
  if (claims.email_verified === false || claims.email_verified === "false") return refuse("email_unverified");
  const domain = emailDomain(email);
  const [claimed] = domain
    ? await db.select({ verifiedAt: ssoDomains.verifiedAt }).from(ssoDomains).where(and(eq(ssoDomains.domain, domain), eq(ssoDomains.enterpriseId, enterpriseId)))
    : [];
  if (!claimed?.verifiedAt) return refuse("domain");

  let deliver: Deliver | null = null;
  const outcome = await db.transaction(async (tx) => {
    const [bySubject] = await tx.select().from(users).where(and(eq(users.enterpriseId, enterpriseId), eq(users.ssoSubject, subject))).for("update");
    const [byEmail] = bySubject ? [] : await tx.select().from(users).where(eq(users.email, email)).for("update");
    let user = bySubject ?? byEmail ?? null;
    let created = false;
    if (user && user.enterpriseId !== enterpriseId) return refuse("other_organisation", user.id, tx);
    if (user && user.ssoSubject && user.ssoSubject !== subject) return refuse("subject_mismatch", user.id, tx);
    if (user?.status === "deactivated") return refuse("deactivated", user.id, tx);

    if (!user) {
      const unitNodeId = connection.defaultNodeId ?? enterpriseId;
      [user] = await tx
        .insert(users)
        .values({ enterpriseId, unitNodeId, email, name: displayName(claims, email), status: "active", ssoSubject: subject, provisionedBy: "sso", createdAt: now })
        .returning();
      created = true;
      if (connection.defaultRole) {
        await tx.insert(roleAssignments).values({ enterpriseId, userId: user!.id, role: connection.defaultRole, scopeNodeId: unitNodeId, grantedAt: now });
      }
      await recordAudit(tx, null, client.requestId, {
        action: "user.create",
        subjectType: "User",
        subjectId: user!.id,
        enterpriseId,
        nodeId: unitNodeId,
        summary: `${user!.name} (${email}) joined through single sign-on${connection.defaultRole ? ` as ${connection.defaultRole.replace(/_/g, " ")}` : " with no roles"}`,
        after: { email, name: user!.name, unitNodeId, role: connection.defaultRole, provisionedBy: "sso" },
      });
      deliver = await notify(tx, await adminNotices(tx, enterpriseId, unitNodeId, user!.id, user!.name, email, Boolean(connection.defaultRole)));
    } else {
      const changes: Partial<typeof users.$inferInsert> = {};
      if (!user.ssoSubject) changes.ssoSubject = subject;
      // An invited person who proves who they are at their organisation's provider has accepted.
      if (user.status === "invited") {
        changes.status = "active";
        await revokeOpenInvitations(tx, user.id, now);
      }
      if (Object.keys(changes).length) {
        [user] = await tx.update(users).set(changes).where(eq(users.id, user.id)).returning();
        await recordAudit(tx, null, client.requestId, {
          action: "user.sso_link",
          subjectType: "User",
          subjectId: user!.id,
          enterpriseId,
          nodeId: user!.unitNodeId,
          summary: `${user!.name}'s account was linked to their organisation's sign-in${changes.status ? " (invitation accepted)" : ""}`,
          after: { subject, ...(changes.status ? { status: "active" } : {}) },
        });
      }
    }
    await tx.update(users).set({ lastSignInAt: now }).where(eq(users.id, user!.id));
    const session = await createSession(tx, user!, client, now, "sso");
    await recordAudit(tx, null, client.requestId, {
      action: "auth.sign_in",
      subjectType: "Session",
      subjectId: session.id,
      enterpriseId,
      nodeId: user!.unitNodeId,
      summary: `${user!.name} signed in through single sign-on`,
      after: { userId: user!.id, method: "sso", address: client.address, userAgent: client.userAgent, expiresAt: session.expiresAt },
    });
    return { ok: true as const, userId: user!.id, sessionId: session.id, created };
  });
  // The admins' mail goes after the commit (a rolled-back sign-in tells no one).
  if (deliver) await (deliver as Deliver)().catch(() => undefined);
  return outcome;
}

/** The active enterprise admins over the unit a newcomer landed in: they are told someone joined. */
async function adminNotices(tx: Executor, enterpriseId: string, unitNodeId: string, userId: string, name: string, email: string, hasRole: boolean): Promise<Notice[]> {
  const admins = await tx
    .selectDistinct({ userId: users.id, name: users.name, email: users.email, locale: users.locale, timeZone: users.timeZone })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .innerJoin(accountNodes, eq(accountNodes.id, roleAssignments.scopeNodeId))
    .where(
      and(
        eq(roleAssignments.enterpriseId, enterpriseId),
        eq(roleAssignments.role, "enterprise_admin"),
        eq(users.status, "active"),
        assignmentInForce(),
        sql`(select u.path from account_nodes u where u.id = ${unitNodeId}) like ${accountNodes.path} || '%'`,
      ),
    );
  return admins.map((admin) => ({
    recipient: admin,
    enterpriseId,
    kind: "user.sso_joined",
    title: `${name} joined through single sign-on`,
    lines: [`${name} (${email}) signed in through your organisation's sign-in for the first time.`, hasRole ? "They have the default role you chose." : "They have no roles yet: grant what they need."],
    href: `/users/${userId}`,
    action: "Open their page",
  }));
}
