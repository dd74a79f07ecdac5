/**
 * Pure rules of the SCIM service: paging, ETags, the identity providers' loose booleans, and the
 * `attributes` / `excludedAttributes` projection. No database; unit tested in rules.test.ts.
 */
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "./constants";
import { invalidValue, preconditionFailed } from "./errors";

export type Paging = { startIndex: number; count: number };

/** Integers in a query string, or null when absent; anything else is a 400. */
function intParam(name: string, raw: string | null): number | null {
  if (raw === null || raw.trim() === "") return null;
  if (!/^[+-]?\d{1,30}$/.test(raw.trim())) throw invalidValue(`${name} must be an integer.`);
  return Number(raw.trim());
}

/**
 * RFC 7644 §3.4.2.4: `startIndex` is 1-based (below 1 means 1), `count` at least 0 (negative means
 * 0) and at most MAX_PAGE_SIZE here, whatever is asked; absent, DEFAULT_PAGE_SIZE.
 */
export function pagingOf(params: URLSearchParams): Paging {
  const start = intParam("startIndex", params.get("startIndex"));
  const count = intParam("count", params.get("count"));
  return {
    startIndex: Math.min(Math.max(1, start ?? 1), 1_000_000_000),
    count: Math.min(Math.max(0, count ?? DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE),
  };
}

/** The weak ETag of a version: W/"7". */
export function etagOf(version: number): string {
  return `W/"${version}"`;
}

/** The opaque values of an If-Match / If-None-Match header ("*" stays "*"), weak or strong alike. */
export function etagValues(header: string): string[] {
  return header
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => (part === "*" ? "*" : part.replace(/^W\//i, "").replace(/^"(.*)"$/, "$1")));
}

/** Refuses (412) a change whose If-Match names none of the current version. No header: no condition. */
export function checkIfMatch(header: string | null, version: number): void {
  if (header === null || header.trim() === "") return;
  const values = etagValues(header);
  if (values.includes("*") || values.includes(String(version))) return;
  throw preconditionFailed();
}

/** Whether a GET's If-None-Match names the current version (304 Not Modified). */
export function notModified(header: string | null, version: number): boolean {
  if (!header) return false;
  const values = etagValues(header);
  return values.includes("*") || values.includes(String(version));
}

/**
 * A boolean as identity providers send it: true/false, or Microsoft Entra's "True"/"False" strings
 * (any case). Anything else is null: the caller says what was expected.
 */
export function looseBoolean(value: unknown): boolean | null {
  if (typeof value === "boolean") return value;
  if (typeof value === "string") {
    const v = value.trim().toLowerCase();
    if (v === "true") return true;
    if (v === "false") return false;
  }
  return null;
}

const ALWAYS = new Set(["id", "schemas"]);

/** Attribute names of an `attributes` parameter, lower-cased, schema URN prefixes dropped. */
export function attributeList(raw: string | null, urns: string[]): string[] | null {
  if (raw === null || raw.trim() === "") return null;
  return raw
    .split(",")
    .map((a) => stripUrn(a.trim(), urns).toLowerCase())
    .filter(Boolean);
}

/** An attribute path without the schema URN it may be prefixed with ("urn:…:User:userName" → "userName"). */
export function stripUrn(path: string, urns: string[]): string {
  for (const urn of urns) {
    if (path.toLowerCase().startsWith(`${urn.toLowerCase()}:`)) return path.slice(urn.length + 1);
  }
  return path;
}

/**
 * RFC 7644 §3.4.2.5: `attributes` keeps only the named attributes (and id, schemas), then
 * `excludedAttributes` drops the named ones (never id or schemas). "name.givenName" reaches into
 * a complex attribute. Names compare case-insensitively.
 */
export function project(resource: Record<string, unknown>, attributes: string[] | null, excluded: string[] | null): Record<string, unknown> {
  let out: Record<string, unknown> = resource;
  if (attributes) {
    out = {};
    for (const [key, value] of Object.entries(resource)) {
      const k = key.toLowerCase();
      if (ALWAYS.has(k) || attributes.includes(k)) {
        out[key] = value;
        continue;
      }
      const subs = attributes.filter((a) => a.startsWith(`${k}.`)).map((a) => a.slice(k.length + 1));
      if (subs.length && value && typeof value === "object" && !Array.isArray(value)) {
        out[key] = Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([s]) => subs.includes(s.toLowerCase())));
      } else if (subs.length && Array.isArray(value)) {
        out[key] = value.map((v) => (v && typeof v === "object" ? Object.fromEntries(Object.entries(v as Record<string, unknown>).filter(([s]) => subs.includes(s.toLowerCase()))) : v));
      }
    }
  }
  if (excluded) {
    out = { ...out };
    for (const key of Object.keys(out)) {
      const k = key.toLowerCase();
      if (ALWAYS.has(k)) continue;
      if (excluded.includes(k)) {
        delete out[key];
        continue;
      }
      const subs = excluded.filter((a) => a.startsWith(`${k}.`)).map((a) => a.slice(k.length + 1));
      const value = out[key];
      if (subs.length && value && typeof value === "object" && !Array.isArray(value)) {
        out[key] = Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([s]) => !subs.includes(s.toLowerCase())));
      }
    }
  }
  return out;
}

/** Whether the projection asked for leaves `attribute` out (so the query need not load it). */
export function leavesOut(attribute: string, attributes: string[] | null, excluded: string[] | null): boolean {
  const a = attribute.toLowerCase();
  if (excluded?.includes(a)) return true;
  if (attributes && !attributes.some((x) => x === a || x.startsWith(`${a}.`))) return true;
  return false;
}
