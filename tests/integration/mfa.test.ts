import { and, eq, isNull } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditEvents, enterpriseSecuritySettings, loginThrottle, mfaRecoveryCodes, ssoConnections, ssoDomains, userMfa, userSessions, users } from "@/db/schema";
import { verifyCredentials, type CredentialsResult, type SignInClient } from "@/lib/auth/credentials";
import { loadSessionPrincipal } from "@/lib/auth/load-principal";
import { defineAbilityFor } from "@/lib/authz/ability";
import { asSubject } from "@/lib/authz/subjects";
import { demoId } from "@/lib/demo/ids";
import { DEMO_MFA } from "@/lib/demo/mfa";
import { ConflictError, ForbiddenError, InvalidError, NotFoundError } from "@/lib/errors";
import { seal } from "@/lib/identity/secret-box";
import { issueChallenge } from "@/lib/mfa/challenge";
import { cancelEnrolment, confirmEnrolment, disableMfa, regenerateRecoveryCodes, resetUserMfa, setMfaRequired, startEnrolment } from "@/lib/mfa/mutations";
import { enrolmentRequiredFor, mfaPolicyFor, mfaResetOptionFor, mfaStatusFor } from "@/lib/mfa/queries";
import { hashRecoveryCode, totpStep } from "@/lib/mfa/rules";
import { totpCode } from "@/lib/mfa/totp";
import { createSession } from "@/lib/sessions/mutations";
import { resetDemoData } from "../support/db";
import { contextFor } from "../support/principals";

let db: Db;
beforeEach(async () => {
  db = await resetDemoData();
});

const AM = "am@csp.example";
const ORDERER = "orderer@acme.example";
const ACME = demoId("node:acme");
const user = (email: string) => demoId(`user:${email}`);
const client = (requestId: string | null = null, challenge: string | null = null): SignInClient => ({ address: null, userAgent: "vitest", requestId, challenge });
const at = (offsetSteps: number) => new Date(Date.now() + offsetSteps * 30_000);

/** The first step: must ask for the second factor; returns the challenge. */
async function passwordStep(email: string): Promise<string> {
  const result = await verifyCredentials({ email, password: "trellis-demo" }, client("req-password"));
  expect(result).toMatchObject({ ok: false, reason: "mfa_required" });
  return (result as Extract<CredentialsResult, { reason: "mfa_required" }>).challenge;
}

async function signInWithCode(email: string, code: string, requestId = "req-code"): Promise<CredentialsResult> {
  return verifyCredentials({ code }, client(requestId, await passwordStep(email)));
}

async function events(action: string) {
  return db.select().from(auditEvents).where(eq(auditEvents.action, action));
}

/** A customer user's own context, with MFA switched on through enrolment; returns its secret. */
async function enrol(email: string): Promise<string> {
  const ctx = await contextFor(db, email);
  const { secret } = await startEnrolment(db, ctx);
  await confirmEnrolment(db, ctx, { code: await totpCode(secret) });
  return secret;
}

describe("the demo data", () => {
  it("has the CSP users' authenticators set up with the README's secrets and recovery codes; customers have none", async () => {
    const rows = await db.select().from(userMfa);
    expect(rows.map((r) => r.userId).sort()).toEqual(Object.keys(DEMO_MFA).map(user).sort());
    for (const row of rows) {
      expect(row.enabledAt).toBeInstanceOf(Date);
      expect(row.secretSealed).toMatch(/^v1\./);
      expect(row.secretSealed).not.toContain(DEMO_MFA[AM]!.secret);
    }
    const codes = await db.select().from(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, user(AM)));
    expect(codes.map((c) => c.codeHash).sort()).toEqual(DEMO_MFA[AM]!.recoveryCodes.map((c) => hashRecoveryCode(c)).sort());
  });
});

describe("signing in with a second factor", () => {
  it("asks for a code after the right password, opens no session until a code from the app passes, and records how", async () => {
    const challenge = await passwordStep(AM);
    expect(await db.select().from(userSessions).where(eq(userSessions.userId, user(AM)))).toHaveLength(0);
    const result = await verifyCredentials({ code: await totpCode(DEMO_MFA[AM]!.secret) }, client("req-totp", challenge));
    expect(result).toMatchObject({ ok: true, userId: user(AM), authMethod: "password+totp" });
    const [session] = await db.select().from(userSessions).where(eq(userSessions.id, (result as { sessionId: string }).sessionId));
    expect(session!.authMethod).toBe("password+totp");
    const [event] = (await events("auth.sign_in")).filter((e) => e.requestId === "req-totp");
    expect(event).toMatchObject({ outcome: "success", subjectType: "Session", subjectId: session!.id });
    expect(event!.after).toMatchObject({ method: "password+totp" });
    // The step is spent.
    const [row] = await db.select().from(userMfa).where(eq(userMfa.userId, user(AM)));
    expect(row!.lastUsedStep).toBe(totpStep(new Date()));
  });

  it("accepts a code of the next or the previous step (clock drift), not two steps away", async () => {
    expect(await signInWithCode(AM, await totpCode(DEMO_MFA[AM]!.secret, at(-1)))).toMatchObject({ ok: true });
    expect(await signInWithCode(AM, await totpCode(DEMO_MFA[AM]!.secret, at(1)))).toMatchObject({ ok: true });
    expect(await signInWithCode("csp.admin@csp.example", await totpCode(DEMO_MFA["csp.admin@csp.example"]!.secret, at(-2)))).toEqual({ ok: false, reason: "code_invalid" });
  });

  it("refuses a wrong code and audits it", async () => {
    const right = await totpCode(DEMO_MFA[AM]!.secret);
    const wrong = right === "000000" ? "000001" : "000000";
    expect(await signInWithCode(AM, wrong, "req-wrong")).toEqual({ ok: false, reason: "code_invalid" });
    const [event] = (await events("auth.mfa")).filter((e) => e.requestId === "req-wrong");
    expect(event).toMatchObject({ outcome: "failed", subjectType: "User", subjectId: user(AM) });
    expect(await db.select().from(userSessions).where(eq(userSessions.userId, user(AM)))).toHaveLength(0);
  });

  it("refuses a replayed code, and an older one once a newer was used, even when two requests race", async () => {
    const code = await totpCode(DEMO_MFA[AM]!.secret);
    const [a, b] = await Promise.all([signInWithCode(AM, code), signInWithCode(AM, code)]);
    expect([a, b].filter((r) => r.ok)).toHaveLength(1);
    expect([a, b].filter((r) => !r.ok)).toEqual([{ ok: false, reason: "code_replayed" }]);
    expect(await signInWithCode(AM, code)).toEqual({ ok: false, reason: "code_replayed" });
    // A newer step spent, the previous step's code (inside the window) is refused too.
    expect(await signInWithCode(AM, await totpCode(DEMO_MFA[AM]!.secret, at(1)))).toMatchObject({ ok: true });
    expect(await signInWithCode(AM, await totpCode(DEMO_MFA[AM]!.secret, at(0)))).toEqual({ ok: false, reason: "code_replayed" });
    expect(await db.select().from(userSessions).where(eq(userSessions.userId, user(AM)))).toHaveLength(2);
  });

  it("takes a recovery code once, records it, and refuses it the second time", async () => {
    const code = DEMO_MFA[AM]!.recoveryCodes[3]!;
    const first = await verifyCredentials({ recoveryCode: code.toUpperCase() }, client("req-recovery", await passwordStep(AM)));
    expect(first).toMatchObject({ ok: true, authMethod: "password+recovery" });
    const [used] = await events("mfa.recovery_code_used");
    expect(used).toMatchObject({ subjectId: user(AM), requestId: "req-recovery" });
    expect(used!.after).toMatchObject({ remaining: 9 });
    expect(await verifyCredentials({ recoveryCode: code }, client(null, await passwordStep(AM)))).toEqual({ ok: false, reason: "code_invalid" });
    expect(await verifyCredentials({ recoveryCode: "zzzzz-zzzzz" }, client(null, await passwordStep(AM)))).toEqual({ ok: false, reason: "code_invalid" });
  });

  it("throttles wrong codes per person: after five, even the right code waits", async () => {
    const challenge = await passwordStep(AM);
    for (let i = 0; i < 5; i++) expect(await verifyCredentials({ code: "99999" + (i % 10) }, client(null, challenge))).toMatchObject({ ok: false });
    const refused = await verifyCredentials({ code: await totpCode(DEMO_MFA[AM]!.secret) }, client("req-throttled", challenge));
    expect(refused).toMatchObject({ ok: false, reason: "throttled" });
    expect(await db.select().from(loginThrottle).where(eq(loginThrottle.key, `mfa:${user(AM)}`))).toHaveLength(1);
    const denied = (await events("auth.mfa")).filter((e) => e.outcome === "denied");
    expect(denied).toHaveLength(1);
  });

  it("refuses the second step without a valid challenge: none, forged, expired, or the password changed meanwhile", async () => {
    const code = await totpCode(DEMO_MFA[AM]!.secret);
    expect(await verifyCredentials({ code }, client())).toEqual({ ok: false, reason: "challenge_expired" });
    expect(await verifyCredentials({ code }, client(null, "eyJhbGciOiJIUzI1NiJ9.e30.forged"))).toEqual({ ok: false, reason: "challenge_expired" });
    const [am] = await db.select().from(users).where(eq(users.id, user(AM)));
    const old = await issueChallenge(am!.id, am!.passwordHash!, new Date(Date.now() - 6 * 60_000));
    expect(await verifyCredentials({ code }, client(null, old.token))).toEqual({ ok: false, reason: "challenge_expired" });
    const challenge = await passwordStep(AM);
    await db.update(users).set({ passwordHash: "$2b$10$differentdifferentdifferentdifferentdifferentdiffere" }).where(eq(users.id, user(AM)));
    expect(await verifyCredentials({ code }, client(null, challenge))).toEqual({ ok: false, reason: "challenge_expired" });
    // Nothing was spent: the code still works with a challenge of the password in force.
    expect(await db.select().from(userSessions).where(eq(userSessions.userId, user(AM)))).toHaveLength(0);
  });

  it("a password for a person without MFA still signs in at once (method: password)", async () => {
    const result = await verifyCredentials({ email: ORDERER, password: "trellis-demo" }, client());
    expect(result).toMatchObject({ ok: true, authMethod: "password" });
    const [session] = await db.select().from(userSessions).where(eq(userSessions.userId, user(ORDERER)));
    expect(session!.authMethod).toBe("password");
  });
});

describe("password sign-in switched off for an SSO domain", () => {
  it("refuses a password for the domain's accounts and for unknown e-mails alike, whatever the form sends", async () => {
    await db.insert(ssoConnections).values({ enterpriseId: ACME, issuer: "https://idp.acme.example", clientId: "trellis", clientSecretSealed: seal("s", "sso-client-secret"), enabled: true, passwordSignIn: false, testedAt: new Date() });
    await db.insert(ssoDomains).values({ domain: "acme.example", enterpriseId: ACME, verificationToken: "t", verifiedAt: new Date() });
    expect(await verifyCredentials({ email: ORDERER, password: "trellis-demo" }, client("req-sso-only"))).toEqual({ ok: false, reason: "sso_required" });
    expect(await verifyCredentials({ email: "nobody@acme.example", password: "whatever" }, client())).toEqual({ ok: false, reason: "sso_required" });
    expect(await db.select().from(userSessions).where(eq(userSessions.userId, user(ORDERER)))).toHaveLength(0);
    const [event] = (await events("auth.sign_in")).filter((e) => e.requestId === "req-sso-only");
    expect(event).toMatchObject({ outcome: "denied", subjectId: user(ORDERER) });
    // Other domains are untouched.
    expect(await verifyCredentials({ email: "admin@globex.example", password: "trellis-demo" }, client())).toMatchObject({ ok: true });
  });
});

describe("enrolment and management on one's own security page", () => {
  it("enrols with a code from the new secret: on, ten recovery codes shown once and stored hashed, audited; sign-in then asks for a code", async () => {
    const ctx = await contextFor(db, ORDERER);
    const { secret, uri } = await startEnrolment(db, ctx);
    expect(uri).toContain(`secret=${secret}`);
    const [pending] = await db.select().from(userMfa).where(eq(userMfa.userId, user(ORDERER)));
    expect(pending).toMatchObject({ enabledAt: null, enterpriseId: ACME });
    expect(pending!.secretSealed).not.toContain(secret);
    // A pending authenticator does not guard sign-in yet.
    expect(await verifyCredentials({ email: ORDERER, password: "trellis-demo" }, client())).toMatchObject({ ok: true });

    await expect(confirmEnrolment(db, ctx, { code: "000000" === (await totpCode(secret)) ? "111111" : "000000" })).rejects.toThrow(InvalidError);
    const { recoveryCodes } = await confirmEnrolment(db, ctx, { code: await totpCode(secret) });
    expect(recoveryCodes).toHaveLength(10);
    const stored = await db.select().from(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, user(ORDERER)));
    expect(stored.map((c) => c.codeHash).sort()).toEqual(recoveryCodes.map((c) => hashRecoveryCode(c)).sort());
    expect(stored.every((c) => c.enterpriseId === ACME)).toBe(true);
    expect((await events("mfa.enabled")).map((e) => e.subjectId)).toEqual([user(ORDERER)]);
    expect((await events("mfa.enrolment_started")).map((e) => e.subjectId)).toEqual([user(ORDERER)]);
    // Nothing of the secret is in the audit log.
    for (const e of await db.select().from(auditEvents)) expect(JSON.stringify(e)).not.toContain(secret);

    expect(await mfaStatusFor(db, { id: user(ORDERER), email: ORDERER, enterpriseId: ACME })).toMatchObject({ enabled: true, pending: null, recoveryCodesLeft: 10, requiredBy: null });
    await passwordStep(ORDERER);
    await expect(startEnrolment(db, ctx)).rejects.toThrow(ConflictError);
  });

  it("a cancelled enrolment leaves nothing behind", async () => {
    const ctx = await contextFor(db, ORDERER);
    await startEnrolment(db, ctx);
    await cancelEnrolment(db, ctx);
    expect(await db.select().from(userMfa).where(eq(userMfa.userId, user(ORDERER)))).toHaveLength(0);
    expect(await events("mfa.enrolment_cancelled")).toHaveLength(1);
  });

  it("new recovery codes and turning off need a current code; the old codes stop working", async () => {
    const ctx = await contextFor(db, ORDERER);
    const { secret } = await startEnrolment(db, ctx);
    const { recoveryCodes: first } = await confirmEnrolment(db, ctx, { code: await totpCode(secret, at(0)) }, at(0));
    // The enrolment spent this step's code.
    await expect(regenerateRecoveryCodes(db, ctx, { code: await totpCode(secret, at(0)) }, at(0))).rejects.toThrow("already used");
    const { recoveryCodes } = await regenerateRecoveryCodes(db, ctx, { code: await totpCode(secret, at(1)) }, at(1));
    expect(recoveryCodes.some((c) => first.includes(c))).toBe(false);
    expect(await db.select().from(mfaRecoveryCodes).where(and(eq(mfaRecoveryCodes.userId, user(ORDERER)), isNull(mfaRecoveryCodes.usedAt)))).toHaveLength(10);
    expect(await events("mfa.recovery_codes_regenerated")).toHaveLength(1);
    expect(await verifyCredentials({ recoveryCode: first[0]! }, client(null, await passwordStep(ORDERER)))).toEqual({ ok: false, reason: "code_invalid" });
    expect(await verifyCredentials({ recoveryCode: recoveryCodes[0]! }, client(null, await passwordStep(ORDERER)))).toMatchObject({ ok: true });

    await expect(disableMfa(db, ctx, { code: "123456" === (await totpCode(secret, at(2))) ? "654321" : "123456" }, at(2))).rejects.toThrow(InvalidError);
    await disableMfa(db, ctx, { code: await totpCode(secret, at(2)) }, at(2));
    expect(await db.select().from(userMfa).where(eq(userMfa.userId, user(ORDERER)))).toHaveLength(0);
    expect(await db.select().from(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, user(ORDERER)))).toHaveLength(0);
    expect(await events("mfa.disabled")).toHaveLength(1);
    expect(await verifyCredentials({ email: ORDERER, password: "trellis-demo" }, client())).toMatchObject({ ok: true, authMethod: "password" });
  });

  it("CSP staff can never turn it off", async () => {
    const ctx = await contextFor(db, AM);
    await expect(disableMfa(db, ctx, { code: await totpCode(DEMO_MFA[AM]!.secret) })).rejects.toThrow(ForbiddenError);
    expect(await db.select().from(userMfa).where(eq(userMfa.userId, user(AM)))).toHaveLength(1);
  });

  it("nothing of it while impersonating (rule 4): the ability refuses update Credential", async () => {
    const ctx = await contextFor(db, ORDERER);
    const impersonated = { ...ctx.principal, impersonation: { sessionId: "00000000-0000-0000-0000-000000000000", byUserId: user(AM), byName: "Alex", writeAccess: true, expiresAt: new Date(Date.now() + 60_000) } };
    const support = { principal: impersonated, ability: defineAbilityFor(impersonated), requestId: "support" };
    await expect(startEnrolment(db, support)).rejects.toThrow(ForbiddenError);
    await expect(disableMfa(db, support, { code: "123456" })).rejects.toThrow(ForbiddenError);
  });
});

describe("an enterprise that requires MFA", () => {
  it("only an admin of the whole enterprise sets it, after turning on their own; audited", async () => {
    await expect(setMfaRequired(db, await contextFor(db, "uk.admin@acme.example"), { enterpriseId: ACME, required: true })).rejects.toThrow(NotFoundError);
    await expect(setMfaRequired(db, await contextFor(db, "admin@globex.example"), { enterpriseId: ACME, required: true })).rejects.toThrow(NotFoundError);
    await expect(setMfaRequired(db, await contextFor(db, ORDERER), { enterpriseId: ACME, required: true })).rejects.toThrow(NotFoundError);
    const admin = await contextFor(db, "admin@acme.example");
    await expect(setMfaRequired(db, admin, { enterpriseId: ACME, required: true })).rejects.toThrow(ConflictError);
    await enrol("admin@acme.example");
    expect(await setMfaRequired(db, admin, { enterpriseId: ACME, required: true })).toEqual({ required: true });
    expect(await db.select().from(enterpriseSecuritySettings)).toMatchObject([{ enterpriseId: ACME, mfaRequired: true, updatedById: user("admin@acme.example") }]);
    const [event] = await events("identity.mfa_policy");
    expect(event).toMatchObject({ actorId: user("admin@acme.example"), enterpriseId: ACME, subjectType: "IdentityProvider" });
    expect(await mfaPolicyFor(db, admin.ability, ACME)).toMatchObject({ required: true, canUpdate: true });
    await expect(mfaPolicyFor(db, (await contextFor(db, "uk.admin@acme.example")).ability, ACME)).rejects.toThrow(NotFoundError);
  });

  it("sends a person without MFA to enrolment: the session can do nothing else until it is on, then is a full one", async () => {
    await enrol("admin@acme.example");
    await setMfaRequired(db, await contextFor(db, "admin@acme.example"), { enterpriseId: ACME, required: true });
    expect(await enrolmentRequiredFor(db, ORDERER)).toBe(true);
    expect(await enrolmentRequiredFor(db, "admin@globex.example")).toBe(false);

    const signedIn = await verifyCredentials({ email: ORDERER, password: "trellis-demo" }, client());
    expect(signedIn).toMatchObject({ ok: true, authMethod: "password" });
    const sessionId = (signedIn as { sessionId: string }).sessionId;
    const found = await loadSessionPrincipal(db, sessionId);
    expect(found!.principal.mfaEnrolmentRequired).toBe(true);
    const ability = defineAbilityFor(found!.principal);
    expect(ability.can("read", "Order")).toBe(false);
    expect(ability.can("create", "Order")).toBe(false);
    expect(ability.can("read", "Site")).toBe(false);
    expect(ability.can("read", "Offering")).toBe(false);
    expect(ability.can("delete", "Session")).toBe(false);
    expect(ability.can("update", asSubject("Credential", { id: user(ORDERER), userId: user(ORDERER), enterpriseId: ACME }))).toBe(true);

    // Enrolling through that session frees it at its next request.
    const enrolCtx = { principal: found!.principal, ability, requestId: "enrol" };
    const { secret } = await startEnrolment(db, enrolCtx);
    await confirmEnrolment(db, enrolCtx, { code: await totpCode(secret) });
    const after = await loadSessionPrincipal(db, sessionId);
    expect(after!.principal.mfaEnrolmentRequired).toBeFalsy();
    expect(defineAbilityFor(after!.principal).can("read", "Order")).toBe(true);
    // And it cannot be turned off while required.
    await expect(disableMfa(db, { ...enrolCtx, ability: defineAbilityFor(after!.principal) }, { code: await totpCode(secret, at(1)) })).rejects.toThrow(ForbiddenError);
  });

  it("CSP staff without an authenticator are sent to enrolment too; single sign-on sessions never are", async () => {
    await db.delete(userMfa).where(eq(userMfa.userId, user(AM)));
    const signedIn = await verifyCredentials({ email: AM, password: "trellis-demo" }, client());
    expect(signedIn).toMatchObject({ ok: true });
    expect((await loadSessionPrincipal(db, (signedIn as { sessionId: string }).sessionId))!.principal.mfaEnrolmentRequired).toBe(true);

    await enrol("admin@acme.example");
    await setMfaRequired(db, await contextFor(db, "admin@acme.example"), { enterpriseId: ACME, required: true });
    const sso = await createSession(db, { id: user(ORDERER), enterpriseId: ACME }, { address: null, userAgent: null }, new Date(), "sso");
    expect((await loadSessionPrincipal(db, sso.id))!.principal.mfaEnrolmentRequired).toBeFalsy();
  });
});

describe("an admin resets a managed person's second factor (lost phone)", () => {
  it("removes it and ends their sessions, audited; only for people the admin manages, never oneself, never while impersonating", async () => {
    await enrol(ORDERER);
    const open = await verifyCredentials({ code: await totpCode((await enrolSecret(ORDERER))!, at(1)) }, client(null, await passwordStep(ORDERER)));
    expect(open).toMatchObject({ ok: true });

    await expect(resetUserMfa(db, await contextFor(db, "admin@globex.example"), { userId: user(ORDERER) })).rejects.toThrow(NotFoundError);
    await expect(resetUserMfa(db, await contextFor(db, "uk.admin@acme.example"), { userId: user("uk.admin@acme.example") })).rejects.toThrow(ForbiddenError);
    await enrol("cfo@acme.example");
    // No upward management (rule 3): the CFO sits above Acme UK's admin, who does not even see them.
    await expect(resetUserMfa(db, await contextFor(db, "uk.admin@acme.example"), { userId: user("cfo@acme.example") })).rejects.toThrow(NotFoundError);
    expect(await db.select().from(userMfa).where(eq(userMfa.userId, user("cfo@acme.example")))).toHaveLength(1);
    await expect(resetUserMfa(db, await contextFor(db, "uk.admin@acme.example"), { userId: user(AM) })).rejects.toThrow(NotFoundError);

    const ukAdmin = await contextFor(db, "uk.admin@acme.example");
    expect(await mfaResetOptionFor(db, ukAdmin.ability, ukAdmin.principal.userId, user(ORDERER))).toEqual({ enabled: true, canReset: true });
    expect(await mfaResetOptionFor(db, ukAdmin.ability, ukAdmin.principal.userId, user("cfo@acme.example"))).toEqual({ enabled: false, canReset: false });
    const orderer = await contextFor(db, ORDERER);
    expect(await mfaResetOptionFor(db, orderer.ability, orderer.principal.userId, user(ORDERER))).toEqual({ enabled: true, canReset: false });
    const result = await resetUserMfa(db, ukAdmin, { userId: user(ORDERER) });
    expect(result.endedSessions).toBe(1);
    expect(await db.select().from(userMfa).where(eq(userMfa.userId, user(ORDERER)))).toHaveLength(0);
    expect(await db.select().from(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, user(ORDERER)))).toHaveLength(0);
    expect(await events("mfa.reset")).toMatchObject([{ actorId: user("uk.admin@acme.example"), subjectId: user(ORDERER), enterpriseId: ACME }]);
    await expect(resetUserMfa(db, await contextFor(db, "uk.admin@acme.example"), { userId: user(ORDERER) })).rejects.toThrow(ConflictError);

    const admin = await contextFor(db, "uk.admin@acme.example");
    const impersonated = { ...admin.principal, impersonation: { sessionId: "00000000-0000-0000-0000-000000000000", byUserId: user(AM), byName: "Alex", writeAccess: true, expiresAt: new Date(Date.now() + 60_000) } };
    await enrol(ORDERER);
    await expect(resetUserMfa(db, { principal: impersonated, ability: defineAbilityFor(impersonated), requestId: null }, { userId: user(ORDERER) })).rejects.toThrow(ForbiddenError);
  });
});

/** The secret an enrolment stored (opened as the app would have it). */
async function enrolSecret(email: string): Promise<string | null> {
  const { open } = await import("@/lib/identity/secret-box");
  const [row] = await db.select().from(userMfa).where(eq(userMfa.userId, user(email)));
  return row ? open(row.secretSealed, "totp-secret") : null;
}
