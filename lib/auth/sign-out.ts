import "server-only";
import { getDb } from "@/db/client";
import { requestIdFrom } from "@/lib/request-id";
import type { Deliver } from "@/lib/mail/send";
import { endSessions } from "@/lib/sessions/mutations";
import { currentSession } from "./principal";

/** Ends the request's session row (audited as a sign-out); a no-op when there is none. */
export async function endCurrentSession(requestId: string | null): Promise<void> {
  const current = await currentSession();
  if (!current) return;
  const db = await getDb();
  // The row's own person: while impersonating, the account manager, signing out as themselves (not
  // something done on the customer user's behalf); the impersonation ends with the session.
  const by = current.principal.impersonation ? { principal: null, actorId: current.session.userId } : { principal: current.principal };
  const after: Deliver[] = [];
  await db.transaction((tx) => endSessions(tx, current.session.userId, "sign_out", { ...by, requestId: requestIdFrom(requestId) }, { only: current.session.id, after }));
  for (const deliver of after) await deliver();
}
