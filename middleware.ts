import NextAuth from "next-auth";
import { authConfig } from "@/lib/auth/config";

/**
 * Sends the unauthenticated to /login, nothing more: every page, action and route handler checks
 * the session and the ability again (middleware alone has been bypassed before, CVE-2025-29927).
 * Kept under the `middleware.ts` name (Next 16 calls it `proxy`); see docs/decisions/0001.
 */
export default NextAuth(authConfig).auth;

export const config = {
  // API routes, Next's assets and static files stay out: they check for themselves, and running
  // auth on them halves throughput (STACK.md trap 8).
  matcher: ["/((?!api/|_next/|favicon.ico|login|invitations/|.*\\.(?:svg|png|jpg|ico|css|js)$).*)"],
};
