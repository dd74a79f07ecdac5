import type { NextAuthConfig } from "next-auth";

/**
 * Auth.js logs every refused sign-in as an error with its stack. A refused or tampered callback
 * (a replayed state, a wrong issuer, a refused person) is an expected outcome that the audit log
 * records; it is logged here as one warning line. Configuration problems stay errors.
 */
const EXPECTED = new Set([
  "AccessDenied",
  "InvalidCheck",
  "OAuthCallbackError",
  "CallbackRouteError",
  "CredentialsSignin",
  "Verification",
  // A request no browser of ours sends: no CSRF token, an unknown action or provider.
  "MissingCSRF",
  "UnknownAction",
  "InvalidProvider",
]);

export const authLogger: NonNullable<NextAuthConfig["logger"]> = {
  error(error) {
    const type = (error as { type?: string }).type ?? error.name;
    if (EXPECTED.has(type)) console.warn(`[auth][warn] ${type}: ${error.message.split("\n")[0]}`);
    else console.error(`[auth][error] ${type}: ${error.message}`, error.cause ?? "");
  },
  warn(code) {
    if (code !== "debug-enabled") console.warn(`[auth] ${code}`);
  },
  debug() {},
};
