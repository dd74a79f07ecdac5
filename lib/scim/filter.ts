/**
 * SCIM filters (RFC 7644 §3.4.2.2) in SQL. The filter text is parsed by `scim2-parse-filter` (not a
 * parser of our own); its AST is translated here, node by node, against a declared map of the
 * attributes a resource type supports. An attribute or operator outside the map is a 400
 * invalidFilter, never a silent match-all. Every leaf is two-valued (never NULL), so `not` means
 * what it says. Values are always bound parameters.
 */
import { sql, type SQL } from "drizzle-orm";
import { parse, type Filter } from "scim2-parse-filter";
import { invalidFilter } from "./errors";
import { looseBoolean, stripUrn } from "./rules";

export type CompareOp = "eq" | "ne" | "co" | "sw" | "ew" | "gt" | "lt" | "ge" | "le";

/** A column (or expression) of one type. Strings compare case-insensitively unless `caseExact`. */
export type ScalarAttr = { type: "string" | "boolean" | "dateTime" | "uuid"; sql: SQL; caseExact?: boolean };
/** An attribute that needs its own SQL (a group's members): `compare` throws invalidFilter for what it cannot do. */
export type CustomAttr = { type: "custom"; compare: (op: CompareOp | "pr", value: unknown) => SQL };
export type AttrDef = ScalarAttr | CustomAttr;

/**
 * What a resource type can be filtered on: attribute paths lower-cased ("username",
 * "emails.value", "meta.lastmodified"), the schema URNs a path may be prefixed with, and the
 * multi-valued attributes a value filter (`emails[type eq "work"]`) may look into.
 */
export type FilterSchema = { urns: string[]; attrs: Record<string, AttrDef>; valuePaths?: Record<string, FilterSchema> };

export const MAX_FILTER_LENGTH = 4000;
const MAX_DEPTH = 40;

/** The filter as one SQL condition; throws ScimError 400 invalidFilter when it cannot be. */
export function filterToSql(text: string, schema: FilterSchema): SQL {
  if (text.length > MAX_FILTER_LENGTH) throw invalidFilter(`The filter is longer than ${MAX_FILTER_LENGTH} characters.`);
  let ast: Filter;
  try {
    ast = parse(text);
  } catch (error) {
    throw invalidFilter(`The filter could not be parsed: ${error instanceof Error ? error.message : "syntax error"}.`);
  }
  return toSql(ast, schema, 0);
}

function toSql(node: Filter, schema: FilterSchema, depth: number): SQL {
  if (depth > MAX_DEPTH) throw invalidFilter("The filter is nested too deeply.");
  switch (node.op) {
    case "and":
    case "or": {
      const parts = node.filters.map((f) => toSql(f, schema, depth + 1));
      return sql`(${sql.join(parts, node.op === "and" ? sql` and ` : sql` or `)})`;
    }
    case "not":
      return sql`(not ${toSql(node.filter, schema, depth + 1)})`;
    case "[]": {
      const path = stripUrn(node.attrPath, schema.urns).toLowerCase();
      const sub = schema.valuePaths?.[path];
      if (!sub) throw invalidFilter(`Filtering inside "${node.attrPath}" is not supported.`);
      return toSql(node.valFilter, sub, depth + 1);
    }
    case "pr":
      return present(attrOf(node.attrPath, schema));
    default:
      return compare(attrOf(node.attrPath, schema), node.op, node.compValue, node.attrPath);
  }
}

function attrOf(attrPath: string, schema: FilterSchema): AttrDef {
  const path = stripUrn(attrPath, schema.urns).toLowerCase();
  const def = Object.hasOwn(schema.attrs, path) ? schema.attrs[path] : undefined;
  if (!def) throw invalidFilter(`Filtering on "${attrPath}" is not supported.`);
  return def;
}

function present(def: AttrDef): SQL {
  if (def.type === "custom") return def.compare("pr", null);
  if (def.type === "string") return sql`coalesce(${def.sql} <> '', false)`;
  return sql`(${def.sql} is not null)`;
}

/** Escapes LIKE's wildcards so the value matches literally. */
function likeEscape(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const ORDER: Record<string, SQL> = { gt: sql`>`, ge: sql`>=`, lt: sql`<`, le: sql`<=` };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function compare(def: AttrDef, op: CompareOp, value: unknown, attrPath: string): SQL {
  if (def.type === "custom") return def.compare(op, value);
  if (value === null) {
    // "eq null" asks whether the attribute is absent; nothing else makes sense of null.
    if (op === "eq") return sql`(not ${present(def)})`;
    if (op === "ne") return present(def);
    throw invalidFilter(`"${op}" cannot compare "${attrPath}" with null.`);
  }
  switch (def.type) {
    case "boolean": {
      const b = looseBoolean(value);
      if (b === null) throw invalidFilter(`"${attrPath}" is compared with true or false.`);
      if (op === "eq") return sql`coalesce(${def.sql} = ${b}, false)`;
      if (op === "ne") return sql`coalesce(${def.sql} <> ${b}, true)`;
      throw invalidFilter(`"${op}" does not apply to the boolean "${attrPath}".`);
    }
    case "dateTime": {
      const at = typeof value === "string" ? new Date(value) : null;
      // PostgreSQL's timestamps run from 4713 BC to 294276 AD; JavaScript's further: only years 1–9999 are asked.
      if (!at || Number.isNaN(at.getTime()) || at.getUTCFullYear() < 1 || at.getUTCFullYear() > 9999) {
        throw invalidFilter(`"${attrPath}" is compared with a date and time such as "2026-01-31T12:00:00Z".`);
      }
      const iso = at.toISOString();
      if (op === "eq") return sql`coalesce(${def.sql} = ${iso}::timestamptz, false)`;
      if (op === "ne") return sql`coalesce(${def.sql} <> ${iso}::timestamptz, true)`;
      if (ORDER[op]) return sql`coalesce(${def.sql} ${ORDER[op]} ${iso}::timestamptz, false)`;
      throw invalidFilter(`"${op}" does not apply to the date "${attrPath}".`);
    }
    case "uuid": {
      if (typeof value !== "string") throw invalidFilter(`"${attrPath}" is compared with a string.`);
      if (op === "eq") return UUID.test(value) ? sql`coalesce(${def.sql} = ${value}::uuid, false)` : sql`false`;
      if (op === "ne") return UUID.test(value) ? sql`coalesce(${def.sql} <> ${value}::uuid, true)` : sql`true`;
      return text({ ...def, sql: sql`(${def.sql})::text`, caseExact: false }, op, value, attrPath);
    }
    case "string":
      if (typeof value === "boolean") throw invalidFilter(`"${attrPath}" is compared with a string.`);
      return text(def, op, String(value), attrPath);
  }
}

function text(def: ScalarAttr, op: CompareOp, value: string, attrPath: string): SQL {
  const column = def.caseExact ? def.sql : sql`lower(${def.sql})`;
  const v = def.caseExact ? value : value.toLowerCase();
  switch (op) {
    case "eq":
      return sql`coalesce(${column} = ${v}, false)`;
    case "ne":
      return sql`coalesce(${column} <> ${v}, true)`;
    case "co":
      return sql`coalesce(${column} like ${`%${likeEscape(v)}%`}, false)`;
    case "sw":
      return sql`coalesce(${column} like ${`${likeEscape(v)}%`}, false)`;
    case "ew":
      return sql`coalesce(${column} like ${`%${likeEscape(v)}`}, false)`;
    case "gt":
    case "ge":
    case "lt":
    case "le":
      return sql`coalesce(${column} ${ORDER[op]} ${v}, false)`;
    default:
      throw invalidFilter(`"${String(op)}" is not a SCIM operator (on "${attrPath}").`);
  }
}
