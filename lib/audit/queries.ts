import "server-only";
import { and, asc, eq, isNotNull, or } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor } from "@/db/client";
import { auditEvents, users } from "@/db/schema";
import type { AppAbility } from "@/lib/authz/ability";
import { accessibleWhere } from "@/lib/authz/sql";

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
