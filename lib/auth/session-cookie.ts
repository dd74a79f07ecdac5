import "server-only";
import { encode } from "next-auth/jwt";
import { cookies, headers } from "next/headers";

const SECURE = "__Secure-authjs.session-token";
const PLAIN = "authjs.session-token";

/**
 * Points the browser at a new session row, as Auth.js's own sign-in would (the same token format,
 * see ./session-token.ts): used when the session is replaced in place, on starting and ending an
 * impersonation, so the old id (which may have been seen) names an ended row. The token carries the
 * row's person and id only; the row decides everything else. Only from a server action or a route
 * handler, where the response can still set cookies.
 */
export async function issueSessionCookie(session: { sessionId: string; userId: string; expiresAt: Date }): Promise<void> {
  const secret = process.env.AUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is not set");
  const jar = await cookies();
  const h = await headers();
  // Keep the name the browser already has; a fresh one follows the scheme the request came over.
  const secure = jar.has(SECURE) || (!jar.has(PLAIN) && h.get("x-forwarded-proto") === "https");
  const name = secure ? SECURE : PLAIN;
  const maxAge = Math.max(60, Math.floor((session.expiresAt.getTime() - Date.now()) / 1000));
  const token = await encode({ token: { sub: session.userId, sid: session.sessionId }, secret, salt: name, maxAge });
  // A chunked cookie from earlier (name.0, name.1…) would otherwise be read first.
  for (const c of jar.getAll()) if (c.name.startsWith(`${name}.`)) jar.delete(c.name);
  jar.set(name, token, { httpOnly: true, sameSite: "lax", secure, path: "/", maxAge });
}
