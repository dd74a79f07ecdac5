import "server-only";
import { getDb } from "@/db/client";
import { requestIdFrom } from "@/lib/request-id";
import { endSessions } from "@/lib/sessions/mutations";
import { currentSession } from "./principal";

/** Ends the request's session row (audited as a sign-out); a no-op when there is none. */
export async function endCurrentSession(requestId: string | null): Promise<void> {
  const current = await currentSession();
  if (!current) return;
  const db = await getDb();
  // The row's own person: while impersonating, the account manager, not the user whose view it is.
  await db.transaction((tx) => endSessions(tx, current.session.userId, "sign_out", { principal: current.principal, requestId: requestIdFrom(requestId) }, { only: current.session.id }));
}
