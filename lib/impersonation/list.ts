import "server-only";
import { asc, count, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { auditEvents, impersonationSessions, users } from "@/db/schema";
import { defineList, direction } from "@/lib/list/define";
import { enumParam, idParam, searchParam } from "@/lib/list/params";
import { matchesAny } from "@/lib/list/search";

const manager = alias(users, "manager");
const target = alias(users, "target");

export const SUPPORT_SESSION_STATES = ["open", "ended"] as const;

/** The end of an impersonation's window: when it ended, or its time limit while it has not. */
const windowEnd = sql`coalesce(${impersonationSessions.endedAt}, least(${impersonationSessions.expiresAt}, now()))`;

/**
 * Support sessions (rule 4): who looked in as whom, why, when, for how long, and how many actions
 * they took. Scoped by the ability on "Impersonation": a person sees the ones about themselves, an
 * enterprise admin those about people in its scope, an account manager its own.
 */
export const supportSessionsList = defineList({
  path: "/support-access",
  subject: "Impersonation",
  filters: {
    q: searchParam,
    state: enumParam(SUPPORT_SESSION_STATES),
    person: idParam,
  },
  sorts: { started: { by: (d) => [direction(d)(impersonationSessions.startedAt)], first: "desc" } },
  defaultSort: "started",
  tiebreak: () => [asc(impersonationSessions.id)],
  pageSize: 20,
  where: (f) => [
    f.q ? matchesAny(f.q, [impersonationSessions.reason, manager.name, manager.email, target.name, target.email]) : undefined,
    f.state === "open" ? sql`${impersonationSessions.endedAt} is null and ${impersonationSessions.expiresAt} > now()` : undefined,
    f.state === "ended" ? sql`(${impersonationSessions.endedAt} is not null or ${impersonationSessions.expiresAt} <= now())` : undefined,
    f.person ? eq(impersonationSessions.targetUserId, f.person) : undefined,
  ],
  rows: (db, q) =>
    db
      .select({
        id: impersonationSessions.id,
        reason: impersonationSessions.reason,
        startedAt: impersonationSessions.startedAt,
        expiresAt: impersonationSessions.expiresAt,
        endedAt: impersonationSessions.endedAt,
        endReason: impersonationSessions.endReason,
        managerName: manager.name,
        managerEmail: manager.email,
        targetId: target.id,
        targetName: target.name,
        targetEmail: target.email,
        // What was done: the account manager's audited actions as the person, within the window.
        actions: sql<number>`(select count(*)::int from ${auditEvents} e where e.actor_id = ${impersonationSessions.accountManagerId} and e.on_behalf_of_id = ${impersonationSessions.targetUserId} and e.created_at >= ${impersonationSessions.startedAt} and e.created_at <= ${windowEnd} and e.action not in ('impersonation.start', 'impersonation.end'))`,
      })
      .from(impersonationSessions)
      .innerJoin(manager, eq(manager.id, impersonationSessions.accountManagerId))
      .innerJoin(target, eq(target.id, impersonationSessions.targetUserId))
      .where(q.where)
      .orderBy(...q.orderBy)
      .limit(q.limit)
      .offset(q.offset),
  count: async (db, where) =>
    (
      await db
        .select({ n: count() })
        .from(impersonationSessions)
        .innerJoin(manager, eq(manager.id, impersonationSessions.accountManagerId))
        .innerJoin(target, eq(target.id, impersonationSessions.targetUserId))
        .where(where)
    )[0]?.n ?? 0,
});

export type SupportSessionRow = Awaited<ReturnType<typeof supportSessionsList.page>>["rows"][number];
