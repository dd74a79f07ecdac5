import "server-only";
import { and, eq, isNotNull, sql } from "drizzle-orm";
import type { Db, Executor } from "@/db/client";
import { accountNodes, ssoConnections, ssoDomains, users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { AppAbility } from "@/lib/authz/ability";
import { authorize, loadSubjectFields } from "@/lib/authz/guard";
import { asSubject } from "@/lib/authz/subjects";
import type { Ctx } from "@/lib/context";
import { ConflictError, InvalidError, NotFoundError } from "@/lib/errors";
import type { ConnectionInput } from "./schemas";
import { seal } from "./secret-box";

/** The fields the ability looks at for an enterprise's sign-in policy: it hangs on the enterprise root. */
export async function identityFields(db: Executor, enterpriseId: string | null) {
  if (!enterpriseId) return null;
  const root = await loadSubjectFields(db, "Customer", enterpriseId);
  return root && root.kind === "enterprise" ? { enterpriseId, path: root.path as string } : null;
}

/** Loads the enterprise's identity fields and checks the action on them (404 when the enterprise is not the viewer's). */
export async function authorizeIdentity(db: Executor, ctx: Ctx, action: "read" | "update") {
  const fields = await identityFields(db, ctx.principal.enterpriseId);
  if (!fields) throw new NotFoundError();
  authorize(ctx.ability, action, "IdentityProvider", fields);
  return fields;
}

/** The connection as the settings page shows it: never the secret, only whether one is stored. */
export type ConnectionView = {
  id: string;
  issuer: string;
  clientId: string;
  hasSecret: boolean;
  enabled: boolean;
  passwordSignIn: boolean;
  defaultRole: string | null;
  defaultNodeId: string | null;
  testedAt: Date | null;
  updatedAt: Date;
};

export async function connectionOf(db: Executor, enterpriseId: string): Promise<ConnectionView | null> {
  const [row] = await db.select().from(ssoConnections).where(eq(ssoConnections.enterpriseId, enterpriseId));
  if (!row) return null;
  return {
    id: row.id,
    issuer: row.issuer,
    clientId: row.clientId,
    hasSecret: row.clientSecretSealed.length > 0,
    enabled: row.enabled,
    passwordSignIn: row.passwordSignIn,
    defaultRole: row.defaultRole,
    defaultNodeId: row.defaultNodeId,
    testedAt: row.testedAt,
    updatedAt: row.updatedAt,
  };
}

/** The sign-in settings as the viewer may see them, or null when they may not read them. */
export async function identitySettingsFor(db: Executor, ability: AppAbility, enterpriseId: string | null) {
  const fields = await identityFields(db, enterpriseId);
  if (!fields || !ability.can("read", asSubject("IdentityProvider", fields))) return null;
  const [connection, domains] = await Promise.all([
    connectionOf(db, fields.enterpriseId),
    db.select().from(ssoDomains).where(eq(ssoDomains.enterpriseId, fields.enterpriseId)).orderBy(ssoDomains.domain),
  ]);
  return { enterpriseId: fields.enterpriseId, connection, domains, canChange: ability.can("update", asSubject("IdentityProvider", fields)) };
}

/**
 * Saves the provider's issuer, client id and (when given) a new client secret, sealed. Changing any of
 * the three switches the connection off and asks for a new test: a connection is only ever on with
 * the settings a test sign-in went through. The default unit must be the enterprise's own.
 */
export async function saveConnection(db: Db, ctx: Ctx, input: ConnectionInput, now = new Date()) {
  const fields = await authorizeIdentity(db, ctx, "update");
  if (input.defaultNodeId) {
    const [node] = await db.select({ id: accountNodes.id }).from(accountNodes).where(and(eq(accountNodes.id, input.defaultNodeId), eq(accountNodes.enterpriseId, fields.enterpriseId)));
    if (!node) throw new InvalidError("Choose a unit of your organisation", { defaultNodeId: ["Choose a unit from the list"] });
  }
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(ssoConnections).where(eq(ssoConnections.enterpriseId, fields.enterpriseId)).for("update");
    if (!before && !input.clientSecret) throw new InvalidError("Enter the client secret", { clientSecret: ["Enter the client secret the provider gave you"] });
    const credentialsChanged = !before || before.issuer !== input.issuer || before.clientId !== input.clientId || input.clientSecret.length > 0;
    const values = {
      issuer: input.issuer,
      clientId: input.clientId,
      ...(input.clientSecret ? { clientSecretSealed: seal(input.clientSecret, "sso-client-secret") } : {}),
      defaultRole: input.defaultRole as (typeof ssoConnections.$inferInsert)["defaultRole"],
      defaultNodeId: input.defaultNodeId,
      ...(credentialsChanged ? { testedAt: null, enabled: false } : {}),
      updatedById: ctx.principal.userId,
      updatedAt: now,
    };
    // A subject is only unique at its issuer: another provider's subjects must bind afresh.
    const issuerChanged = Boolean(before && before.issuer !== input.issuer);
    if (issuerChanged) await tx.update(users).set({ ssoSubject: null }).where(eq(users.enterpriseId, fields.enterpriseId));
    if (before) await tx.update(ssoConnections).set(values).where(eq(ssoConnections.enterpriseId, fields.enterpriseId));
    else await tx.insert(ssoConnections).values({ enterpriseId: fields.enterpriseId, clientSecretSealed: "", ...values });
    const shown = (c: { issuer: string; clientId: string; defaultRole: string | null; defaultNodeId: string | null; enabled: boolean } | undefined) =>
      c ? { issuer: c.issuer, clientId: c.clientId, defaultRole: c.defaultRole, defaultNodeId: c.defaultNodeId, enabled: c.enabled } : null;
    await recordAudit(tx, ctx.principal, ctx.requestId, {
      action: before ? "identity.sso.update" : "identity.sso.create",
      subjectType: "IdentityProvider",
      subjectId: fields.enterpriseId,
      enterpriseId: fields.enterpriseId,
      nodeId: fields.enterpriseId,
      summary: `${ctx.principal.name} ${before ? "changed" : "set up"} single sign-on with ${input.issuer}${credentialsChanged && before?.enabled ? " (switched off until tested again)" : ""}`,
      before: shown(before),
      // The secret itself is never recorded; only that it changed.
      after: { ...shown({ ...input, enabled: credentialsChanged ? false : (before?.enabled ?? false) }), clientSecret: input.clientSecret ? "(changed)" : "(kept)", ...(issuerChanged ? { subjectsCleared: true } : {}) },
    });
    return { retestNeeded: credentialsChanged };
  });
}

/**
 * Switches single sign-on on or off, or password sign-in for the enterprise's SSO domains. On needs a
 * passed test and a verified domain; passwords can be switched off only while SSO is on (else no one
 * of those domains could sign in). Sessions already open are not ended.
 */
export async function changeSwitch(db: Db, ctx: Ctx, input: { setting: "enabled" | "passwordSignIn"; value: boolean }, now = new Date()) {
  const fields = await authorizeIdentity(db, ctx, "update");
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(ssoConnections).where(eq(ssoConnections.enterpriseId, fields.enterpriseId)).for("update");
    if (!before) throw new ConflictError("Set up the identity provider first.");
    if (input.setting === "enabled" && input.value) {
      if (!before.testedAt) throw new ConflictError("Test the connection before switching it on.");
      const [domain] = await tx.select({ d: ssoDomains.domain }).from(ssoDomains).where(and(eq(ssoDomains.enterpriseId, fields.enterpriseId), isNotNull(ssoDomains.verifiedAt))).limit(1);
      if (!domain) throw new ConflictError("Verify at least one e-mail domain before switching single sign-on on.");
    }
    if (input.setting === "passwordSignIn" && !input.value && !before.enabled) throw new ConflictError("Switch single sign-on on before switching password sign-in off.");
    const next =
      input.setting === "enabled"
        ? // Switching SSO off gives passwords back: no one is left without a way in.
          { enabled: input.value, passwordSignIn: input.value ? before.passwordSignIn : true }
        : { enabled: before.enabled, passwordSignIn: input.value };
    await tx.update(ssoConnections).set({ ...next, updatedById: ctx.principal.userId, updatedAt: now }).where(eq(ssoConnections.enterpriseId, fields.enterpriseId));
    const what = input.setting === "enabled" ? `single sign-on ${input.value ? "on" : "off"}` : `password sign-in ${input.value ? "on" : "off"} for its SSO domains`;
    await recordAudit(tx, ctx.principal, ctx.requestId, {
      action: "identity.sso.switch",
      subjectType: "IdentityProvider",
      subjectId: fields.enterpriseId,
      enterpriseId: fields.enterpriseId,
      nodeId: fields.enterpriseId,
      summary: `${ctx.principal.name} switched ${what}`,
      before: { enabled: before.enabled, passwordSignIn: before.passwordSignIn },
      after: next,
    });
    return next;
  });
}

/** Records a successful test round trip (the admin signed in at the provider and came back). */
export async function recordTestPassed(db: Db, ctx: Ctx, connectionId: string, seen: { sub: string; email: string | null; domainVerified: boolean }, now = new Date()) {
  const fields = await authorizeIdentity(db, ctx, "update");
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(ssoConnections)
      .set({ testedAt: now })
      .where(and(eq(ssoConnections.id, connectionId), eq(ssoConnections.enterpriseId, fields.enterpriseId)))
      .returning({ issuer: ssoConnections.issuer });
    if (!row) throw new NotFoundError();
    await recordAudit(tx, ctx.principal, ctx.requestId, {
      action: "identity.sso.test",
      subjectType: "IdentityProvider",
      subjectId: fields.enterpriseId,
      enterpriseId: fields.enterpriseId,
      nodeId: fields.enterpriseId,
      summary: `${ctx.principal.name} tested single sign-on: signed in at ${row.issuer} as ${seen.email ?? `subject ${seen.sub}`}`,
      after: seen,
    });
  });
}

/** Other enterprises' or the CSP's people use an e-mail at this domain (claiming it would take their sign-in). */
export async function domainUsedElsewhere(db: Executor, domain: string, enterpriseId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(sql`lower(split_part(${users.email}, '@', 2)) = ${domain}`, sql`${users.enterpriseId} is distinct from ${enterpriseId}`))
    .limit(1);
  return Boolean(row);
}
