import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { env } from "@/lib/env";
import { requestIdFrom } from "@/lib/request-id";
import { authConfig } from "./config";
import { verifyCredentials } from "./credentials";
import { boundedUserAgent, clientAddress } from "./throttle-rules";

class SignInThrottled extends CredentialsSignin {
  code = "throttled";
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  providers: [
    Credentials({
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, request) {
        const headers = request?.headers;
        const result = await verifyCredentials(credentials, {
          address: clientAddress(headers?.get("x-forwarded-for") ?? null, env().TRUST_PROXY),
          userAgent: boundedUserAgent(headers?.get("user-agent") ?? null),
          requestId: requestIdFrom(headers?.get("x-request-id")),
        });
        if (result.ok) return { id: result.userId, sessionId: result.sessionId };
        if (result.reason === "throttled") throw new SignInThrottled();
        return null;
      },
    }),
  ],
});
