import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db/client";
import { noteActor } from "@/lib/observability/request-context";
import { defineAbilityFor, viewAbilityFor, type AppAbility } from "@/lib/authz/ability";
import type { Principal } from "@/lib/authz/principal";
import { auth } from "./index";
import { loadPrincipal, loadSessionPrincipal, type SessionPrincipal } from "./load-principal";
import { readSessionToken } from "./session-token";

export { loadPrincipal };

/**
 * The request's session row and principal, or null when signed out, deactivated, or the session
 * was ended, expired or idle. The cookie only names the session; the row decides.
 */
/** Where a session that must enrol a second factor is sent (app/login/enrol). */
export const MFA_ENROLMENT_PATH = "/login/enrol";

export const currentSession = cache(async (): Promise<SessionPrincipal | null> => {
  const sessionId = await sessionIdFromCookie();
  if (typeof sessionId !== "string" || !/^[0-9a-f-]{36}$/i.test(sessionId)) return null;
  const found = await loadSessionPrincipal(await getDb(), sessionId);
  // The request's log line and trace say who asked (lib/observability).
  if (found) noteActor(found.principal.userId, found.principal.enterpriseId, found.principal.impersonation?.byUserId);
  return found;
});

const SESSION_COOKIES = ["__Secure-authjs.session-token", "authjs.session-token"];

/**
 * The session id the cookie names, read as Auth.js reads it (./session-token.ts) but without the
 * rest of `auth()`, which builds a request and a response per call to run its callbacks: a cost on
 * every page that the profile showed (docs/decisions/0007).
 * Only the session id is read; the session row decides everything else.
 */
async function sessionIdFromCookie(): Promise<unknown> {
  const secret = process.env.AUTH_SECRET;
  if (!secret) return ((await auth()) as { sessionId?: unknown } | null)?.sessionId;
  const jar = await cookies();
  for (const name of SESSION_COOKIES) {
    // A large token is split into name.0, name.1, …; ours is small, but read it either way.
    const chunks = jar
      .getAll()
      .filter((c) => c.name.startsWith(`${name}.`))
      .sort((a, b) => Number(a.name.slice(name.length + 1)) - Number(b.name.slice(name.length + 1)));
    const token = jar.get(name)?.value ?? (chunks.length ? chunks.map((c) => c.value).join("") : undefined);
    if (!token) continue;
    try {
      return (await readSessionToken(token, secret, name)).sid;
    } catch {
      return null; // tampered, foreign or expired: signed out
    }
  }
  return null;
}

/**
 * For requests the browser makes by itself (the bell's polling): the same checks, but the request
 * does not count as the person's activity, so a page left open still meets its idle timeout.
 */
export const currentBackgroundContext = cache(async (): Promise<RequestContext | null> => {
  const sessionId = await sessionIdFromCookie();
  if (typeof sessionId !== "string" || !/^[0-9a-f-]{36}$/i.test(sessionId)) return null;
  const found = await loadSessionPrincipal(await getDb(), sessionId, new Date(), { touch: false });
  if (found) noteActor(found.principal.userId, found.principal.enterpriseId, found.principal.impersonation?.byUserId);
  return found ? { principal: found.principal, ability: defineAbilityFor(found.principal) } : null;
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

/**
 * For pages: the context, or a redirect to the login page (a deactivated user lands there too).
 * In a support session (rule 4) a page shows the person's own screens, buttons included
 * (viewAbilityFor); reads are the same as the enforcing ability's. Pages never change anything:
 * every change goes through an action or a route handler, whose context (currentContext) holds
 * the enforcing ability, which refuses what the session may not do and says why.
 */
export async function requireContext(): Promise<RequestContext> {
  const ctx = await currentContext();
  if (!ctx) redirect("/login");
  // A session that may only enrol a second factor sees no page but the enrolment (lib/mfa/rules.ts).
  if (ctx.principal.mfaEnrolmentRequired) redirect(MFA_ENROLMENT_PATH);
  return ctx.principal.impersonation ? { principal: ctx.principal, ability: viewAbilityFor(ctx.principal) } : ctx;
}
