import "server-only";
import { eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { enterpriseSecuritySettings, userMfa, users } from "@/db/schema";
import type { AppAbility } from "@/lib/authz/ability";
import { authorize, loadSubjectFields } from "@/lib/authz/guard";
import { asSubject } from "@/lib/authz/subjects";
import { identityFields } from "@/lib/identity/connection";
import { open } from "@/lib/identity/secret-box";
import { mfaRequired } from "./rules";
import { otpauthUri } from "./totp";
import { unusedRecoveryCodes } from "./verify";

export type MfaStatus = {
  enabled: boolean;
  enabledAt: Date | null;
  /** An enrolment started and not yet confirmed: what the person types into (or scans with) their app. */
  pending: { secret: string; uri: string } | null;
  recoveryCodesLeft: number;
  /** Why the person may not turn it off: CSP staff always need it; or their enterprise requires it. */
  requiredBy: "csp" | "enterprise" | null;
};

export async function enterpriseRequiresMfa(db: Executor, enterpriseId: string | null): Promise<boolean> {
  if (!enterpriseId) return false;
  const [row] = await db.select({ required: enterpriseSecuritySettings.mfaRequired }).from(enterpriseSecuritySettings).where(eq(enterpriseSecuritySettings.enterpriseId, enterpriseId));
  return row?.required === true;
}

/** A person's own second factor, for their security page (the caller has checked it is theirs). */
export async function mfaStatusFor(db: Executor, user: { id: string; email: string; enterpriseId: string | null }): Promise<MfaStatus> {
  const [row] = await db.select().from(userMfa).where(eq(userMfa.userId, user.id));
  const enterpriseRequires = await enterpriseRequiresMfa(db, user.enterpriseId);
  const requiredBy = user.enterpriseId === null ? "csp" : enterpriseRequires ? "enterprise" : null;
  const enabled = Boolean(row?.enabledAt);
  let pending: MfaStatus["pending"] = null;
  if (row && !row.enabledAt) {
    const secret = open(row.secretSealed, "totp-secret");
    pending = { secret, uri: otpauthUri(user.email, secret) };
  }
  return { enabled, enabledAt: row?.enabledAt ?? null, pending, recoveryCodesLeft: enabled ? await unusedRecoveryCodes(db, user.id) : 0, requiredBy };
}

/** After a password sign-in: whether the person must enrol a second factor before anything else. */
export async function enrolmentRequiredFor(db: Executor, email: string): Promise<boolean> {
  const [row] = await db
    .select({ enterpriseId: users.enterpriseId, mfaEnabledAt: userMfa.enabledAt, required: enterpriseSecuritySettings.mfaRequired })
    .from(users)
    .leftJoin(userMfa, eq(userMfa.userId, users.id))
    .leftJoin(enterpriseSecuritySettings, eq(enterpriseSecuritySettings.enterpriseId, users.enterpriseId))
    .where(eq(users.email, email.trim().toLowerCase()));
  if (!row) return false;
  return mfaRequired(row, row.required === true) && !row.mfaEnabledAt;
}

export type MfaPolicy = { required: boolean; updatedAt: Date | null; canUpdate: boolean };

/** An enterprise's MFA policy, for its admins (read `IdentityProvider`; a foreign enterprise is not found). */
export async function mfaPolicyFor(db: Executor, ability: AppAbility, enterpriseId: string): Promise<MfaPolicy> {
  const subject = await identityFields(db, enterpriseId);
  authorize(ability, "read", "IdentityProvider", subject);
  const [row] = await db.select().from(enterpriseSecuritySettings).where(eq(enterpriseSecuritySettings.enterpriseId, enterpriseId));
  return { required: row?.mfaRequired === true, updatedAt: row?.updatedAt ?? null, canUpdate: ability.can("update", asSubject("IdentityProvider", subject!)) };
}

/**
 * The e-mail of a sign-in waiting for its second factor in this browser (the login page shows the
 * code step again after a reload), or null.
 */
export async function pendingSecondStepEmail(db: Executor, token: string | null | undefined): Promise<string | null> {
  const { readChallenge } = await import("./challenge");
  const challenge = await readChallenge(token);
  if (!challenge) return null;
  const [user] = await db.select({ email: users.email, status: users.status }).from(users).where(eq(users.id, challenge.userId));
  return user?.status === "active" ? user.email : null;
}

/**
 * For a self-contained card: the enterprise's MFA policy as the request's principal may see it, or
 * null when they may not read it (the card then renders nothing).
 */
export async function mfaPolicyForRequest(enterpriseId: string): Promise<MfaPolicy | null> {
  const [{ currentContext }, { getDb }, { NotFoundError }] = await Promise.all([import("@/lib/auth/principal"), import("@/db/client"), import("@/lib/errors")]);
  const ctx = await currentContext();
  if (!ctx || ctx.principal.mfaEnrolmentRequired) return null;
  try {
    return await mfaPolicyFor(await getDb(), ctx.ability, enterpriseId);
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}

/** What a person's own security page shows of their second factor; the pending secret only to the person themselves. */
export async function ownMfaSettings(db: Executor, principal: { userId: string; email: string; enterpriseId: string | null }, reveal: boolean) {
  const status = await mfaStatusFor(db, { id: principal.userId, email: principal.email, enterpriseId: principal.enterpriseId });
  const { qrCodeDataUrl } = await import("./qr");
  const pending = reveal && status.pending ? { secret: status.pending.secret, qr: await qrCodeDataUrl(status.pending.uri) } : null;
  return { enabled: status.enabled, enabledAt: status.enabledAt?.toISOString() ?? null, recoveryCodesLeft: status.recoveryCodesLeft, requiredBy: status.requiredBy, pending };
}

/**
 * For a person's page: whether they have two-step verification, and whether the request's principal
 * may reset it (an admin who manages them, rule 3; never oneself, never in a support session).
 */
export async function mfaResetOptionFor(db: Executor, ability: AppAbility, principalUserId: string, userId: string): Promise<{ enabled: boolean; canReset: boolean }> {
  const fields = await loadSubjectFields(db, "User", userId);
  if (!fields || !ability.can("read", asSubject("User", fields))) return { enabled: false, canReset: false };
  const [row] = await db.select({ enabledAt: userMfa.enabledAt }).from(userMfa).where(eq(userMfa.userId, userId));
  // A pending enrolment (not yet confirmed) is not "on", but an admin may still clear it.
  const canReset = Boolean(row) && userId !== principalUserId && ability.can("update", asSubject("Credential", { ...fields, userId }));
  return { enabled: Boolean(row?.enabledAt), canReset };
}
