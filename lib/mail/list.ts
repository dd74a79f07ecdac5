import "server-only";
import { count, desc } from "drizzle-orm";
import { outboxMessages } from "@/db/schema";
import { defineList, direction } from "@/lib/list/define";
import { searchParam } from "@/lib/list/params";
import { matchesAny } from "@/lib/list/search";

/** The development outbox: mail to people inside the reader's scope (lib/authz decides), newest first. */
export const outboxList = defineList({
  path: "/outbox",
  subject: "OutboxMessage",
  filters: { q: searchParam },
  sorts: {
    written: { by: (d) => [direction(d)(outboxMessages.createdAt)], first: "desc" },
    to: { by: (d) => [direction(d)(outboxMessages.to), desc(outboxMessages.createdAt)] },
  },
  defaultSort: "written",
  tiebreak: (d) => [direction(d)(outboxMessages.id)],
  pageSize: 25,
  where: (f) => [f.q ? matchesAny(f.q, [outboxMessages.to, outboxMessages.subject]) : undefined],
  rows: (db, q) =>
    db
      .select({ id: outboxMessages.id, to: outboxMessages.to, subject: outboxMessages.subject, createdAt: outboxMessages.createdAt })
      .from(outboxMessages)
      .where(q.where)
      .orderBy(...q.orderBy)
      .limit(q.limit)
      .offset(q.offset),
  count: async (db, where) => (await db.select({ n: count() }).from(outboxMessages).where(where))[0]?.n ?? 0,
});
