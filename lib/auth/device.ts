import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Device cookies (OWASP "Slow down online guessing attacks with device cookies"): after a
 * successful sign-in the browser keeps a token bound to the account. A sign-in that presents one
 * is counted on that device's own counter instead of the account-wide one, so a stranger hammering
 * someone's e-mail slows the stranger down, never the owner on their own browser.
 */
export const DEVICE_COOKIE = "trellis_device";
export const DEVICE_COOKIE_MAX_AGE = 180 * 24 * 3600;

function mac(secret: string, account: string, nonce: string): string {
  return createHmac("sha256", secret).update(`device|${account.trim().toLowerCase()}|${nonce}`).digest("base64url");
}

/** A new device token for an account: `<nonce>.<mac>`. */
export function issueDeviceToken(secret: string, account: string): string {
  const nonce = randomBytes(16).toString("base64url");
  return `${nonce}.${mac(secret, account, nonce)}`;
}

/** The device id (its nonce) when the token is genuine and bound to this account; null otherwise. */
export function verifyDeviceToken(secret: string, account: string, token: string | null | undefined): string | null {
  if (!token || token.length > 200) return null;
  const [nonce, given, extra] = token.split(".");
  if (!nonce || !given || extra !== undefined || !/^[A-Za-z0-9_-]{16,40}$/.test(nonce)) return null;
  const expected = Buffer.from(mac(secret, account, nonce));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual) ? nonce : null;
}

/** The value of one cookie in a Cookie header. */
export function cookieFrom(header: string | null | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}
