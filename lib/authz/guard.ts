import { eq, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import type { AppAbility } from "./ability";
import { asSubject, fieldValueSql, subjectDefs } from "./subjects";
import type { Action, SubjectType } from "./vocabulary";

export type SubjectFields = Record<string, unknown>;

/** Loads the fields the ability's conditions look at, for one row; null when there is no such row. */
export async function loadSubjectFields(db: Executor, type: SubjectType, id: string): Promise<SubjectFields | null> {
  const def = subjectDefs[type];
  // An id that cannot exist (a malformed uuid from a URL or a forged form) is simply not found.
  if (!isWellFormedId(def.id.columnType, id)) return null;
  const columns = Object.fromEntries(Object.entries(def.fields).map(([name, f]) => [name, fieldValueSql(f)]));
  const rows = await db
    .select(columns as Record<string, ReturnType<typeof sql>>)
    .from(def.table)
    .where(eq(def.id, id))
    .limit(1);
  return (rows[0] as SubjectFields | undefined) ?? null;
}

/**
 * The one check every page, action and route makes on a single row. Rows the principal may not
 * read answer "not found" (their existence is not revealed); readable rows the principal may not
 * act on answer "forbidden".
 */
export function authorize(ability: AppAbility, action: Action, type: SubjectType, fields: SubjectFields | null): void {
  if (!fields) throw new NotFoundError();
  const subject = asSubject(type, fields);
  if (ability.can(action, subject)) return;
  if (action !== "read" && ability.can("read", subject)) throw new ForbiddenError();
  throw new NotFoundError();
}

/** Loads a row's fields and authorizes the action on it in one step. */
export async function authorizeById(db: Executor, ability: AppAbility, action: Action, type: SubjectType, id: string) {
  const fields = await loadSubjectFields(db, type, id);
  authorize(ability, action, type, fields);
  return fields as SubjectFields;
}


const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isWellFormedId(columnType: string, id: unknown): boolean {
  if (typeof id !== "string") return false;
  if (columnType === "PgUUID") return UUID.test(id);
  if (columnType.startsWith("PgBigSerial") || columnType.startsWith("PgBigInt")) return /^\d{1,18}$/.test(id);
  return id.length > 0 && id.length <= 200;
}

export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}
