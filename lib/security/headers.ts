/**
 * The per-request protective headers of a page (the static ones, for every response, are in
 * next.config.js). Pure and edge-safe: middleware.ts calls it on every page request.
 */

/** A fresh, unguessable nonce for one response (128 random bits, base64). */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/**
 * The Content-Security-Policy of a page. Scripts run only with this response's nonce (Next puts it
 * on its own scripts when it sees the policy in the request headers) or when loaded by such a
 * script ('strict-dynamic'); `next dev` also needs 'unsafe-eval' for React's debugging aids.
 * Styles keep 'unsafe-inline': React's `style` props, Radix's positioned popovers and sonner's
 * toasts set inline styles, and a nonce cannot cover style attributes. Scripts are the XSS risk;
 * inline styles cannot run code.
 */
export function pageContentSecurityPolicy(nonce: string, { dev = false, https = false } = {}): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** Two years, subdomains included; sent only on responses that came over HTTPS. */
export const STRICT_TRANSPORT_SECURITY = "max-age=63072000; includeSubDomains";

/**
 * Whether the browser reached us over HTTPS: the request URL says so, or, behind a TLS-terminating
 * proxy we trust (TRUST_PROXY), its X-Forwarded-Proto does. Note that `next start` itself already
 * builds the request URL's protocol from X-Forwarded-Proto, so a client can ask for HSTS over plain
 * HTTP; that is harmless, browsers ignore the header on an insecure response (RFC 6797 §8.1).
 */
export function cameOverHttps(url: URL, forwardedProto: string | null, trustProxy: boolean): boolean {
  if (url.protocol === "https:") return true;
  if (!trustProxy || !forwardedProto) return false;
  // A chain of proxies appends; the first value is what the client used.
  return forwardedProto.split(",")[0].trim().toLowerCase() === "https";
}
