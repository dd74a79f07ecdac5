import { eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { users } from "@/db/schema";
import { loadPrincipal } from "@/lib/auth/load-principal";
import { defineAbilityFor } from "@/lib/authz/ability";

/** The principal and ability of a demo user, loaded from the database as a request would. */
export async function contextFor(db: Executor, email: string, requestId = "test-request") {
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  if (!user) throw new Error(`no user ${email}`);
  const principal = await loadPrincipal(db, user.id);
  if (!principal) throw new Error(`user ${email} is not active`);
  return { principal, ability: defineAbilityFor(principal), requestId };
}
