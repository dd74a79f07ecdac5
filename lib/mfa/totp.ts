import { generate, generateSecret, generateURI, verify } from "otplib";
import { TOTP_DIGITS, TOTP_ISSUER, TOTP_PERIOD_SECONDS, TOTP_WINDOW_STEPS, normalizeTotpCode } from "./rules";

/**
 * TOTP through otplib (RFC 6238, the defaults authenticator apps expect): secrets are base32,
 * 160 random bits. Nothing here touches the database; replay protection is ../mfa/verify.ts's.
 */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/** The otpauth:// URI an authenticator app reads from the enrolment QR code. */
export function otpauthUri(email: string, secret: string): string {
  return generateURI({ issuer: TOTP_ISSUER, label: email, secret, digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS });
}

/** The code of the step that `at` falls in (tests, and the demo's documentation). */
export async function totpCode(secret: string, at: Date = new Date()): Promise<string> {
  return generate({ secret, epoch: Math.floor(at.getTime() / 1000), digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS });
}

/**
 * The step whose code `input` is, when it is one of the steps within the window around `at`
 * (± TOTP_WINDOW_STEPS); null for anything else, malformed input included.
 */
export async function matchingStep(secret: string, input: string, at: Date = new Date()): Promise<number | null> {
  const token = normalizeTotpCode(input);
  if (!token) return null;
  try {
    const result = await verify({
      secret,
      token,
      epoch: Math.floor(at.getTime() / 1000),
      epochTolerance: TOTP_WINDOW_STEPS * TOTP_PERIOD_SECONDS,
      digits: TOTP_DIGITS,
      period: TOTP_PERIOD_SECONDS,
    });
    // The TOTP strategy's result names the step it matched (HOTP's, which this never is, does not).
    return result.valid && "timeStep" in result ? result.timeStep : null;
  } catch {
    return null;
  }
}
