import "server-only";
import { eq } from "drizzle-orm";
import type { OIDCConfig } from "next-auth/providers";
import { getDb } from "@/db/client";
import { ssoConnections, type SsoConnection } from "@/db/schema";
import { isUuid } from "@/lib/authz/guard";
import { open } from "./secret-box";
import { SSO_PROVIDER_PREFIX } from "./sso-route";

/** The test round trip an admin starts before switching a connection on: it signs no one in. */
export const SSO_TEST_PREFIX = "sso-test-";

export type SsoClaims = { sub?: unknown; email?: unknown; email_verified?: unknown; name?: unknown; given_name?: unknown; family_name?: unknown };

/** Which connection and purpose a next-auth provider id names; null for any other provider. */
export function parseSsoProviderId(providerId: string): { connectionId: string; test: boolean } | null {
  const test = providerId.startsWith(SSO_TEST_PREFIX);
  const id = test ? providerId.slice(SSO_TEST_PREFIX.length) : providerId.startsWith(SSO_PROVIDER_PREFIX) ? providerId.slice(SSO_PROVIDER_PREFIX.length) : null;
  return id && isUuid(id) ? { connectionId: id, test } : null;
}

/**
 * The next-auth provider for one enterprise's connection: OpenID Connect discovery from its issuer,
 * the authorization code flow with PKCE, state and nonce all checked (Auth.js keeps them in short-lived
 * cookies and accepts each once), the ID token's issuer checked against the configured one. The
 * profile is read from the userinfo endpoint too, since many providers put `email` only there.
 */
export function oidcProviderFor(connection: Pick<SsoConnection, "id" | "issuer" | "clientId" | "clientSecretSealed">, test = false): OIDCConfig<SsoClaims> {
  return {
    id: `${test ? SSO_TEST_PREFIX : SSO_PROVIDER_PREFIX}${connection.id}`,
    name: "your organisation's sign-in",
    type: "oidc",
    issuer: connection.issuer,
    clientId: connection.clientId,
    clientSecret: open(connection.clientSecretSealed, "sso-client-secret"),
    checks: ["pkce", "state", "nonce"],
    idToken: false,
    authorization: { params: { scope: "openid email profile" } },
    profile(claims) {
      return { id: String(claims.sub ?? ""), email: typeof claims.email === "string" ? claims.email : null, name: typeof claims.name === "string" ? claims.name : null };
    },
  };
}

/** The provider named by an id such as `sso-<uuid>` or `sso-test-<uuid>`, or null when it names no connection. */
export async function ssoProviderById(providerId: string): Promise<OIDCConfig<SsoClaims> | null> {
  const parsed = parseSsoProviderId(providerId);
  if (!parsed) return null;
  const db = await getDb();
  const [connection] = await db.select().from(ssoConnections).where(eq(ssoConnections.id, parsed.connectionId));
  if (!connection) return null;
  // Real sign-ins only through a connection that is switched on; the admin's test works before that.
  if (!parsed.test && !(connection.enabled && connection.testedAt)) return null;
  try {
    return oidcProviderFor(connection, parsed.test);
  } catch {
    return null; // A secret sealed under another key: the connection must be saved again.
  }
}

/**
 * The provider id named in an Auth.js path (/api/auth/signin/<id>, /api/auth/callback/<id>), if any.
 * A test round trip starts only from the admin's server action, never from the public sign-in route.
 */
export function providerIdInPath(pathname: string): string | null {
  const match = /\/api\/auth\/(signin|callback)\/([^/?#]+)/.exec(pathname);
  if (!match) return null;
  try {
    const id = decodeURIComponent(match[2]!);
    return match[1] === "signin" && id.startsWith(SSO_TEST_PREFIX) ? null : id;
  } catch {
    return null;
  }
}
