import "server-only";
import { headers } from "next/headers";
import { eq, and } from "drizzle-orm";
import { getDb } from "@/db/client";
import { ssoDomains } from "@/db/schema";
import { currentContext } from "@/lib/auth/principal";
import { boundedUserAgent, clientAddress } from "@/lib/auth/throttle-rules";
import { env } from "@/lib/env";
import { DomainError } from "@/lib/errors";
import { requestIdFrom } from "@/lib/request-id";
import { recordTestPassed } from "./connection";
import { parseSsoProviderId, type SsoClaims } from "./oidc";
import { completeSsoSignIn } from "./sso-sign-in";
import { emailDomain } from "./sso-route";

export type SsoCallbackResult = { signedIn?: { userId: string; sessionId: string }; redirect?: string };

/**
 * What next-auth's signIn callback does with a person who came back from an enterprise's provider.
 * A test round trip records that the connection works and returns the admin to the settings, signing
 * no one in (the admin's own session is untouched). A real one signs the person in or sends them to
 * the sign-in error page with the reason.
 */
export async function handleSsoCallback(providerId: string, claims: SsoClaims): Promise<SsoCallbackResult> {
  const parsed = parseSsoProviderId(providerId);
  if (!parsed) return { redirect: "/sign-in-error?error=AccessDenied" };
  const h = await headers();
  const requestId = requestIdFrom(h.get("x-request-id"));
  const db = await getDb();

  if (parsed.test) {
    const ctx = await currentContext();
    if (!ctx) return { redirect: "/sign-in-error?error=TestNeedsSession" };
    const email = typeof claims.email === "string" ? claims.email.toLowerCase() : null;
    const domain = email ? emailDomain(email) : null;
    const enterpriseId = ctx.principal.enterpriseId;
    const [verified] = domain && enterpriseId ? await db.select({ at: ssoDomains.verifiedAt }).from(ssoDomains).where(and(eq(ssoDomains.domain, domain), eq(ssoDomains.enterpriseId, enterpriseId))) : [];
    try {
      await recordTestPassed(db, { ...ctx, requestId }, parsed.connectionId, { sub: String(claims.sub ?? ""), email, domainVerified: Boolean(verified?.at) });
    } catch (error) {
      if (error instanceof DomainError) return { redirect: "/sign-in-error?error=TestNotAllowed" };
      throw error;
    }
    return { redirect: "/identity?test=passed" };
  }

  const outcome = await completeSsoSignIn(db, parsed.connectionId, claims, {
    address: clientAddress(h.get("x-forwarded-for"), env().TRUST_PROXY),
    userAgent: boundedUserAgent(h.get("user-agent")),
    requestId,
  });
  if (!outcome.ok) return { redirect: `/sign-in-error?error=AccessDenied&reason=${outcome.reason}` };
  return { signedIn: { userId: outcome.userId, sessionId: outcome.sessionId } };
}
