import "server-only";
import { headers } from "next/headers";
import { env } from "@/lib/env";

/**
 * The origin links in mails point to: APP_URL when configured (recommended in production), else
 * the origin of the request that caused the mail.
 */
export async function appOrigin(): Promise<string> {
  const configured = env().APP_URL;
  if (configured) return configured.replace(/\/+$/, "");
  const h = await headers();
  const origin = h.get("origin");
  if (origin && /^https?:\/\/[^/]+$/.test(origin)) return origin;
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  const proto = h.get("x-forwarded-proto") ?? (host.startsWith("localhost") || host.startsWith("127.") ? "http" : "https");
  return `${proto}://${host}`;
}

/** The same for a route handler, from its Request. */
export function originOf(req: Request): string {
  const configured = env().APP_URL;
  if (configured) return configured.replace(/\/+$/, "");
  const origin = req.headers.get("origin");
  if (origin && /^https?:\/\/[^/]+$/.test(origin)) return origin;
  return new URL(req.url).origin;
}
