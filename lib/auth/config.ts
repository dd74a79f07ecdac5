import type { NextAuthConfig } from "next-auth";

/**
 * The edge-safe half of the next-auth configuration (no database), used by middleware.ts.
 * The session is a JWT that carries only the user id (`sub`) and the sign-in time; everything else
 * (status, roles, scopes) is loaded from the database on every request by lib/auth/principal.ts.
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
      if (user?.id) return { sub: user.id, authTime: Math.floor(Date.now() / 1000) };
      return { sub: token.sub, authTime: token.authTime };
    },
    session({ session, token }) {
      return { ...session, user: { id: token.sub ?? "" }, authTime: token.authTime as number | undefined } as unknown as typeof session;
    },
  },
} satisfies NextAuthConfig;
