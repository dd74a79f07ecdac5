import "server-only";
import { and, eq, isNotNull } from "drizzle-orm";
import { getDb, type Executor } from "@/db/client";
import { ssoConnections, ssoDomains, users } from "@/db/schema";

export type SignInRoute = {
  /** The next-auth provider id of the enterprise's identity provider (`sso-<connection id>`), when SSO is on for the domain. */
  sso: { providerId: string; connectionId: string; enterpriseId: string } | null;
  /** False when the enterprise has switched password sign-in off for its SSO domains. */
  passwordAllowed: boolean;
};

export const SSO_PROVIDER_PREFIX = "sso-";

/** The e-mail's domain, lower-cased; null when the address has none. */
export function emailDomain(email: string): string | null {
  const at = email.lastIndexOf("@");
  if (at < 1 || at === email.length - 1) return null;
  return email.slice(at + 1).trim().toLowerCase();
}

/**
 * Where a sign-in for this e-mail goes: to its enterprise's provider when the domain is verified and
 * the connection switched on, else to the password form. Unknown domains say nothing about anything.
 */
export async function signInRouteFor(email: string, db?: Executor): Promise<SignInRoute> {
  const domain = emailDomain(email);
  if (!domain) return { sso: null, passwordAllowed: true };
  const executor = db ?? (await getDb());
  const [row] = await executor
    .select({ id: ssoConnections.id, enterpriseId: ssoConnections.enterpriseId, passwordSignIn: ssoConnections.passwordSignIn })
    .from(ssoDomains)
    .innerJoin(ssoConnections, eq(ssoConnections.enterpriseId, ssoDomains.enterpriseId))
    .where(and(eq(ssoDomains.domain, domain), isNotNull(ssoDomains.verifiedAt), eq(ssoConnections.enabled, true), isNotNull(ssoConnections.testedAt)));
  if (!row) return { sso: null, passwordAllowed: true };
  // Someone of another organisation, or the CSP's staff, with an address at this domain keeps their
  // own way in: an enterprise's claim never routes them to its provider.
  const [account] = await executor.select({ enterpriseId: users.enterpriseId }).from(users).where(eq(users.email, email.trim().toLowerCase()));
  if (account && account.enterpriseId !== row.enterpriseId) return { sso: null, passwordAllowed: true };
  return { sso: { providerId: `${SSO_PROVIDER_PREFIX}${row.id}`, connectionId: row.id, enterpriseId: row.enterpriseId }, passwordAllowed: row.passwordSignIn };
}
