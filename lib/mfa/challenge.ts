import "server-only";
import { createHmac, hkdfSync } from "node:crypto";
import { SignJWT, jwtVerify } from "jose";
import { env } from "@/lib/env";
import { CHALLENGE_SECONDS } from "./rules";

/**
 * The proof that a password passed, while its second factor is asked for: a short-lived JWT
 * (HS256, under a key derived from AUTH_SECRET for this purpose only) in an httpOnly cookie. The
 * password itself never stays in the browser between the two steps. It binds the person, a
 * fingerprint of their password hash (a password change or reset meanwhile voids it) and an
 * expiry of five minutes. It is not single-use: each code it is used with is (the code's step is
 * spent atomically), and wrong codes are throttled per person.
 */
export const CHALLENGE_COOKIE = "trellis-mfa-challenge";
const PURPOSE = "mfa-challenge";

function key(): Uint8Array {
  const root = env().AUTH_SECRET ?? "development-only-mfa-challenge-secret";
  return new Uint8Array(hkdfSync("sha256", root, "trellis", "trellis mfa challenge v1", 32));
}

/** A keyed fingerprint of the password hash: comparable, but says nothing about the hash. */
export function passwordFingerprint(passwordHash: string): string {
  return createHmac("sha256", Buffer.from(key())).update(passwordHash).digest("base64url").slice(0, 22);
}

export type Challenge = { userId: string; fingerprint: string; expiresAt: Date };

export async function issueChallenge(userId: string, passwordHash: string, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const iat = Math.floor(now.getTime() / 1000);
  const expiresAt = new Date((iat + CHALLENGE_SECONDS) * 1000);
  const token = await new SignJWT({ pwf: passwordFingerprint(passwordHash), purpose: PURPOSE })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(userId)
    .setIssuedAt(iat)
    .setExpirationTime(iat + CHALLENGE_SECONDS)
    .sign(key());
  return { token, expiresAt };
}

/** The challenge a token carries, or null when it is missing, forged, of another purpose or expired. */
export async function readChallenge(token: string | null | undefined, now = new Date()): Promise<Challenge | null> {
  if (!token || token.length > 2000) return null;
  try {
    const { payload } = await jwtVerify(token, key(), { algorithms: ["HS256"], currentDate: now });
    if (payload.purpose !== PURPOSE || typeof payload.sub !== "string" || typeof payload.pwf !== "string" || typeof payload.exp !== "number") return null;
    return { userId: payload.sub, fingerprint: payload.pwf, expiresAt: new Date(payload.exp * 1000) };
  } catch {
    return null;
  }
}

/** Keeps the challenge in the browser, httpOnly (only where the response can still set cookies). */
export async function rememberChallenge(token: string, expiresAt: Date, secure: boolean): Promise<void> {
  const { cookies } = await import("next/headers");
  (await cookies()).set(CHALLENGE_COOKIE, token, { httpOnly: true, sameSite: "lax", secure, path: "/", expires: expiresAt });
}

/** Drops the challenge once the second step is done (or abandoned). */
export async function forgetChallenge(): Promise<void> {
  try {
    const { cookies } = await import("next/headers");
    (await cookies()).delete(CHALLENGE_COOKIE);
  } catch {
    // Outside a request that can set cookies: it expires by itself within minutes.
  }
}
