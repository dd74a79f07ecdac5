import { z } from "zod";
import { firstValues, idParam, pageParam, type SearchParamsInput } from "@/lib/list/params";
import type { LineFilter } from "./queries";

const schema = z.object({ page: pageParam, subAccount: idParam, site: idParam, offering: idParam });

/**
 * A bill page's URL: which page of lines, narrowed to one cost centre, site or product (the links
 * of its split tables). Like a list's URL, nothing in it is an error: a malformed value is dropped.
 * One narrowing at a time, in that order, as the links make them.
 */
export function billPageParams(input: SearchParamsInput): { page: number; filter: LineFilter } {
  const p = schema.parse(firstValues(input));
  const filter: LineFilter = p.subAccount ? { subAccount: p.subAccount } : p.site ? { site: p.site } : p.offering ? { offering: p.offering } : {};
  return { page: p.page, filter };
}

export function lineFilterHref(base: string, filter: LineFilter, page = 1): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(filter)) if (v) q.set(k, v);
  if (page > 1) q.set("page", String(page));
  const s = q.toString();
  return s ? `${base}?${s}` : base;
}
