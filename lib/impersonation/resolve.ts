import "server-only";
import { eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { supportAccessGrants, type ImpersonationSession } from "@/db/schema";
import { defineAbilityFor } from "@/lib/authz/ability";
import { loadSubjectFields } from "@/lib/authz/guard";
import type { Principal } from "@/lib/authz/principal";
import { asSubject } from "@/lib/authz/subjects";
import { endImpersonation } from "./end";
import { DEFAULT_SUPPORT_ACCESS, impersonationState, writeAccessOn } from "./rules";

type LoadPrincipal = (db: Executor, userId: string, authTime?: number, now?: Date) => Promise<Principal | null>;

/**
 * The principal of a request whose session is an account manager's open impersonation: the customer
 * user's own principal, with `impersonation` naming the account manager. Checked again on every
 * request, so it ends by itself at the next request once its time is up, the enterprise switches
 * support access off, the person is deactivated or the account manager loses the enterprise (the
 * account manager's own ability must still allow `impersonate` on the person). When it ends, the
 * request goes on as the account manager's own. Write access is read from the enterprise's switch at
 * every request too.
 */
export async function resolveImpersonation(db: Executor, manager: Principal, i: ImpersonationSession, loadPrincipal: LoadPrincipal, now: Date): Promise<Principal> {
  if (impersonationState(i, now) === "expired") return endNow(db, manager, i.id, "expired", now);
  const [target, fields, [grant]] = await Promise.all([
    loadPrincipal(db, i.targetUserId, undefined, now),
    loadSubjectFields(db, "User", i.targetUserId),
    db.select().from(supportAccessGrants).where(eq(supportAccessGrants.enterpriseId, i.enterpriseId)),
  ]);
  const allowed = target && fields && defineAbilityFor(manager, now).can("impersonate", asSubject("User", fields));
  if (!allowed) return endNow(db, manager, i.id, "access_withdrawn", now);
  return {
    ...target,
    impersonation: {
      sessionId: i.id,
      byUserId: manager.userId,
      byName: manager.name,
      writeAccess: writeAccessOn(grant ?? DEFAULT_SUPPORT_ACCESS, now),
      expiresAt: i.expiresAt,
      reason: i.reason,
      startedAt: i.startedAt,
    },
  };
}

async function endNow(db: Executor, manager: Principal, id: string, reason: "expired" | "access_withdrawn", now: Date): Promise<Principal> {
  const deliver = await db.transaction((tx) => endImpersonation(tx, id, reason, null, now));
  // Mail failures are counted by the delivery, not thrown: the request goes on.
  if (deliver) await deliver();
  return manager;
}
