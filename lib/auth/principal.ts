import "server-only";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db/client";
import { defineAbilityFor, type AppAbility } from "@/lib/authz/ability";
import type { Principal } from "@/lib/authz/principal";
import { auth } from "./index";
import { loadPrincipal } from "./load-principal";

export { loadPrincipal };

/** The request's principal, or null when signed out, deactivated or the session was ended. */
export const currentPrincipal = cache(async (): Promise<Principal | null> => {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) return null;
  const authTime = (session as { authTime?: number }).authTime;
  return loadPrincipal(await getDb(), userId, authTime);
});

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
