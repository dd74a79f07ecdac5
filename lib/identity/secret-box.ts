import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { env } from "@/lib/env";

/**
 * Seals the secrets Trellis must be able to read back (an SSO client secret, a TOTP secret) with
 * AES-256-GCM. The key is IDENTITY_ENCRYPTION_KEY when set (32 bytes, base64), else derived from
 * AUTH_SECRET with HKDF under its own label, so the cookie-signing key is never used for this directly.
 * A sealed value is `v1.<iv>.<tag>.<ciphertext>` (base64url); the label is bound as associated data,
 * so a TOTP secret cannot be replayed where a client secret is expected.
 */
export type SecretLabel = "sso-client-secret" | "totp-secret";

function key(): Buffer {
  const explicit = env().IDENTITY_ENCRYPTION_KEY;
  if (explicit) return Buffer.from(explicit, "base64");
  const root = env().AUTH_SECRET ?? "development-only-identity-secret";
  return Buffer.from(hkdfSync("sha256", root, "trellis", "trellis identity secrets v1", 32));
}

export function seal(plain: string, label: SecretLabel): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  cipher.setAAD(Buffer.from(label));
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
}

/** Opens a sealed value; throws when it was tampered with, sealed under another key or another label. */
export function open(sealed: string, label: SecretLabel): string {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || body === undefined) throw new Error("Not a sealed secret");
  const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(label));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}
