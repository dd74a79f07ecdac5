import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, asc, desc, eq, isNull, lt, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db, Executor } from "@/db/client";
import { accountNodes, scimTokens, users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { AppAbility } from "@/lib/authz/ability";
import { authorize, authorizeLocked } from "@/lib/authz/guard";
import type { Principal } from "@/lib/authz/principal";
import { accessibleWhere } from "@/lib/authz/sql";
import type { Ctx } from "@/lib/context";
import { ConflictError, NotFoundError } from "@/lib/errors";
import type { CreateTokenInput } from "./schemas";

/**
 * SCIM bearer tokens (RFC 7644 §2): 32 random bytes, shown once, only their SHA-256 stored. A token
 * acts as an enterprise admin of its scope node (its creator's widest admin scope when created),
 * through the same ability as a person, so what it provisions stays inside the rules.
 */
export const TOKEN_PREFIX = "trellis_scim_";
const TOKEN_PATTERN = /^trellis_scim_[A-Za-z0-9_-]{43}$/;
/** last_used_at is written at most this often per token. */
const TOUCH_EVERY_MS = 60_000;

export function hashScimToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function newScimToken(): { token: string; tokenHash: string } {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  return { token, tokenHash: hashScimToken(token) };
}

/** The token of an Authorization header ("Bearer <token>", scheme in any case), or null. */
export function bearerToken(header: string | null): string | null {
  const match = header ? /^\s*bearer\s+(\S+)\s*$/i.exec(header) : null;
  const token = match?.[1] ?? null;
  return token && TOKEN_PATTERN.test(token) ? token : null;
}

export type ScimTokenInfo = { id: string; name: string; enterpriseId: string; scopeNodeId: string; scopePath: string; scopeName: string; createdById?: string | null };

/** The principal a token acts as: an enterprise admin of its scope node, named after the token. */
export function tokenPrincipal(t: ScimTokenInfo): Principal {
  return {
    userId: t.id,
    name: `SCIM token ‘${t.name}’`,
    email: "",
    enterpriseId: t.enterpriseId,
    unitNodeId: t.scopeNodeId,
    locale: "en-GB",
    timeZone: "UTC",
    assignments: [
      {
        id: t.id,
        role: "enterprise_admin",
        scopeNodeId: t.scopeNodeId,
        scopePath: t.scopePath,
        scopeName: t.scopeName,
        approvalLimitMinor: null,
        spendLimitMinor: null,
        limitCurrency: null,
        expiresAt: null,
      },
    ],
    impersonation: null,
    scimToken: { id: t.id, name: t.name },
  };
}

/**
 * The live token an Authorization header carries, or null (missing, malformed, unknown or
 * revoked). Notes its use, at most once a minute (the condition makes concurrent requests write once).
 */
export async function authenticateScimToken(db: Executor, header: string | null, now = new Date()): Promise<ScimTokenInfo | null> {
  const token = bearerToken(header);
  if (!token) return null;
  const [row] = await db
    .select({ id: scimTokens.id, name: scimTokens.name, enterpriseId: scimTokens.enterpriseId, scopeNodeId: scimTokens.scopeNodeId, scopePath: accountNodes.path, scopeName: accountNodes.name, lastUsedAt: scimTokens.lastUsedAt, createdById: scimTokens.createdById })
    .from(scimTokens)
    .innerJoin(accountNodes, eq(accountNodes.id, scimTokens.scopeNodeId))
    .where(
      and(
        eq(scimTokens.tokenHash, hashScimToken(token)),
        isNull(scimTokens.revokedAt),
        // A token acts only while its creator could still do what it does: active, and an enterprise
        // admin (in force) over the token's scope. A demoted or deactivated admin's tokens stop working.
        sql`exists (
          select 1 from users c
          join role_assignments ra on ra.user_id = c.id and ra.role = 'enterprise_admin' and (ra.expires_at is null or ra.expires_at > now())
          join account_nodes n on n.id = ra.scope_node_id
          where c.id = "scim_tokens"."created_by_id" and c.status = 'active' and "account_nodes"."path" like n.path || '%'
        )`,
      ),
    );
  if (!row) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= TOUCH_EVERY_MS) {
    await db
      .update(scimTokens)
      .set({ lastUsedAt: now })
      .where(and(eq(scimTokens.id, row.id), or(isNull(scimTokens.lastUsedAt), lt(scimTokens.lastUsedAt, new Date(now.getTime() - TOUCH_EVERY_MS)))));
  }
  return { id: row.id, name: row.name, enterpriseId: row.enterpriseId, scopeNodeId: row.scopeNodeId, scopePath: row.scopePath, scopeName: row.scopeName, createdById: row.createdById };
}

/** The widest node on which the person is an enterprise admin of their own enterprise: a new token's scope. */
function creatorScope(principal: Principal) {
  const admin = principal.assignments
    .filter((a) => a.role === "enterprise_admin" && a.scopeNodeId && a.scopePath)
    .sort((a, b) => a.scopePath!.length - b.scopePath!.length)[0];
  return admin ? { nodeId: admin.scopeNodeId!, path: admin.scopePath! } : null;
}

/**
 * An enterprise admin creates a token for its identity provider. It provisions within the admin's
 * scope. Returns the token itself: the only time it is ever seen.
 */
export async function createScimToken(db: Db, ctx: Ctx, input: CreateTokenInput, now = new Date()) {
  const scope = creatorScope(ctx.principal);
  const enterpriseId = ctx.principal.enterpriseId;
  if (!scope || !enterpriseId) throw new NotFoundError();
  authorize(ctx.ability, "create", "ScimToken", { enterpriseId, path: scope.path });
  const { token, tokenHash } = newScimToken();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(scimTokens)
      .values({ enterpriseId, scopeNodeId: scope.nodeId, name: input.name, tokenHash, createdById: ctx.principal.userId, createdAt: now })
      .returning({ id: scimTokens.id, name: scimTokens.name, createdAt: scimTokens.createdAt });
    const [node] = await tx.select({ name: accountNodes.name }).from(accountNodes).where(eq(accountNodes.id, scope.nodeId));
    await recordAudit(tx, ctx.principal, ctx.requestId, {
      action: "scim_token.create",
      subjectType: "ScimToken",
      subjectId: row!.id,
      enterpriseId,
      nodeId: scope.nodeId,
      summary: `Created SCIM token ‘${input.name}’ provisioning into ${node?.name ?? "a node"}`,
      after: { name: input.name, scopeNodeId: scope.nodeId },
    });
    return { id: row!.id, name: row!.name, token };
  });
}

/** Revokes a token: its next request is refused (401). Audited; revoking twice is a conflict. */
export async function revokeScimToken(db: Db, ctx: Ctx, tokenId: string, now = new Date()) {
  return db.transaction(async (tx) => {
    await authorizeLocked(tx, ctx.ability, "delete", "ScimToken", tokenId);
    const [before] = await tx.select().from(scimTokens).where(eq(scimTokens.id, tokenId));
    if (!before) throw new NotFoundError();
    if (before.revokedAt) throw new ConflictError(`The token ‘${before.name}’ is already revoked.`);
    await tx.update(scimTokens).set({ revokedAt: now, revokedById: ctx.principal.impersonation?.byUserId ?? ctx.principal.userId }).where(eq(scimTokens.id, tokenId));
    await recordAudit(tx, ctx.principal, ctx.requestId, {
      action: "scim_token.revoke",
      subjectType: "ScimToken",
      subjectId: tokenId,
      enterpriseId: before.enterpriseId,
      nodeId: before.scopeNodeId,
      summary: `Revoked SCIM token ‘${before.name}’`,
      before: { revokedAt: null },
      after: { revokedAt: now.toISOString() },
    });
    return { id: tokenId, name: before.name };
  });
}

const creator = alias(users, "creator");

/** The tokens the ability may read, newest first (revoked ones too, for the record), at most 200. */
export async function listScimTokens(db: Executor, ability: AppAbility) {
  const rows = await db
    .select({
      id: scimTokens.id,
      name: scimTokens.name,
      scopeName: accountNodes.name,
      createdAt: scimTokens.createdAt,
      createdByName: creator.name,
      lastUsedAt: scimTokens.lastUsedAt,
      revokedAt: scimTokens.revokedAt,
      path: accountNodes.path,
      enterpriseId: scimTokens.enterpriseId,
    })
    .from(scimTokens)
    .innerJoin(accountNodes, eq(accountNodes.id, scimTokens.scopeNodeId))
    .leftJoin(creator, eq(creator.id, scimTokens.createdById))
    .where(accessibleWhere(ability, "read", "ScimToken"))
    .orderBy(sql`${scimTokens.revokedAt} is not null`, desc(scimTokens.createdAt), asc(scimTokens.id))
    .limit(200);
  return rows;
}
