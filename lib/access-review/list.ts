import "server-only";
import { asc, count, eq, sql } from "drizzle-orm";
import { accountNodes, users, userStatus } from "@/db/schema";
import { defineList } from "@/lib/list/define";
import { enumParam, searchParam } from "@/lib/list/params";
import { matchesAny } from "@/lib/list/search";
import { REVIEW_FLAGS } from "./flags";
import { canReview, flagSql, userColumns, withAssignments } from "./queries";

/**
 * The access review (/access-review and its CSV export): everyone in the viewer's scope with their
 * assignments (as far as the viewer may read them) and flags; filtered, sorted and paginated in
 * SQL, so it holds for 20,000 users.
 */
export const accessReviewList = defineList({
  path: "/access-review",
  subject: "User",
  canRead: canReview,
  filters: {
    q: searchParam,
    flag: enumParam(["any", ...REVIEW_FLAGS]),
    status: enumParam(userStatus.enumValues),
  },
  sorts: {
    name: { by: () => [asc(sql`lower(${users.name})`)] },
    signin: { by: () => [sql`${users.lastSignInAt} asc nulls first`] },
  },
  defaultSort: "name",
  tiebreak: () => [asc(users.id)],
  pageSize: 50,
  where: (f, { ability, now }) => {
    const flags = flagSql(ability, now);
    return [
      f.q ? matchesAny(f.q, [users.name, users.email]) : undefined,
      f.status ? eq(users.status, f.status) : undefined,
      f.flag === "any" ? sql`(${flags.dormant} or ${flags.expiring} or ${flags.expired})` : f.flag ? flags[f.flag] : undefined,
    ];
  },
  rows: (db, q) => db.select(userColumns).from(users).leftJoin(accountNodes, eq(accountNodes.id, users.unitNodeId)).where(q.where).orderBy(...q.orderBy).limit(q.limit).offset(q.offset),
  count: async (db, where) => (await db.select({ n: count() }).from(users).where(where))[0]?.n ?? 0,
  hydrate: (rows, { db, ability, now }) => withAssignments(db, ability, rows, now),
  keyset: {
    dir: "asc",
    keys: [
      { expr: sql`lower(${users.name})`, value: (r) => sql`lower(${r.name})` },
      { expr: users.id, value: (r) => sql`${r.id}::uuid` },
    ],
  },
});

export type ReviewParams = ReturnType<typeof accessReviewList.parse>;
export type ReviewFilters = ReturnType<typeof accessReviewList.filtersOf>;
export type ReviewRow = Awaited<ReturnType<typeof accessReviewList.page>>["rows"][number];
