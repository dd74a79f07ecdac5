import "server-only";
import { asc, count, eq, inArray, sql } from "drizzle-orm";
import { accountNodes, scimGroupRoles, scimGroups } from "@/db/schema";
import { defineList, direction } from "@/lib/list/define";
import { searchParam } from "@/lib/list/params";
import { matchesAny } from "@/lib/list/search";

/**
 * The groups the identity provider pushed (/provisioning), with how many members each has and the
 * roles their membership grants. Scoped by the ability on ScimGroup (admins of the whole enterprise).
 */
export const scimGroupsList = defineList({
  path: "/provisioning",
  subject: "ScimGroup",
  filters: { q: searchParam },
  sorts: {
    name: { by: (d) => [direction(d)(sql`lower(${scimGroups.displayName})`)] },
    members: { by: (d) => [direction(d)(sql`(select count(*) from scim_group_members m where m.group_id = ${scimGroups.id})`)], first: "desc" },
  },
  defaultSort: "name",
  tiebreak: () => [asc(scimGroups.id)],
  pageSize: 25,
  where: (f) => [f.q ? matchesAny(f.q, [scimGroups.displayName, scimGroups.externalId]) : undefined],
  rows: (db, q) =>
    db
      .select({
        id: scimGroups.id,
        displayName: scimGroups.displayName,
        externalId: scimGroups.externalId,
        updatedAt: scimGroups.updatedAt,
        members: sql<number>`(select count(*)::int from scim_group_members m where m.group_id = ${scimGroups.id})`,
      })
      .from(scimGroups)
      .where(q.where)
      .orderBy(...q.orderBy)
      .limit(q.limit)
      .offset(q.offset),
  count: async (db, where) => (await db.select({ n: count() }).from(scimGroups).where(where))[0]?.n ?? 0,
  hydrate: async (rows, run) => {
    const ids = rows.map((r) => r.id);
    const mappings = ids.length
      ? await run.db
          .select({ id: scimGroupRoles.id, groupId: scimGroupRoles.groupId, role: scimGroupRoles.role, nodeName: accountNodes.name })
          .from(scimGroupRoles)
          .innerJoin(accountNodes, eq(accountNodes.id, scimGroupRoles.scopeNodeId))
          .where(inArray(scimGroupRoles.groupId, ids))
          .orderBy(asc(scimGroupRoles.createdAt), asc(scimGroupRoles.id))
      : [];
    return rows.map((r) => ({ ...r, mappings: mappings.filter((m) => m.groupId === r.id) }));
  },
});

export type ScimGroupRow = Awaited<ReturnType<typeof scimGroupsList.page>>["rows"][number];
