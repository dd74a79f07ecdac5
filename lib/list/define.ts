import "server-only";
import { and, asc, desc, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { notFound } from "next/navigation";
import { z } from "zod";
import type { Executor } from "@/db/client";
import type { AppAbility } from "@/lib/authz/ability";
import { accessibleWhere, type JoinedNode } from "@/lib/authz/sql";
import type { SubjectType } from "@/lib/authz/vocabulary";
import { NotFoundError } from "@/lib/errors";
import { readLagTolerant } from "@/lib/replica/route";
import { listHref, type ListUrlOverrides, type SortDir } from "./href";
import { firstValues, pageParam, type SearchParamsInput } from "./params";

/**
 * The list contract. A list is declared once — its URL filters (zod), its scoped query, its sort
 * keys and default, its page size, its export order — and gives:
 *   - `parse`: URL search params → typed params (never an error, see params.ts);
 *   - `page`: one page of rows with the total, inside what the ability may read;
 *   - `view`: the same for a page component, with the links its filter bar, sort headers and
 *     pager need (components/list);
 *   - `batches`: every matching row, in keyset batches, for a streamed export (lib/list/export.ts).
 * Authorization stays in lib/authz: the rows are always filtered by `accessibleWhere(read)` (and
 * `export` for exports) on the list's subject, whatever the list adds.
 */

export type { SortDir };
export const direction = (dir: SortDir) => (dir === "desc" ? desc : asc);

/** Who is asking. Time zone and clock matter to lists with date filters or time-based flags. */
/** Who is asking: the ability, and the viewer's id and time zone for lists about "me" and calendar days. */
export type ListContext = {
  ability: AppAbility;
  userId?: string;
  timeZone?: string;
  now?: Date;
  /** A list shown on a page with an id (a customer's people): the page's path, for the list's links… */
  path?: string;
  /** …and the narrowing the route makes (not a URL filter), added to every condition. */
  where?: SQL;
};
export type ListRun = { db: Executor; ability: AppAbility; userId: string | null; timeZone: string; now: Date; where?: SQL; /** Tells the page why a filter found nothing. */ notice: (text: string) => void };

export type SortKey = {
  /** The ORDER BY for this key in a direction (the list's tie-break is appended). */
  by: (dir: SortDir) => SQL[];
  /** The direction a first click sorts in (newest first for times, say). */
  first?: SortDir;
};

export type PageQuery = { where: SQL; orderBy: SQL[]; limit: number; offset: number };

/** One column of the export order: the expression, and the row's value for it as SQL. */
export type KeysetKey<Row> = { expr: SQL | AnyColumn; value: (row: Row) => SQL };

export type ListSpec<F extends z.ZodRawShape, S extends string, Row, Item> = {
  /** The page's path, for links. */
  path: string;
  /** The subject whose `read` (and `export`) rules scope every row. */
  subject: SubjectType;
  /** Whether the ability may open the list at all (default: may read some `subject`). */
  canRead?: (ability: AppAbility) => boolean;
  filters: F;
  sorts: Record<S, SortKey>;
  defaultSort: NoInfer<S>;
  /** Appended to every order, so paging is stable (usually the id). */
  tiebreak: (dir: SortDir) => SQL[];
  pageSize: number;
  /** The filters as SQL conditions (the read scope is added by the contract). */
  where: (filters: z.output<z.ZodObject<F>>, run: ListRun) => (SQL | undefined)[] | Promise<(SQL | undefined)[]>;
  /** The select with its joins, for a condition, order and window. */
  rows: (db: Executor, query: PageQuery) => Promise<Row[]>;
  /** The count for a condition (with the joins the condition needs). */
  count: (db: Executor, where: SQL) => Promise<number>;
  /**
   * When `rows` and `count` both inner-join the node the subject hangs on: the scope reads that
   * join's path instead of looking the node up again (lib/authz/sql.ts JoinedNode).
   */
  scopeJoin?: JoinedNode;
  /** Data attached to a page of rows (roles, assignments …), read in one more query. */
  hydrate?: (rows: Row[], run: ListRun) => Promise<Item[]>;
  /** The export order: keys sorting one way, unique together (the last is usually the id). */
  keyset?: { dir: SortDir; keys: KeysetKey<Row>[] };
};

export type ListParams<F extends z.ZodRawShape, S extends string> = z.output<z.ZodObject<F>> & { sort: S; dir: SortDir; page: number };

export type ListPage<Item> = { rows: Item[]; total: number; page: number; pageSize: number; pages: number; notices: string[] };

/** What the list components read: the state of the URL and how to link to another state. */
export type ListViewState = {
  path: string;
  filterValues: Record<string, string | undefined>;
  sort: string;
  dir: SortDir;
  page: number;
  pages: number;
  pageSize: number;
  total: number;
  filtered: boolean;
  /** The page asked for lies past the end of a non-empty list. */
  pastEnd: boolean;
  notices: string[];
  defaultSort: string;
  firstDir: (sort: string) => SortDir;
  href: (overrides?: ListUrlOverrides) => string;
  /** Another path with this list's filters (its CSV export, say). */
  withFilters: (path: string) => string;
};

export type ListView<Item, P> = ListViewState & { rows: Item[]; params: P };

function asString(v: unknown): string | undefined {
  if (v === undefined || v === null || v === "") return undefined;
  return v instanceof Date ? v.toISOString() : String(v);
}

export function defineList<F extends z.ZodRawShape, S extends string, Row, Item = Row>(spec: ListSpec<F, S, Row, Item>) {
  type Filters = z.output<z.ZodObject<F>>;
  type Params = ListParams<F, S>;
  const sortKeys = Object.keys(spec.sorts) as [S, ...S[]];
  const filterKeys = Object.keys(spec.filters);
  const schema = z.object({
    ...spec.filters,
    sort: z.enum(sortKeys).optional().catch(undefined),
    dir: z.enum(["asc", "desc"]).optional().catch(undefined),
    page: pageParam,
  });
  const firstDir = (sort: string): SortDir => spec.sorts[sort as S]?.first ?? "asc";
  const canRead = spec.canRead ?? ((ability: AppAbility) => ability.can("read", spec.subject));

  function parse(input: SearchParamsInput): Params {
    const raw = schema.parse(firstValues(input)) as Record<string, unknown>;
    const sort = (raw.sort as S | undefined) ?? spec.defaultSort;
    return { ...raw, sort, dir: (raw.dir as SortDir | undefined) ?? firstDir(sort), page: raw.page as number } as Params;
  }

  function filtersOf(params: Filters | Params): Filters {
    return Object.fromEntries(filterKeys.map((k) => [k, (params as Record<string, unknown>)[k]])) as Filters;
  }

  function run(db: Executor, ctx: ListContext, notices: string[]): ListRun {
    return { db, ability: ctx.ability, userId: ctx.userId ?? null, timeZone: ctx.timeZone ?? "UTC", now: ctx.now ?? new Date(), where: ctx.where, notice: (t) => void notices.push(t) };
  }

  async function condition(filters: Filters, r: ListRun, action: "read" | "export"): Promise<SQL> {
    const scope = [accessibleWhere(r.ability, "read", spec.subject, spec.scopeJoin)];
    if (action === "export") scope.push(accessibleWhere(r.ability, "export", spec.subject, spec.scopeJoin));
    return and(...scope, r.where, ...(await spec.where(filters, r)))!;
  }

  const hydrate = async (rows: Row[], r: ListRun): Promise<Item[]> => (spec.hydrate ? spec.hydrate(rows, r) : (rows as unknown as Item[]));

  /** One page of the rows the ability may read, with the total for the same filters. */
  async function page(db: Executor, ctx: ListContext, params: Params): Promise<ListPage<Item>> {
    const notices: string[] = [];
    const r = run(db, ctx, notices);
    const where = await condition(filtersOf(params), r, "read");
    const orderBy = [...spec.sorts[params.sort].by(params.dir), ...spec.tiebreak(params.dir)];
    const [rows, total] = await Promise.all([spec.rows(db, { where, orderBy, limit: spec.pageSize, offset: (params.page - 1) * spec.pageSize }), spec.count(db, where)]);
    return { rows: await hydrate(rows, r), total, page: params.page, pageSize: spec.pageSize, pages: Math.max(1, Math.ceil(total / spec.pageSize)), notices };
  }

  /**
   * Every row matching the filters, in the export order, batch by batch (keyset: each batch starts
   * after the last row of the one before, so rows written meanwhile never shift or repeat it).
   * `export` also needs the export rules; `records` replaces `hydrate` for an export of its own shape.
   */
  async function* batches<R = Item>(
    db: Executor,
    ctx: ListContext,
    filters: Filters,
    options: { action?: "read" | "export"; batchSize?: number; records?: (rows: Row[], run: ListRun) => Promise<R[]> } = {},
  ): AsyncGenerator<R[]> {
    const keyset = spec.keyset;
    if (!keyset) throw new Error(`The list at ${spec.path} declares no export order`);
    const batchSize = options.batchSize ?? 500;
    const r = run(db, ctx, []);
    const where = await condition(filters, r, options.action ?? "read");
    const orderBy = keyset.keys.map((k) => direction(keyset.dir)(k.expr));
    const exprs = sql.join(
      keyset.keys.map((k) => sql`${k.expr}`),
      sql`, `,
    );
    let last: Row | undefined;
    for (;;) {
      const after = last
        ? sql`(${exprs}) ${keyset.dir === "asc" ? sql`>` : sql`<`} (${sql.join(
            keyset.keys.map((k) => k.value(last!)),
            sql`, `,
          )})`
        : undefined;
      const rows = await spec.rows(db, { where: and(where, after)!, orderBy, limit: batchSize, offset: 0 });
      if (rows.length === 0) return;
      yield options.records ? await options.records(rows, r) : ((await hydrate(rows, r)) as unknown as R[]);
      if (rows.length < batchSize) return;
      last = rows[rows.length - 1];
    }
  }

  /**
   * For a page component: parse the URL, refuse (404) a viewer who may not open the list, read
   * the page, and give the links the list components need. `extra` reads what else the page shows
   * (filter choices, names for the filters in the URL, counts) alongside the page, from the same
   * parsed parameters.
   */
  async function view<E = undefined>(ctx: ListContext, searchParams: SearchParamsInput, extra?: (db: Executor, params: Params) => Promise<E>): Promise<ListView<Item, Params> & { extra: E }> {
    if (!canRead(ctx.ability)) notFound();
    const params = parse(searchParams);
    // A list tolerates a moment's lag: it reads from the replica when there is one (lib/replica).
    const [result, extraResult] = await readLagTolerant((db) => Promise.all([page(db, ctx, params), extra ? extra(db, params) : (undefined as E)]));
    const filterValues = Object.fromEntries(filterKeys.map((k) => [k, asString((params as Record<string, unknown>)[k])]));
    const path = ctx.path ?? spec.path;
    const state = { path, filters: filterValues, sort: params.sort, dir: params.dir, page: params.page };
    const defaults = { sort: spec.defaultSort, firstDir };
    return {
      ...result,
      extra: extraResult,
      params,
      path,
      filterValues,
      sort: params.sort,
      dir: params.dir,
      filtered: Object.values(filterValues).some((v) => v !== undefined),
      pastEnd: result.rows.length === 0 && result.total > 0,
      defaultSort: spec.defaultSort,
      firstDir,
      href: (overrides) => listHref(state, defaults, overrides),
      withFilters: (path) => listHref({ ...state, path, sort: spec.defaultSort, dir: firstDir(spec.defaultSort), page: 1 }, defaults),
    };
  }

  return { path: spec.path, subject: spec.subject, pageSize: spec.pageSize, sortKeys, canRead, parse, filtersOf, page, batches, view };
}

export type List = ReturnType<typeof defineList<z.ZodRawShape, string, unknown, unknown>>;

/** For routes and tests that check readability before using a list. */
export function assertCanRead(list: { canRead: (ability: AppAbility) => boolean }, ability: AppAbility): void {
  if (!list.canRead(ability)) throw new NotFoundError();
}
