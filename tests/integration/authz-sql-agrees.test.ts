import { eq, sql, type AnyColumn } from "drizzle-orm";
import { accountNodes } from "@/db/schema";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { USERS } from "@/lib/demo/data";
import { accessibleWhere } from "@/lib/authz/sql";
import { asSubject, fieldValueSql, subjectDefs } from "@/lib/authz/subjects";
import { ACTIONS, SUBJECTS } from "@/lib/authz/vocabulary";
import { resetDemoData } from "../support/db";
import { contextFor } from "../support/principals";

/**
 * The database filter and `ability.can` must agree on every row: for every demo user, every
 * subject and every action, the ids the SQL condition returns are exactly the rows CASL allows.
 */
let db: Db;
beforeAll(async () => {
  db = await resetDemoData();
});

async function allRows(subject: (typeof SUBJECTS)[number]) {
  const def = subjectDefs[subject];
  const columns = Object.fromEntries(Object.entries(def.fields).map(([name, f]) => [name, fieldValueSql(f)]));
  return db.select({ __id: sql<string>`${def.id}::text`, ...columns } as never).from(def.table) as unknown as Promise<Record<string, unknown>[]>;
}

describe.each(USERS.map((u) => u.email))("%s", (email) => {
  it("sees in SQL exactly what the ability allows, for every subject and action", async () => {
    const { ability } = await contextFor(db, email);
    let compared = 0;
    for (const subject of SUBJECTS) {
      const def = subjectDefs[subject];
      const rows = await allRows(subject);
      for (const action of ACTIONS) {
        const expected = rows
          .filter((r) => {
            const { __id, ...fields } = r;
            void __id;
            return ability.can(action, asSubject(subject, fields));
          })
          .map((r) => String(r.__id))
          .sort();
        const actual = (
          (await db
            .select({ id: sql<string>`${def.id}::text` })
            .from(def.table)
            .where(accessibleWhere(ability, action, subject))) as { id: string }[]
        )
          .map((r) => r.id)
          .sort();
        expect(actual, `${email} ${action} ${subject}`).toEqual(expected);
        compared += rows.length;
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  it("gives the same rows when the query has joined the node (a list's scope join) as when it looks the node up", async () => {
    const { ability } = await contextFor(db, email);
    for (const subject of SUBJECTS) {
      const def = subjectDefs[subject];
      const path = (def.fields as Record<string, unknown>).path;
      if (!path || typeof path !== "object" || !("nodeRef" in path)) continue;
      const node = (path as { nodeRef: AnyColumn }).nodeRef;
      for (const action of ACTIONS) {
        const ids = async (joined: boolean) =>
          (
            (await db
              .select({ id: sql<string>`${def.id}::text` })
              .from(def.table)
              .innerJoin(accountNodes, eq(accountNodes.id, node))
              .where(accessibleWhere(ability, action, subject, joined ? { node, path: accountNodes.path } : undefined))) as { id: string }[]
          )
            .map((r) => r.id)
            .sort();
        expect(await ids(true), `${email} ${action} ${subject}`).toEqual(await ids(false));
      }
    }
  });
});
