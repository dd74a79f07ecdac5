import "server-only";
import { randomBytes } from "node:crypto";
import { Resolver } from "node:dns/promises";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { ssoConnections, ssoDomains } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { Ctx } from "@/lib/context";
import { env } from "@/lib/env";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { authorizeIdentity, domainUsedElsewhere } from "./connection";

/** Where the proof of ownership lives: a TXT record on this name holding `trellis-verify=<token>`. */
export function verificationRecordName(domain: string): string {
  return `_trellis-verify.${domain}`;
}
export function verificationRecordValue(token: string): string {
  return `trellis-verify=${token}`;
}

export type TxtLookup = (name: string) => Promise<string[][]>;

/** TXT lookups through DNS_SERVERS when set (host or host:port, comma-separated), else the system's resolvers. */
export function systemTxtLookup(): TxtLookup {
  const resolver = new Resolver({ timeout: 3_000, tries: 2 });
  const servers = env().DNS_SERVERS;
  if (servers.length) resolver.setServers(servers);
  return (name) => resolver.resolveTxt(name);
}

/**
 * Claims an e-mail domain for the enterprise, unverified until its TXT record is found. A domain
 * belongs to one enterprise only (the primary key), and one whose addresses other organisations' people
 * (or the CSP's staff) already use cannot be claimed at all: it would route their sign-in elsewhere.
 * The refusal does not say who holds it.
 */
export async function addDomain(db: Db, ctx: Ctx, domain: string, now = new Date()) {
  const fields = await authorizeIdentity(db, ctx, "update");
  if (await domainUsedElsewhere(db, domain, fields.enterpriseId)) throw new ConflictError("People of another organisation use this domain; it cannot be claimed.", { domain: ["This domain cannot be claimed"] });
  const token = randomBytes(18).toString("base64url");
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(ssoDomains).values({ domain, enterpriseId: fields.enterpriseId, verificationToken: token, createdAt: now }).onConflictDoNothing().returning();
    if (!row) throw new ConflictError("This domain is already claimed.", { domain: ["This domain is already claimed"] });
    await recordAudit(tx, ctx.principal, ctx.requestId, {
      action: "identity.domain.add",
      subjectType: "IdentityProvider",
      subjectId: fields.enterpriseId,
      enterpriseId: fields.enterpriseId,
      nodeId: fields.enterpriseId,
      summary: `${ctx.principal.name} claimed the domain ${domain} for single sign-on`,
      after: { domain },
    });
    return { domain, recordName: verificationRecordName(domain), recordValue: verificationRecordValue(token) };
  });
}

/**
 * Looks for the domain's TXT record and marks it verified when it holds the token. DNS failures and
 * a missing record are said plainly; nothing changes then.
 */
export async function verifyDomain(db: Db, ctx: Ctx, domain: string, lookup: TxtLookup = systemTxtLookup(), now = new Date()) {
  const fields = await authorizeIdentity(db, ctx, "update");
  const [row] = await db.select().from(ssoDomains).where(and(eq(ssoDomains.domain, domain), eq(ssoDomains.enterpriseId, fields.enterpriseId)));
  if (!row) throw new NotFoundError();
  if (row.verifiedAt) return { verified: true as const, domain };
  let records: string[][];
  try {
    records = await lookup(verificationRecordName(domain));
  } catch {
    records = [];
  }
  const expected = verificationRecordValue(row.verificationToken);
  // A long TXT record arrives in chunks: they are one string joined.
  if (!records.some((chunks) => chunks.join("").trim() === expected)) {
    throw new ConflictError(`No TXT record ${verificationRecordName(domain)} with the value ${expected} was found yet. DNS changes can take a while to show; try again later.`);
  }
  await db.transaction(async (tx) => {
    await tx.update(ssoDomains).set({ verifiedAt: now }).where(eq(ssoDomains.domain, domain));
    await recordAudit(tx, ctx.principal, ctx.requestId, {
      action: "identity.domain.verify",
      subjectType: "IdentityProvider",
      subjectId: fields.enterpriseId,
      enterpriseId: fields.enterpriseId,
      nodeId: fields.enterpriseId,
      summary: `${ctx.principal.name} verified the domain ${domain}`,
      after: { domain, verifiedAt: now.toISOString() },
    });
  });
  return { verified: true as const, domain };
}

/** Releases a domain. The last verified one cannot go while single sign-on is on. */
export async function removeDomain(db: Db, ctx: Ctx, domain: string) {
  const fields = await authorizeIdentity(db, ctx, "update");
  await db.transaction(async (tx) => {
    const domains = await tx.select().from(ssoDomains).where(eq(ssoDomains.enterpriseId, fields.enterpriseId)).for("update");
    const row = domains.find((d) => d.domain === domain);
    if (!row) throw new NotFoundError();
    const [connection] = await tx.select({ enabled: ssoConnections.enabled }).from(ssoConnections).where(eq(ssoConnections.enterpriseId, fields.enterpriseId));
    const otherVerified = domains.some((d) => d.domain !== domain && d.verifiedAt);
    if (connection?.enabled && row.verifiedAt && !otherVerified) throw new ConflictError("Switch single sign-on off before removing its last verified domain.");
    await tx.delete(ssoDomains).where(eq(ssoDomains.domain, domain));
    await recordAudit(tx, ctx.principal, ctx.requestId, {
      action: "identity.domain.remove",
      subjectType: "IdentityProvider",
      subjectId: fields.enterpriseId,
      enterpriseId: fields.enterpriseId,
      nodeId: fields.enterpriseId,
      summary: `${ctx.principal.name} released the domain ${domain}`,
      before: { domain, verified: Boolean(row.verifiedAt) },
    });
  });
}
