import "server-only";
import { fetchableUrl } from "./schemas";

export type DiscoveryResult =
  | { ok: true; authorizationEndpoint: string; tokenEndpoint: string }
  | { ok: false; problem: string };

const TIMEOUT_MS = 5_000;

/**
 * Reads the provider's OpenID Connect Discovery document and checks what sign-in relies on: the
 * document's issuer is exactly the configured one (a mismatch is how a wrong or spoofed issuer
 * shows), it offers the authorization code flow, and PKCE with S256 when it lists methods.
 * Said in words an admin can act on; nothing is thrown for a provider that is down or wrong.
 */
export async function checkDiscovery(issuer: string, fetcher: typeof fetch = fetch): Promise<DiscoveryResult> {
  const url = `${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`;
  let response: Response;
  try {
    response = await fetcher(url, { signal: AbortSignal.timeout(TIMEOUT_MS), redirect: "error", headers: { accept: "application/json" } });
  } catch {
    return { ok: false, problem: `The provider did not answer at ${url}. Check the issuer URL and that Trellis can reach it.` };
  }
  if (!response.ok) return { ok: false, problem: `The provider has no OpenID Connect discovery document at ${url}.` };
  let doc: Record<string, unknown>;
  try {
    doc = (await response.json()) as Record<string, unknown>;
  } catch {
    return { ok: false, problem: `The provider's discovery document at ${url} is not JSON.` };
  }
  if (doc.issuer !== issuer) {
    return { ok: false, problem: `The provider calls itself ${JSON.stringify(doc.issuer)}, not ${JSON.stringify(issuer)}. Use exactly the issuer it announces.` };
  }
  if (typeof doc.authorization_endpoint !== "string" || typeof doc.token_endpoint !== "string") {
    return { ok: false, problem: "The provider's discovery document lacks an authorization or token endpoint." };
  }
  // Sign-in fetches these too: they must be as safe to call as the issuer itself.
  for (const key of ["authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri"] as const) {
    const endpoint = doc[key];
    if (endpoint !== undefined && (typeof endpoint !== "string" || !fetchableUrl(endpoint))) return { ok: false, problem: `The provider's ${key.replace(/_/g, " ")} is not an https address Trellis may call.` };
  }
  const responseTypes = doc.response_types_supported;
  if (Array.isArray(responseTypes) && !responseTypes.includes("code")) return { ok: false, problem: "The provider does not offer the authorization code flow." };
  const methods = doc.code_challenge_methods_supported;
  if (Array.isArray(methods) && !methods.includes("S256")) return { ok: false, problem: "The provider does not support PKCE with S256." };
  return { ok: true, authorizationEndpoint: doc.authorization_endpoint, tokenEndpoint: doc.token_endpoint };
}
