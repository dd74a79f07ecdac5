import "server-only";
import { count, eq, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import { accountNodes, auditEvents, scimTokens, users } from "@/db/schema";
import { defineList, direction } from "@/lib/list/define";
import { enumParam, idParam, optionalParam, searchParam } from "@/lib/list/params";
import { matchesAny } from "@/lib/list/search";
import { endOfDayIn, startOfDayIn } from "@/lib/time";

export const AUDIT_OUTCOMES = ["success", "denied", "failed"] as const;

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((d) => startOfDayIn(d, "UTC") !== null);

const actor = alias(users, "actor");
const onBehalfOf = alias(users, "on_behalf_of");
/** A SCIM token that acted (no person did): shown as "SCIM token ‘<name>’". */
const actorToken = alias(scimTokens, "actor_token");
const actorName = sql<string | null>`coalesce(${actor.name}, case when ${actorToken.id} is not null then 'SCIM token ‘' || ${actorToken.name} || '’' end)`;


/**
 * The audit log (/audit and its CSV export): the events the ability may read, newest first.
 * Dates are calendar days in the viewer's time zone: "from" includes its whole day, "to" too.
 */
export const auditList = defineList({
  path: "/audit",
  subject: "AuditEvent",
  filters: {
    actor: idParam,
    // One support session: what the account manager did as the person, its start and end included.
    impersonation: idParam,
    q: searchParam,
    action: optionalParam(
      z
        .string()
        .regex(/^[a-z_]+(\.[a-z_]+)*$/)
        .max(60),
    ),
    subject: optionalParam(z.string().regex(/^[A-Za-z]{1,40}$/)),
    outcome: enumParam(AUDIT_OUTCOMES),
    from: optionalParam(isoDate),
    to: optionalParam(isoDate),
  },
  sorts: { time: { by: (d) => [direction(d)(auditEvents.createdAt)], first: "desc" } },
  defaultSort: "time",
  tiebreak: (d) => [direction(d)(auditEvents.id)],
  pageSize: 50,
  where: (f, { timeZone }) => {
    const where: (SQL | undefined)[] = [];
    if (f.actor) where.push(or(eq(auditEvents.actorId, f.actor), eq(auditEvents.onBehalfOfId, f.actor)));
    if (f.impersonation) {
      where.push(
        sql`exists (select 1 from impersonation_sessions i where i.id = ${f.impersonation} and ${auditEvents.actorId} = i.account_manager_id and ${auditEvents.onBehalfOfId} = i.target_user_id and ${auditEvents.createdAt} >= i.started_at and ${auditEvents.createdAt} <= coalesce(i.ended_at, i.expires_at) + interval '1 second')`,
      );
    }
    if (f.q) where.push(matchesAny(f.q, [auditEvents.summary, actor.name, actor.email, onBehalfOf.name, onBehalfOf.email, actorToken.name]));
    if (f.action) where.push(eq(auditEvents.action, f.action));
    if (f.subject) where.push(eq(auditEvents.subjectType, f.subject));
    if (f.outcome) where.push(eq(auditEvents.outcome, f.outcome));
    const from = f.from ? startOfDayIn(f.from, timeZone) : null;
    const to = f.to ? endOfDayIn(f.to, timeZone) : null;
    if (from) where.push(sql`${auditEvents.createdAt} >= ${from.toISOString()}`);
    if (to) where.push(sql`${auditEvents.createdAt} < ${to.toISOString()}`);
    return where;
  },
  rows: (db, q) =>
    db
      .select({
        id: auditEvents.id,
        createdAt: auditEvents.createdAt,
        // The exact time as PostgreSQL's text (microseconds), which a JS Date would truncate: the export's cursor.
        createdAtExact: sql<string>`${auditEvents.createdAt}::text`,
        action: auditEvents.action,
        outcome: auditEvents.outcome,
        subjectType: auditEvents.subjectType,
        subjectId: auditEvents.subjectId,
        summary: auditEvents.summary,
        before: auditEvents.before,
        after: auditEvents.after,
        requestId: auditEvents.requestId,
        actorId: auditEvents.actorId,
        actorName,
        actorTokenId: auditEvents.actorTokenId,
        actorEmail: actor.email,
        onBehalfOfId: auditEvents.onBehalfOfId,
        onBehalfOfName: onBehalfOf.name,
        onBehalfOfEmail: onBehalfOf.email,
        nodeName: accountNodes.name,
      })
      .from(auditEvents)
      .leftJoin(actor, eq(actor.id, auditEvents.actorId))
      .leftJoin(actorToken, eq(actorToken.id, auditEvents.actorTokenId))
      .leftJoin(onBehalfOf, eq(onBehalfOf.id, auditEvents.onBehalfOfId))
      .leftJoin(accountNodes, eq(accountNodes.id, auditEvents.nodeId))
      .where(q.where)
      .orderBy(...q.orderBy)
      .limit(q.limit)
      .offset(q.offset),
  // The search looks at the people too, so the count joins them (not the account, which no filter reads).
  count: async (db, where) =>
    (
      await db
        .select({ n: count() })
        .from(auditEvents)
        .leftJoin(actor, eq(actor.id, auditEvents.actorId))
        .leftJoin(actorToken, eq(actorToken.id, auditEvents.actorTokenId))
        .leftJoin(onBehalfOf, eq(onBehalfOf.id, auditEvents.onBehalfOfId))
        .where(where)
    )[0]?.n ?? 0,
  keyset: {
    dir: "desc",
    keys: [
      { expr: auditEvents.createdAt, value: (r) => sql`${r.createdAtExact}::timestamptz` },
      { expr: auditEvents.id, value: (r) => sql`${r.id}::bigint` },
    ],
  },
});

export type AuditRow = Awaited<ReturnType<typeof auditList.page>>["rows"][number];
export type AuditFilters = ReturnType<typeof auditList.filtersOf>;
