import "server-only";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db/client";
import { defineAbilityFor, type AppAbility } from "@/lib/authz/ability";
import type { Principal } from "@/lib/authz/principal";
import { auth } from "./index";
import { loadPrincipal, loadSessionPrincipal, type SessionPrincipal } from "./load-principal";

export { loadPrincipal };

/**
 * The request's session row and principal, or null when signed out, deactivated, or the session
 * was ended, expired or idle. The cookie only names the session; the row decides.
 */
export const currentSession = cache(async (): Promise<SessionPrincipal | null> => {
  const session = await auth();
  const sessionId = (session as { sessionId?: unknown } | null)?.sessionId;
  if (typeof sessionId !== "string" || !/^[0-9a-f-]{36}$/i.test(sessionId)) return null;
  return loadSessionPrincipal(await getDb(), sessionId);
});

/** The request's principal, or null (see currentSession). */
export const currentPrincipal = cache(async (): Promise<Principal | null> => (await currentSession())?.principal ?? null);

export type RequestContext = { principal: Principal; ability: AppAbility };

/** The request's principal and ability; built once per request. */
export const currentContext = cache(async (): Promise<RequestContext | null> => {
  const principal = await currentPrincipal();
  if (!principal) return null;
  return { principal, ability: defineAbilityFor(principal) };
});

/** For pages: the context, or a redirect to the login page (a deactivated user lands there too). */
export async function requireContext(): Promise<RequestContext> {
  const ctx = await currentContext();
  if (!ctx) redirect("/login");
  return ctx;
}
