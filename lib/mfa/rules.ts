import { createHash, randomInt } from "node:crypto";
import { MFA_WINDOW_MINUTES } from "@/lib/auth/throttle-rules";

/**
 * Pure rules of the second factor (RFC 6238 TOTP, recovery codes) and of who must have one.
 * The TOTP arithmetic itself is otplib's (./totp.ts); these are Trellis's choices around it.
 */

/** RFC 6238 defaults, which every authenticator app understands: 30-second steps, 6 digits, SHA-1. */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** A code of the step before or after the current one is accepted too (clock drift, typing time). */
export const TOTP_WINDOW_STEPS = 1;
/** The issuer an authenticator app shows next to the account. */
export const TOTP_ISSUER = "Trellis";

export const RECOVERY_CODE_COUNT = 10;
/** Crockford's base32 (no i, l, o, u): 10 characters carry 50 bits, easy to read aloud and type. */
const RECOVERY_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
const RECOVERY_LENGTH = 10;

/** Throttling of second-factor attempts per person (reserved before a code is compared). */
// Failures count for a day; past five, each try waits twice as long as the last, up to an hour.
export const MFA_THROTTLE = { threshold: 5, maxDelaySeconds: 3600, windowMinutes: MFA_WINDOW_MINUTES } as const;
export const mfaThrottleKey = (userId: string) => ({ key: `mfa:${userId}`, ...MFA_THROTTLE });

/** How long a passed password waits for its second factor. */
export const CHALLENGE_SECONDS = 5 * 60;

/** The 30-second step that `at` falls in. */
export function totpStep(at: Date): number {
  return Math.floor(at.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

/** A code as people type it ("123 456", "123-456"): six digits, or null. */
export function normalizeTotpCode(input: string): string | null {
  const digits = input.replace(/[\s-]/g, "");
  return new RegExp(`^\\d{${TOTP_DIGITS}}$`).test(digits) ? digits : null;
}

/**
 * Whether a code of step `step` may be accepted when the last accepted step was `lastUsedStep`:
 * never the same step twice, and never an older one (a code seen over a shoulder stays useless
 * once a newer one was used). The database enforces the same with a conditional update.
 */
export function stepIsFresh(step: number, lastUsedStep: number): boolean {
  return step > lastUsedStep;
}

/** One new recovery code, shown as `xxxxx-xxxxx`. */
export function newRecoveryCode(): string {
  let code = "";
  for (let i = 0; i < RECOVERY_LENGTH; i++) code += RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  const codes = new Set<string>();
  while (codes.size < count) codes.add(newRecoveryCode());
  return [...codes];
}

/**
 * A recovery code as typed (any case, spaces or dashes anywhere, the letters Crockford reads as
 * digits) in its canonical form, or null when it cannot be one.
 */
export function normalizeRecoveryCode(input: string): string | null {
  const canonical = input
    .toLowerCase()
    .replace(/[\s-]/g, "")
    .replace(/[il]/g, "1")
    .replace(/o/g, "0");
  if (canonical.length !== RECOVERY_LENGTH) return null;
  for (const c of canonical) if (!RECOVERY_ALPHABET.includes(c)) return null;
  return canonical;
}

/** What is stored of a recovery code: the SHA-256 of its canonical form (50 random bits, so no slow hash is needed behind the throttle). */
export function hashRecoveryCode(input: string): string | null {
  const canonical = normalizeRecoveryCode(input);
  return canonical ? createHash("sha256").update(canonical).digest("hex") : null;
}

/**
 * Who must use a second factor: CSP staff always (they see every enterprise they look after),
 * a customer user when their enterprise requires it.
 */
export function mfaRequired(user: { enterpriseId: string | null }, enterpriseRequiresMfa: boolean): boolean {
  return user.enterpriseId === null || enterpriseRequiresMfa;
}

export const AUTH_METHODS = ["password", "password+totp", "password+recovery", "sso"] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];

/**
 * Whether a session may do nothing but enrol a second factor: its person must have one, has none
 * switched on, and did not sign in through their enterprise's identity provider (which is
 * responsible for its own factors). Evaluated at every request, so requiring MFA for an enterprise
 * holds at its people's next request, and enrolling frees the session at once.
 */
export function enrolmentRequired(input: { mustHaveMfa: boolean; mfaEnabled: boolean; authMethod: string | null }): boolean {
  return input.mustHaveMfa && !input.mfaEnabled && input.authMethod !== "sso";
}

/** A same-site path to continue to after sign-in or enrolment (no open redirects); the dashboard otherwise. */
export function safeNextPath(value: unknown): string {
  const next = typeof value === "string" ? value : "";
  // Browsers drop tabs and newlines and read "\\" as "/" in a URL: "/\t/evil.example" would leave the site.
  if (!next.startsWith("/") || /[\u0000-\u001f\u007f\\]/.test(next) || next.length > 2000) return "/dashboard";
  let url: URL;
  try {
    url = new URL(next, "http://portal.invalid");
  } catch {
    return "/dashboard";
  }
  if (url.origin !== "http://portal.invalid" || url.pathname.startsWith("/login")) return "/dashboard";
  return `${url.pathname}${url.search}${url.hash}`;
}
