import { z } from "zod";
import { isCustomerRole } from "@/lib/authz/vocabulary";

/**
 * Whether a URL may be fetched by the server for SSO: https to a named host, or, only where
 * SSO_ALLOW_LOOPBACK_ISSUER is on (development, the tests), http(s) to this machine. An admin must
 * not be able to make the server call addresses inside the CSP's network.
 */
export function fetchableUrl(value: string): boolean {
  try {
    const url = new URL(value);
    const loopback = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
    if (loopback) return loopbackAllowed() && (url.protocol === "http:" || url.protocol === "https:");
    const literalAddress = /^[\d.]+$/.test(url.hostname) || url.hostname.startsWith("[");
    return url.protocol === "https:" && !literalAddress && url.hostname.includes(".") && !url.username && !url.password;
  } catch {
    return false;
  }
}

function loopbackAllowed(): boolean {
  const flag = process.env.SSO_ALLOW_LOOPBACK_ISSUER;
  return flag === "true" || flag === "1" || (flag === undefined && process.env.NODE_ENV !== "production");
}

/**
 * An issuer must be an https URL of a named host (loopback only where allowed, see fetchableUrl),
 * without query or fragment: OpenID Connect Discovery appends /.well-known/openid-configuration to it.
 */
export const issuerSchema = z
  .string()
  .trim()
  .min(1, "Enter the issuer URL")
  .max(500)
  .refine((value) => {
    try {
      const url = new URL(value);
      return fetchableUrl(value) && !url.search && !url.hash;
    } catch {
      return false;
    }
  }, "Enter the issuer as an https:// URL of your provider, with no query or fragment (for example https://login.example.com/tenant/v2.0)");

/** Roles a first SSO sign-in may get without an admin: never enterprise_admin, never approver (it needs a limit). */
export const DEFAULT_ROLES = ["orderer", "billing_viewer", "site_admin", "technical_admin"] as const;

export const connectionSchema = z.object({
  issuer: issuerSchema,
  clientId: z.string().trim().min(1, "Enter the client id").max(300),
  // Empty keeps the stored secret (it is never sent back to the browser).
  clientSecret: z.string().max(1000).optional().default(""),
  defaultRole: z
    .string()
    .optional()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || ((DEFAULT_ROLES as readonly string[]).includes(v) && isCustomerRole(v)), "Choose one of the offered roles"),
  defaultNodeId: z
    .string()
    .optional()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || z.uuid().safeParse(v).success, "Choose a unit from the list"),
});
export type ConnectionInput = z.infer<typeof connectionSchema>;

export const switchSchema = z.object({
  setting: z.enum(["enabled", "passwordSignIn"]),
  value: z.boolean(),
});

/** A DNS name of at least two labels; stored lower-case without a trailing dot. */
export const domainSchema = z.object({
  domain: z
    .string()
    .trim()
    .toLowerCase()
    .transform((v) => v.replace(/\.$/, ""))
    .pipe(
      z
        .string()
        .max(253)
        .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/, "Enter a domain such as acme.example, without @ or http://"),
    ),
});

export const domainRefSchema = z.object({ domain: z.string().trim().toLowerCase().min(1).max(253) });
