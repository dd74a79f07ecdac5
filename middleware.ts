import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { cameOverHttps, newNonce, pageContentSecurityPolicy, STRICT_TRANSPORT_SECURITY } from "@/lib/security/headers";

/**
 * Two jobs on every page request:
 *
 * 1. Send the unauthenticated to /login. It only looks for the session cookie: every page, action
 *    and route handler verifies the session and loads the principal from the database again
 *    (middleware alone has been bypassed before, CVE-2025-29927), so decrypting the token here as
 *    well would only double the work on every request. A forged or expired cookie gets past this
 *    check and is sent to /login by the page itself. The sign-in and invitation pages are public.
 * 2. Give the page its Content-Security-Policy with a fresh nonce. The policy goes on the request
 *    too: Next reads the nonce from it and puts it on its own scripts (pages render per request for
 *    that, see app/layout.tsx). HSTS when the browser came over HTTPS. The headers that are the
 *    same on every response, API and static files included, are in next.config.js.
 *
 * Kept under the `middleware.ts` name (Next 16 calls it `proxy`); see docs/decisions/0001.
 */
const SESSION_COOKIE = /^(__Secure-)?authjs\.session-token(\.\d+)?$/;
const PUBLIC_PAGE = /^\/(login\/?$|sign-in-error\/?$|invitations\/)/;

/** Whether a path's percent-escapes decode (a broken one, like %E0%A4%A, otherwise meets Next's own 500). */
function decodable(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

export default function middleware(req: NextRequest) {
  // A path whose escapes do not decode is a bad request, answered here before Next's router fails
  // on it (vercel/next.js#92557). API paths reach the middleware only when they contain a "%".
  if (!decodable(req.nextUrl.pathname)) return NextResponse.json({ error: "This address is not valid." }, { status: 400 });
  if (req.nextUrl.pathname.startsWith("/api/")) return NextResponse.next();

  if (!PUBLIC_PAGE.test(req.nextUrl.pathname) && !req.cookies.getAll().some((c) => SESSION_COOKIE.test(c.name))) {
    const login = new URL("/login", req.url);
    login.searchParams.set("callbackUrl", req.nextUrl.pathname + req.nextUrl.search);
    return NextResponse.redirect(login);
  }

  const https = cameOverHttps(req.nextUrl, req.headers.get("x-forwarded-proto"), env().TRUST_PROXY);
  const nonce = newNonce();
  const csp = pageContentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === "development", https });
  const requestHeaders = new Headers(req.headers);
  requestHeaders.set("content-security-policy", csp);
  requestHeaders.set("x-nonce", nonce);
  const res = NextResponse.next({ request: { headers: requestHeaders } });
  res.headers.set("Content-Security-Policy", csp);
  if (https) res.headers.set("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
  return res;
}

export const config = {
  // API routes, Next's assets and static files (public/) stay out: they check for themselves and
  // get their headers from next.config.js (STACK.md trap 8). Pages, public ones included, come in,
  // and API paths only when they carry a percent-escape (to refuse the undecodable ones).
  matcher: ["/((?!api/|_next/|favicon.ico|robots.txt|.*\\.(?:svg|png|jpg|ico|css|js|txt|webmanifest)$).*)", "/api/:path(.*%.*)"],
};
