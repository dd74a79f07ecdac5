import "server-only";
import { hkdf } from "@panva/hkdf";
import { base64url, calculateJwkThumbprint, jwtDecrypt, type JWTPayload } from "jose";

/**
 * Reads the session cookie's token exactly as Auth.js's `decode` does (@auth/core jwt.js: direct
 * encryption, a key derived from AUTH_SECRET with HKDF-SHA256 and the cookie name as salt, the key id
 * a JWK thumbprint, 15 s of clock tolerance) — with one difference: the derived key and its
 * thumbprint are computed once per process and kept, where Auth.js derives them on every call. On
 * every page that derivation was a visible share of the request's CPU (docs/decisions/0007). The
 * key depends on the secret and the cookie name only, so keeping it changes nothing about what is
 * accepted. lib/auth/session-token.test.ts holds it to tokens made by Auth.js's own `encode`.
 */
type Enc = "A256CBC-HS512" | "A256GCM";
const derived = new Map<string, Promise<{ key: Uint8Array; kid: string }>>();

function derivedKey(enc: Enc, secret: string, salt: string) {
  const id = `${enc}\u0000${salt}\u0000${secret}`;
  let found = derived.get(id);
  if (!found) {
    found = (async () => {
      const key = await hkdf("sha256", secret, salt, `Auth.js Generated Encryption Key (${salt})`, enc === "A256CBC-HS512" ? 64 : 32);
      const kid = await calculateJwkThumbprint({ kty: "oct", k: base64url.encode(key) }, `sha${key.byteLength << 3}` as "sha256");
      return { key, kid };
    })();
    derived.set(id, found);
  }
  return found;
}

/** The token's payload, or an error when it is tampered with, made with another secret or cookie name, or expired. */
export async function readSessionToken(token: string, secret: string, salt: string): Promise<JWTPayload> {
  const { payload } = await jwtDecrypt(
    token,
    async ({ kid, enc }) => {
      if (enc !== "A256CBC-HS512" && enc !== "A256GCM") throw new Error("Unsupported JWT Content Encryption Algorithm");
      const { key, kid: expected } = await derivedKey(enc as Enc, secret, salt);
      if (kid === undefined || kid === expected) return key;
      throw new Error("no matching decryption secret");
    },
    { clockTolerance: 15, keyManagementAlgorithms: ["dir"], contentEncryptionAlgorithms: ["A256CBC-HS512", "A256GCM"] },
  );
  return payload;
}
