import { NextResponse, type NextRequest } from "next/server";

/**
 * Sends the unauthenticated to /login, nothing more. It only looks for the session cookie: every
 * page, action and route handler verifies the session and loads the principal from the database
 * again (middleware alone has been bypassed before, CVE-2025-29927), so decrypting the token here
 * as well would only double the work on every request. A forged or expired cookie gets past this
 * check and is sent to /login by the page itself. Kept under the `middleware.ts` name (Next 16
 * calls it `proxy`); see docs/decisions/0001.
 */
const SESSION_COOKIE = /^(__Secure-)?authjs\.session-token(\.\d+)?$/;

export default function middleware(req: NextRequest) {
  if (req.cookies.getAll().some((c) => SESSION_COOKIE.test(c.name))) return NextResponse.next();
  const login = new URL("/login", req.url);
  login.searchParams.set("callbackUrl", req.nextUrl.pathname + req.nextUrl.search);
  return NextResponse.redirect(login);
}

export const config = {
  // API routes, Next's assets and static files stay out: they check for themselves (STACK.md trap 8).
  matcher: ["/((?!api/|_next/|favicon.ico|login|invitations/|.*\\.(?:svg|png|jpg|ico|css|js)$).*)"],
};
