import { z } from "zod";
import { blankToUndefined } from "@/lib/schema-fields";
import { searchText } from "@/lib/text";

/**
 * The URL parameters every list shares. A list's URL is typed by people and pasted from mail, so
 * nothing in it is ever an error: a malformed value falls back to its default ("any", page 1), and
 * the page still shows a sensible list.
 */

/**
 * The deepest page any list serves. Past it OFFSET reads too many rows for one request (50 ×
 * 10,000 rows); a filter narrows faster than paging, and exports stream everything.
 */
export const MAX_PAGE = 10_000;

/** The one page-number rule: a whole number from 1, clamped to MAX_PAGE; anything else is page 1. */
export const pageParam = z.coerce
  .number()
  .int()
  .min(1)
  .transform((n) => Math.min(n, MAX_PAGE))
  .catch(1)
  .default(1);

/** An optional filter: blank means "any", and a value the schema refuses is dropped. */
export function optionalParam<T extends z.ZodType>(schema: T) {
  return z.preprocess(blankToUndefined, schema.optional()).catch(undefined);
}

/** The free-text search of a list (see lib/text.ts searchText); blank after cleaning means none. */
export const searchParam = optionalParam(searchText.transform((s) => s || undefined));

/** An id filter (a uuid; anything else is ignored). */
export const idParam = optionalParam(z.string().uuid());

/** One of a fixed set of values. */
export function enumParam<const T extends readonly [string, ...string[]]>(values: T) {
  return optionalParam(z.enum(values));
}

/** Page props (`searchParams`), URLSearchParams, or a plain record from code and tests. */
export type SearchParamsInput = Record<string, unknown> | URLSearchParams;

/** One text value per key (the first, when a key repeats); anything but text and numbers is dropped. */
export function firstValues(input: SearchParamsInput): Record<string, string> {
  const out: Record<string, string> = {};
  const entries = input instanceof URLSearchParams ? [...input.entries()] : Object.entries(input);
  for (const [key, value] of entries) {
    const v: unknown = Array.isArray(value) ? value[0] : value;
    if (key in out) continue;
    if (typeof v === "string") out[key] = v;
    else if (typeof v === "number" && Number.isFinite(v)) out[key] = String(v);
  }
  return out;
}
