import "server-only";
import { headers } from "next/headers";
import { env } from "@/lib/env";

/**
 * The origin links in mails point to. An invitation link carries a token that sets a password, so
 * its host must never come from the request of whoever caused the mail (a forged Host or Origin
 * would send the token elsewhere): APP_URL when configured (set it in production); the proxy's
 * forwarded host only behind a trusted proxy; the Host header only in development; otherwise
 * localhost on the configured port.
 */
function fromHeaders(get: (name: string) => string | null): string {
  const configured = env().APP_URL;
  if (configured) return configured.replace(/\/+$/, "");
  const validHost = (h: string | null) => (h && /^[a-z0-9.-]+(:\d{1,5})?$/i.test(h) ? h : null);
  if (env().TRUST_PROXY) {
    const host = validHost(get("x-forwarded-host")?.split(",")[0]?.trim() ?? null);
    const proto = get("x-forwarded-proto")?.split(",")[0]?.trim() === "http" ? "http" : "https";
    if (host) return `${proto}://${host}`;
  }
  if (process.env.NODE_ENV !== "production") {
    const host = validHost(get("host"));
    if (host) return `http://${host}`;
  }
  return `http://localhost:${process.env.PORT ?? 3000}`;
}

export async function appOrigin(): Promise<string> {
  const h = await headers();
  return fromHeaders((name) => h.get(name));
}

/** The same for a route handler, from its Request. */
export function originOf(req: Request): string {
  return fromHeaders((name) => req.headers.get(name));
}
