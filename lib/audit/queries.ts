import "server-only";
import { and, asc, count, desc, eq, ilike, isNotNull, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { Executor } from "@/db/client";
import { accountNodes, auditEvents, users } from "@/db/schema";
import type { AppAbility } from "@/lib/authz/ability";
import { accessibleWhere } from "@/lib/authz/sql";
import { searchText } from "@/lib/text";
import { endOfDayIn, startOfDayIn } from "@/lib/time";

export const AUDIT_PAGE_SIZE = 50;
export const AUDIT_OUTCOMES = ["success", "denied", "failed"] as const;

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((d) => startOfDayIn(d, "UTC") !== null);

/**
 * The audit log's filters as they arrive in the URL (page and export alike). Malformed values are
 * dropped rather than failing the page, so a hand-edited URL still shows the log.
 */
export const auditFilterSchema = z.object({
  actor: z.string().uuid().optional().catch(undefined),
  q: searchText.optional().catch(undefined),
  action: z
    .string()
    .regex(/^[a-z_]+(\.[a-z_]+)*$/)
    .max(60)
    .optional()
    .catch(undefined),
  subject: z
    .string()
    .regex(/^[A-Za-z]{1,40}$/)
    .optional()
    .catch(undefined),
  outcome: z.enum(AUDIT_OUTCOMES).optional().catch(undefined),
  from: isoDate.optional().catch(undefined),
  to: isoDate.optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});
export type AuditFilters = z.output<typeof auditFilterSchema>;

/** Turns URL search params (a record or URLSearchParams) into filters; empty strings mean "any". */
export function parseAuditFilters(input: Record<string, string | string[] | undefined> | URLSearchParams): AuditFilters {
  const entries = input instanceof URLSearchParams ? [...input.entries()] : Object.entries(input).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v] as const);
  return auditFilterSchema.parse(Object.fromEntries(entries.filter(([, v]) => v !== undefined && v !== "")));
}

function containsPattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const actor = alias(users, "actor");
const onBehalfOf = alias(users, "on_behalf_of");

/**
 * The SQL condition for the filters, always inside what the ability may read. Dates are calendar
 * days in the viewer's time zone: "from" includes its whole day, "to" too.
 */
export function auditWhere(ability: AppAbility, filters: Omit<AuditFilters, "page">, timeZone: string): SQL {
  const where: SQL[] = [accessibleWhere(ability, "read", "AuditEvent")];
  if (filters.actor) where.push(or(eq(auditEvents.actorId, filters.actor), eq(auditEvents.onBehalfOfId, filters.actor))!);
  if (filters.q) {
    const p = containsPattern(filters.q);
    where.push(or(ilike(auditEvents.summary, p), ilike(actor.name, p), ilike(actor.email, p), ilike(onBehalfOf.name, p), ilike(onBehalfOf.email, p))!);
  }
  if (filters.action) where.push(eq(auditEvents.action, filters.action));
  if (filters.subject) where.push(eq(auditEvents.subjectType, filters.subject));
  if (filters.outcome) where.push(eq(auditEvents.outcome, filters.outcome));
  const from = filters.from ? startOfDayIn(filters.from, timeZone) : null;
  const to = filters.to ? endOfDayIn(filters.to, timeZone) : null;
  if (from) where.push(sql`${auditEvents.createdAt} >= ${from.toISOString()}`);
  if (to) where.push(sql`${auditEvents.createdAt} < ${to.toISOString()}`);
  return and(...where)!;
}

const columns = {
  id: auditEvents.id,
  createdAt: auditEvents.createdAt,
  action: auditEvents.action,
  outcome: auditEvents.outcome,
  subjectType: auditEvents.subjectType,
  subjectId: auditEvents.subjectId,
  summary: auditEvents.summary,
  before: auditEvents.before,
  after: auditEvents.after,
  requestId: auditEvents.requestId,
  actorId: auditEvents.actorId,
  actorName: actor.name,
  actorEmail: actor.email,
  onBehalfOfId: auditEvents.onBehalfOfId,
  onBehalfOfName: onBehalfOf.name,
  onBehalfOfEmail: onBehalfOf.email,
  nodeName: accountNodes.name,
};

function fromEvents(db: Executor) {
  return db
    .select(columns)
    .from(auditEvents)
    .leftJoin(actor, eq(actor.id, auditEvents.actorId))
    .leftJoin(onBehalfOf, eq(onBehalfOf.id, auditEvents.onBehalfOfId))
    .leftJoin(accountNodes, eq(accountNodes.id, auditEvents.nodeId));
}

export type AuditRow = Awaited<ReturnType<typeof listAuditEvents>>["rows"][number];

/** One page of the events the ability may read, newest first, with the total for the filters. */
export async function listAuditEvents(db: Executor, ability: AppAbility, filters: AuditFilters, timeZone: string) {
  const where = auditWhere(ability, filters, timeZone);
  const [rows, [total]] = await Promise.all([
    fromEvents(db)
      .where(where)
      .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
      .limit(AUDIT_PAGE_SIZE)
      .offset((filters.page - 1) * AUDIT_PAGE_SIZE),
    db
      .select({ n: count() })
      .from(auditEvents)
      .leftJoin(actor, eq(actor.id, auditEvents.actorId))
      .leftJoin(onBehalfOf, eq(onBehalfOf.id, auditEvents.onBehalfOfId))
      .where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/**
 * Every event matching the filters, newest first, in batches (keyset on time and id), for the
 * streamed CSV export.
 */
export async function* auditEventBatches(db: Executor, ability: AppAbility, filters: Omit<AuditFilters, "page">, timeZone: string, batchSize = 500) {
  const where = auditWhere(ability, filters, timeZone);
  const batch = (condition: SQL) =>
    db
      .select({ ...columns, cursorAt: sql<string>`${auditEvents.createdAt}::text` })
      .from(auditEvents)
      .leftJoin(actor, eq(actor.id, auditEvents.actorId))
      .leftJoin(onBehalfOf, eq(onBehalfOf.id, auditEvents.onBehalfOfId))
      .leftJoin(accountNodes, eq(accountNodes.id, auditEvents.nodeId))
      .where(condition)
      .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
      .limit(batchSize);
  // The cursor keeps the timestamp as PostgreSQL's text (microseconds), which a JS Date would truncate.
  let cursor: { at: string; id: number } | null = null;
  for (;;) {
    const rows = await batch(cursor ? and(where, sql`(${auditEvents.createdAt}, ${auditEvents.id}) < (${cursor.at}::timestamptz, ${cursor.id})`)! : where);
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < batchSize) return;
    const last = rows[rows.length - 1]!;
    cursor = { at: last.cursorAt, id: last.id };
  }
}

/**
 * What the filter selects offer: the actions, subject types and people that occur in the events
 * the ability may read (so a filter never names something outside the viewer's scope).
 */
export async function auditFilterOptions(db: Executor, ability: AppAbility) {
  const readable = accessibleWhere(ability, "read", "AuditEvent");
  const person = alias(users, "person");
  const [actions, subjects, people] = await Promise.all([
    db.selectDistinct({ action: auditEvents.action }).from(auditEvents).where(readable).orderBy(asc(auditEvents.action)),
    db.selectDistinct({ subjectType: auditEvents.subjectType }).from(auditEvents).where(readable).orderBy(asc(auditEvents.subjectType)),
    db
      .selectDistinct({ id: person.id, name: person.name, email: person.email })
      .from(auditEvents)
      .innerJoin(person, or(eq(person.id, auditEvents.actorId), eq(person.id, auditEvents.onBehalfOfId)))
      .where(and(readable, isNotNull(auditEvents.actorId)))
      .orderBy(asc(person.name), asc(person.email))
      .limit(500),
  ]);
  return { actions: actions.map((a) => a.action), subjects: subjects.map((s) => s.subjectType), people };
}
