import "server-only";
import { and, count, eq, gte, isNull, lte, notInArray, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { auditEvents, impersonationSessions, users, type ImpersonationSession } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { Deliver } from "@/lib/mail/send";
import { notify } from "@/lib/notifications/notify";
import { formatDateTime } from "@/lib/format";
import { durationMinutes, END_REASON_LABELS, type ImpersonationEndReason } from "./rules";

/** The audit actions of an impersonation itself; everything else in its window is "what was done". */
export const IMPERSONATION_ACTIONS = ["impersonation.start", "impersonation.end"];

/** How many changes (and refused attempts) the account manager made as the person in the window. */
export async function actionsDuring(db: Executor, i: Pick<ImpersonationSession, "accountManagerId" | "targetUserId" | "startedAt">, until: Date): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.actorId, i.accountManagerId),
        eq(auditEvents.onBehalfOfId, i.targetUserId),
        gte(auditEvents.createdAt, i.startedAt),
        lte(auditEvents.createdAt, until),
        notInArray(auditEvents.action, IMPERSONATION_ACTIONS),
      ),
    );
  return row?.n ?? 0;
}

/**
 * Ends an open impersonation, once (a conditional update, so two requests that both find it expired
 * record one end). The end is recorded with the account manager as actor and the customer user as
 * on-behalf-of, and the customer user is told afterwards what happened, by the bell and by mail.
 * Returns the mail delivery to run after the commit, or null when it had already ended.
 */
export async function endImpersonation(
  tx: Executor,
  impersonationId: string,
  reason: ImpersonationEndReason,
  requestId: string | null,
  now = new Date(),
  detail?: string,
): Promise<Deliver | null> {
  // One found past its limit (whatever ended it now: a later request, a new one, the session's end)
  // ended at its limit, and is told and recorded so.
  const at = sql`${now.toISOString()}::timestamptz`;
  const [ended] = await tx
    .update(impersonationSessions)
    .set({
      endedAt: sql`least(${at}, ${impersonationSessions.expiresAt})`,
      endReason: sql`case when ${impersonationSessions.expiresAt} <= ${at} then 'expired' else ${reason} end`,
    })
    .where(and(eq(impersonationSessions.id, impersonationId), isNull(impersonationSessions.endedAt)))
    .returning();
  if (!ended) return null;
  const endAt = ended.endedAt!;
  reason = ended.endReason as ImpersonationEndReason;
  const people = await tx
    .select({ id: users.id, name: users.name, email: users.email, locale: users.locale, timeZone: users.timeZone, unitNodeId: users.unitNodeId })
    .from(users)
    .where(eq(users.id, ended.targetUserId));
  const [manager] = await tx.select({ name: users.name }).from(users).where(eq(users.id, ended.accountManagerId));
  const target = people[0]!;
  const done = await actionsDuring(tx, ended, now);
  const minutes = durationMinutes(ended.startedAt, endAt, ended.expiresAt, now);
  await recordAudit(tx, null, requestId, {
    action: "impersonation.end",
    subjectType: "Impersonation",
    subjectId: ended.id,
    enterpriseId: ended.enterpriseId,
    nodeId: target.unitNodeId,
    summary: `${manager?.name ?? "An account manager"} stopped viewing the portal as ${target.name} (${target.email}) after ${minutes} min: ${END_REASON_LABELS[reason].toLowerCase()}${detail ? ` (${detail})` : ""}`,
    after: { reason, minutes, actions: done, endedAt: endAt.toISOString() },
    actorId: ended.accountManagerId,
    onBehalfOfId: ended.targetUserId,
  });
  const when = (d: Date) => formatDateTime(d, target.locale, target.timeZone);
  return notify(tx, [
    {
      recipient: { userId: target.id, name: target.name, email: target.email, locale: target.locale, timeZone: target.timeZone },
      enterpriseId: ended.enterpriseId,
      kind: "support_session",
      title: "Your account manager viewed Trellis as you",
      lines: [
        `${manager?.name ?? "Your account manager"} saw the portal as you from ${when(ended.startedAt)} to ${when(endAt)} (${minutes} min).`,
        `The reason they gave: “${ended.reason}”.`,
        done === 0 ? "Nothing was changed on your behalf." : `${done} ${done === 1 ? "action was" : "actions were"} taken on your behalf; each is in the audit log under both names.`,
      ],
      href: "/support-access",
      action: "See support sessions",
      data: { impersonationId: ended.id },
    },
  ]);
}
