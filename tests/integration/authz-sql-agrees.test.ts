import { sql } from "drizzle-orm";
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
});
