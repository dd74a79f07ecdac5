import "server-only";
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import type { Provider } from "next-auth/providers";
import Credentials from "next-auth/providers/credentials";
import { env } from "@/lib/env";
import { requestIdFrom } from "@/lib/request-id";
import { cookies } from "next/headers";
import { getDb } from "@/db/client";
import { isUuid } from "@/lib/authz/guard";
import { endSessions } from "@/lib/sessions/mutations";
import { parseSsoProviderId, providerIdInPath, ssoProviderById, type SsoClaims } from "@/lib/identity/oidc";
import { authConfig } from "./config";
import { authLogger } from "./logger";
import { cookieFrom, DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE } from "./device";
import { verifyCredentials } from "./credentials";
import { CHALLENGE_COOKIE, forgetChallenge, rememberChallenge } from "@/lib/mfa/challenge";
import { boundedUserAgent, clientAddress } from "./throttle-rules";

class SignInThrottled extends CredentialsSignin {
  code = "throttled";
}

/**
 * A refusal the sign-in form tells apart (lib/auth/sign-in.ts): "mfa_required" (the password passed;
 * the second factor is asked for under the challenge cookie), "sso_required", "challenge_expired",
 * "code_invalid", "code_replayed".
 */
class SignInRefused extends CredentialsSignin {
  constructor(code: string) {
    super();
    this.code = code;
  }
}

/** Keeps the device cookie after a successful sign-in (where the response can still set cookies). */
async function rememberDevice(token: string, secure: boolean) {
  try {
    (await cookies()).set(DEVICE_COOKIE, token, { httpOnly: true, sameSite: "lax", secure, path: "/", maxAge: DEVICE_COOKIE_MAX_AGE });
  } catch {
    // Outside a request that can set cookies (a script): the device stays unknown, which only costs it the shortcut.
  }
}

/**
 * The configuration, with at most one enterprise's OpenID Connect provider in it: the one a request to
 * /api/auth/signin/sso-<id> or /api/auth/callback/sso-<id> names (lib/identity/oidc.ts). Providers are
 * built per request from the database, so a thousand enterprises' connections cost nothing until one is used.
 */
function configWith(sso: Provider | null): NextAuthConfig {
  return {
  ...authConfig,
  // Refusals and failed checks (a replayed state, a wrong issuer) land on a page that says what happened.
  pages: { ...authConfig.pages, error: "/sign-in-error" },
  logger: authLogger,
  callbacks: {
    ...authConfig.callbacks,
    async signIn({ user, account, profile }) {
      if (!account || !parseSsoProviderId(account.provider)) return true;
      const { handleSsoCallback } = await import("@/lib/identity/sso-callback");
      const result = await handleSsoCallback(account.provider, (profile ?? {}) as SsoClaims);
      if (result.signedIn) Object.assign(user, { id: result.signedIn.userId, sessionId: result.signedIn.sessionId });
      return result.redirect ?? true;
    },
  },
  events: {
    // next-auth's own sign-out endpoint ends the session row too, not only the cookie.
    async signOut(message) {
      const sid = "token" in message ? (message.token as { sid?: unknown; sub?: unknown } | null)?.sid : undefined;
      const sub = "token" in message ? (message.token as { sub?: unknown } | null)?.sub : undefined;
      if (typeof sid === "string" && typeof sub === "string" && isUuid(sid) && isUuid(sub)) {
        const db = await getDb();
        await db.transaction((tx) => endSessions(tx, sub, "sign_out", { principal: null, requestId: requestIdFrom(null) }, { only: sid }));
      }
    },
  },
  providers: [
    Credentials({
      // Two steps (lib/auth/credentials.ts): e-mail and password; then, for a person with a second
      // factor, `code` or `recoveryCode` under the challenge the first step left in a cookie.
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
        code: { label: "Code", type: "text" },
        recoveryCode: { label: "Recovery code", type: "text" },
      },
      async authorize(credentials, request) {
        const headers = request?.headers;
        const secure = headers?.get("x-forwarded-proto") === "https" || request?.url?.startsWith("https:") === true;
        const result = await verifyCredentials(credentials, {
          address: clientAddress(headers?.get("x-forwarded-for") ?? null, env().TRUST_PROXY),
          userAgent: boundedUserAgent(headers?.get("user-agent") ?? null),
          requestId: requestIdFrom(headers?.get("x-request-id")),
          deviceToken: cookieFrom(headers?.get("cookie"), DEVICE_COOKIE),
          challenge: cookieFrom(headers?.get("cookie"), CHALLENGE_COOKIE),
        });
        if (result.ok) {
          await rememberDevice(result.deviceToken, secure);
          if (result.authMethod !== "password") await forgetChallenge();
          return { id: result.userId, sessionId: result.sessionId };
        }
        if (result.reason === "throttled") throw new SignInThrottled();
        if (result.reason === "mfa_required") {
          await rememberChallenge(result.challenge, result.expiresAt, secure);
          throw new SignInRefused("mfa_required");
        }
        if (result.reason !== "invalid") throw new SignInRefused(result.reason);
        return null;
      },
    }),
    ...(sso ? [sso] : []),
  ],
  };
}

const base = NextAuth(async (request) => {
  const providerId = request ? providerIdInPath(request.nextUrl.pathname) : null;
  return configWith(providerId ? await ssoProviderById(providerId) : null);
});

export const { handlers, auth, signOut } = base;

/**
 * next-auth's signIn, which also knows the enterprise providers: `signIn("sso-<id>", { redirectTo })`
 * sends the browser to that enterprise's identity provider (with `redirect: false`, returns its URL).
 */
export const signIn: typeof base.signIn = async (provider, options, authorizationParams) => {
  const sso = provider ? await ssoProviderById(provider) : null;
  if (!sso) return base.signIn(provider, options, authorizationParams);
  return NextAuth(configWith(sso)).signIn(provider, options, authorizationParams);
};
