import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { env } from "@/lib/env";
import { requestIdFrom } from "@/lib/request-id";
import { cookies } from "next/headers";
import { getDb } from "@/db/client";
import { isUuid } from "@/lib/authz/guard";
import { endSessions } from "@/lib/sessions/mutations";
import { authConfig } from "./config";
import { cookieFrom, DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE } from "./device";
import { verifyCredentials } from "./credentials";
import { boundedUserAgent, clientAddress } from "./throttle-rules";

class SignInThrottled extends CredentialsSignin {
  code = "throttled";
}

/** Keeps the device cookie after a successful sign-in (where the response can still set cookies). */
async function rememberDevice(token: string, secure: boolean) {
  try {
    (await cookies()).set(DEVICE_COOKIE, token, { httpOnly: true, sameSite: "lax", secure, path: "/", maxAge: DEVICE_COOKIE_MAX_AGE });
  } catch {
    // Outside a request that can set cookies (a script): the device stays unknown, which only costs it the shortcut.
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
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
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, request) {
        const headers = request?.headers;
        const result = await verifyCredentials(credentials, {
          address: clientAddress(headers?.get("x-forwarded-for") ?? null, env().TRUST_PROXY),
          userAgent: boundedUserAgent(headers?.get("user-agent") ?? null),
          requestId: requestIdFrom(headers?.get("x-request-id")),
          deviceToken: cookieFrom(headers?.get("cookie"), DEVICE_COOKIE),
        });
        if (result.ok) {
          await rememberDevice(result.deviceToken, headers?.get("x-forwarded-proto") === "https" || request?.url?.startsWith("https:") === true);
          return { id: result.userId, sessionId: result.sessionId };
        }
        if (result.reason === "throttled") throw new SignInThrottled();
        return null;
      },
    }),
  ],
});
