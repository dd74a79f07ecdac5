/**
 * Links within a list: the URL holds the whole state (filters, sort, page), so a list is
 * shareable, survives reload and back, and works before any JavaScript. Defaults are left out,
 * so the first page of an unfiltered list is its bare path. Pure and client-safe.
 */
export type SortDir = "asc" | "desc";

export type ListUrlState = {
  path: string;
  /** The list's filter values, in the order they appear in the URL. */
  filters: Record<string, string | undefined>;
  sort: string;
  dir: SortDir;
  page: number;
};

export type ListUrlDefaults = {
  sort: string;
  /** The direction a sort key starts in (and so the one its links leave out). */
  firstDir: (sort: string) => SortDir;
};

export type ListUrlOverrides = Partial<Omit<ListUrlState, "path" | "filters">> & { filters?: Record<string, string | undefined> };

export function listHref(state: ListUrlState, defaults: ListUrlDefaults, overrides: ListUrlOverrides = {}): string {
  const filters = { ...state.filters, ...overrides.filters };
  const sort = overrides.sort ?? state.sort;
  const dir = overrides.dir ?? (overrides.sort && overrides.sort !== state.sort ? defaults.firstDir(sort) : state.dir);
  // A new filter or sort starts again at page 1, unless a page is asked for.
  const changed = overrides.filters !== undefined || overrides.sort !== undefined || overrides.dir !== undefined;
  const page = overrides.page ?? (changed ? 1 : state.page);
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value !== undefined && value !== "") q.set(key, value);
  if (sort !== defaults.sort) q.set("sort", sort);
  if (dir !== defaults.firstDir(sort)) q.set("dir", dir);
  if (page > 1) q.set("page", String(page));
  const s = q.toString();
  return s ? `${state.path}?${s}` : state.path;
}

/** The pages a pager offers: first, last, and the neighbours of the current one, with gaps. */
export function pageWindow(page: number, pages: number, around = 1): (number | "gap")[] {
  const shown = new Set<number>([1, pages]);
  for (let p = page - around; p <= page + around; p++) if (p >= 1 && p <= pages) shown.add(p);
  const sorted = [...shown].sort((a, b) => a - b);
  const out: (number | "gap")[] = [];
  sorted.forEach((p, i) => {
    if (i > 0 && p - sorted[i - 1]! > 1) out.push("gap");
    out.push(p);
  });
  return out;
}
