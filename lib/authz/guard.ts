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

/**
 * Inside a write transaction: locks a person's row, then loads their subject fields (unit path and
 * the scopes of every role they hold) in a second statement, so the check sees whatever a
 * concurrent change committed before the lock was granted (READ COMMITTED takes a new snapshot per
 * statement). Every change to a person's roles, status, invitation or sessions takes this lock
 * first, so the authorization checked here still holds when the transaction commits.
 */
export async function lockUserFields(tx: Executor, userId: string): Promise<SubjectFields | null> {
  return lockSubjectFields(tx, "User", userId);
}

/** Locks one row of a subject's table (FOR UPDATE), then loads its fields in a new statement. */
export async function lockSubjectFields(tx: Executor, type: SubjectType, id: string): Promise<SubjectFields | null> {
  const def = subjectDefs[type];
  if (!isWellFormedId(def.id.columnType, id)) return null;
  const [locked] = await tx.select({ id: sql`${def.id}` }).from(def.table).where(eq(def.id, id)).for("update");
  if (!locked) return null;
  return loadSubjectFields(tx, type, id);
}

/** Inside a write transaction: locks the row and authorizes `action` on it as it is now. */
export async function authorizeLocked(tx: Executor, ability: AppAbility, action: Action, type: SubjectType, id: string): Promise<SubjectFields> {
  const fields = await lockSubjectFields(tx, type, id);
  authorize(ability, action, type, fields);
  return fields!;
}

/** Locks the person and authorizes `action` on them, inside the caller's transaction. */
export async function authorizeUserLocked(tx: Executor, ability: AppAbility, action: Action, userId: string): Promise<SubjectFields> {
  const fields = await lockUserFields(tx, userId);
  authorize(ability, action, "User", fields);
  return fields!;
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
