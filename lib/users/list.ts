import "server-only";
import { assignmentInForce } from "./in-force";
import { and, asc, count, eq, exists, inArray, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { accountNodes, roleAssignments, userStatus, users } from "@/db/schema";
import type { AppAbility } from "@/lib/authz/ability";
import { likePrefix } from "@/lib/authz/paths";
import { accessibleWhere } from "@/lib/authz/sql";
import { ROLES, type Role } from "@/lib/authz/vocabulary";
import { defineList, direction } from "@/lib/list/define";
import { enumParam, idParam, searchParam } from "@/lib/list/params";
import { matchesAny } from "@/lib/list/search";

/** Assignments in force now: expired ones stop counting by themselves. */
export const inForce = () => assignmentInForce();

const unit = alias(accountNodes, "unit");
const byName = (dir: "asc" | "desc") => direction(dir)(sql`lower(${users.name})`);

/**
 * The people list (/users and its CSV export). Users the ability may read, searched, filtered,
 * sorted and paginated in SQL (an enterprise can have 20,000 users; no row is loaded that is not
 * shown). The role filter and the role badges only consider assignments the ability may read, so
 * nothing outside the viewer's scope shows through.
 */
export const usersList = defineList({
  path: "/users",
  subject: "User",
  // The people pages are for those who may read role assignments (admins, account managers).
  canRead: (ability: AppAbility) => ability.can("read", "RoleAssignment"),
  filters: {
    q: searchParam,
    role: enumParam(ROLES),
    status: enumParam(userStatus.enumValues),
    node: idParam,
  },
  sorts: {
    name: { by: (d) => [byName(d), direction(d)(users.email)] },
    email: { by: (d) => [direction(d)(users.email)] },
    lastSignIn: { by: (d) => [sql`${users.lastSignInAt} ${d === "desc" ? sql`desc` : sql`asc`} nulls last`, byName("asc")], first: "desc" },
    status: { by: (d) => [direction(d)(users.status), byName("asc")] },
  },
  defaultSort: "name",
  tiebreak: () => [asc(users.id)],
  pageSize: 25,
  where: async (f, { db, ability, notice }) => {
    const where = [];
    if (f.q) where.push(matchesAny(f.q, [users.name, users.email]));
    if (f.status) where.push(eq(users.status, f.status));
    if (f.role) {
      where.push(
        exists(
          db
            .select({ one: sql`1` })
            .from(roleAssignments)
            .where(and(eq(roleAssignments.userId, users.id), eq(roleAssignments.role, f.role), inForce(), accessibleWhere(ability, "read", "RoleAssignment"))),
        ),
      );
    }
    if (f.node) {
      const [node] = await db
        .select({ path: accountNodes.path })
        .from(accountNodes)
        .where(and(eq(accountNodes.id, f.node), accessibleWhere(ability, "read", "AccountNode")));
      if (node) {
        // A plain semi-join on the indexed unit column and the indexed path prefix.
        where.push(inArray(users.unitNodeId, db.select({ id: accountNodes.id }).from(accountNodes).where(sql`${accountNodes.path} like ${likePrefix(node.path)}`)));
      } else {
        notice("That unit is not in your scope.");
        where.push(sql`false`);
      }
    }
    return where;
  },
  rows: (db, q) =>
    db
      .select({ id: users.id, name: users.name, email: users.email, status: users.status, lastSignInAt: users.lastSignInAt, unitName: unit.name })
      .from(users)
      .leftJoin(unit, eq(unit.id, users.unitNodeId))
      .where(q.where)
      .orderBy(...q.orderBy)
      .limit(q.limit)
      .offset(q.offset),
  count: async (db, where) => (await db.select({ n: count() }).from(users).where(where))[0]?.n ?? 0,
  hydrate: async (rows, { db, ability }) => {
    const roles = rows.length
      ? await db
          .select({ userId: roleAssignments.userId, role: roleAssignments.role, scopeName: accountNodes.name })
          .from(roleAssignments)
          .leftJoin(accountNodes, eq(accountNodes.id, roleAssignments.scopeNodeId))
          .where(
            and(
              inArray(
                roleAssignments.userId,
                rows.map((r) => r.id),
              ),
              inForce(),
              accessibleWhere(ability, "read", "RoleAssignment"),
            ),
          )
          .orderBy(asc(roleAssignments.grantedAt), asc(roleAssignments.id))
      : [];
    const byUser = new Map<string, { role: Role; scopeName: string | null }[]>();
    for (const r of roles) byUser.set(r.userId, [...(byUser.get(r.userId) ?? []), { role: r.role as Role, scopeName: r.scopeName }]);
    return rows.map((r) => ({ ...r, roles: byUser.get(r.id) ?? [] }));
  },
  // Exports run in e-mail order, the key the import matches people by.
  keyset: {
    dir: "asc",
    keys: [
      { expr: users.email, value: (r) => sql`${r.email}` },
      { expr: users.id, value: (r) => sql`${r.id}::uuid` },
    ],
  },
});

export type UserListParams = ReturnType<typeof usersList.parse>;
export type UserListRow = Awaited<ReturnType<typeof usersList.page>>["rows"][number];
