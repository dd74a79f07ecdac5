import type { NextAuthConfig } from "next-auth";

/**
 * The edge-safe half of the next-auth configuration (no database), used by middleware.ts.
 * The cookie is a JWT that carries only the id of the session row (`sid`) and the user id; the row
 * (open, within its lifetime and idle timeout), the user's status, roles and scopes are loaded from
 * the database on every request by lib/auth/principal.ts. The JWT's own expiry matches the absolute
 * lifetime, but the row is what holds it: refreshing the cookie does not extend a session.
 */
export const authConfig = {
  pages: { signIn: "/login" },
  session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
  trustHost: true,
  providers: [],
  callbacks: {
    authorized({ auth }) {
      return Boolean(auth?.user);
    },
    jwt({ token, user }) {
      const sid = (user as { sessionId?: string } | undefined)?.sessionId;
      if (user?.id && sid) return { sub: user.id, sid };
      return { sub: token.sub, sid: token.sid };
    },
    session({ session, token }) {
      return { ...session, user: { id: token.sub ?? "" }, sessionId: token.sid as string | undefined } as unknown as typeof session;
    },
  },
} satisfies NextAuthConfig;
