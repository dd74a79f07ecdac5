import "server-only";
import { and, asc, eq, like, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { accountNodes, sites } from "@/db/schema";
import type { AppAbility } from "@/lib/authz/ability";
import { authorizeById } from "@/lib/authz/guard";
import { likePrefix } from "@/lib/authz/paths";
import { accessibleWhere } from "@/lib/authz/sql";
import { asSubject } from "@/lib/authz/subjects";
import { buildForest } from "./tree";


/** The account nodes the ability may read, ordered by path (the tree's pre-order). */
export async function listReadableNodes(db: Executor, ability: AppAbility) {
  return db
    .select({ id: accountNodes.id, parentId: accountNodes.parentId, name: accountNodes.name, kind: accountNodes.kind, path: accountNodes.path, code: accountNodes.code, currency: accountNodes.currency })
    .from(accountNodes)
    .where(accessibleWhere(ability, "read", "AccountNode"))
    .orderBy(asc(accountNodes.path));
}

/** The readable nodes as a forest: roots are the readable nodes whose parent is not readable. */
export async function readableTree(db: Executor, ability: AppAbility) {
  return buildForest(await listReadableNodes(db, ability));
}

/** A node with its readable children and sites, and its ancestors the ability may read. 404 otherwise. */
export async function getNodeDetail(db: Executor, ability: AppAbility, id: string) {
  await authorizeById(db, ability, "read", "AccountNode", id);
  const [node] = await db.select().from(accountNodes).where(eq(accountNodes.id, id));
  const [children, nodeSites, ancestors, counts, currencies] = await Promise.all([
    db
      .select()
      .from(accountNodes)
      .where(and(eq(accountNodes.parentId, id), accessibleWhere(ability, "read", "AccountNode")))
      .orderBy(asc(accountNodes.name)),
    db
      .select({ site: sites, subAccountName: accountNodes.name })
      .from(sites)
      .innerJoin(accountNodes, eq(accountNodes.id, sites.subAccountId))
      .where(and(like(accountNodes.path, likePrefix(node!.path)), accessibleWhere(ability, "read", "Site")))
      .orderBy(asc(sites.name)),
    db
      .select({ id: accountNodes.id, name: accountNodes.name, path: accountNodes.path })
      .from(accountNodes)
      .where(and(sql`${node!.path} like ${accountNodes.path} || '%'`, sql`${accountNodes.id} <> ${id}`, accessibleWhere(ability, "read", "AccountNode")))
      .orderBy(asc(sql`length(${accountNodes.path})`)),
    db
      .select({ descendants: sql<number>`count(*)::int - 1` })
      .from(accountNodes)
      .where(and(like(accountNodes.path, likePrefix(node!.path)), accessibleWhere(ability, "read", "AccountNode"))),
    // The currencies of the billing accounts at or below: those an approval policy here can be in.
    db
      .selectDistinct({ currency: accountNodes.currency })
      .from(accountNodes)
      .where(and(eq(accountNodes.kind, "billing_account"), like(accountNodes.path, likePrefix(node!.path)), sql`${accountNodes.currency} is not null`)),
  ]);
  return {
    node: node!,
    children,
    sites: nodeSites,
    ancestors,
    descendantCount: counts[0]?.descendants ?? 0,
    currencies: currencies.map((c) => c.currency!).sort(),
  };
}


export type PickerNode = { id: string; name: string; kind: string; depth: number; enterpriseId: string };

/**
 * Nodes on which the ability may grant some customer role, in tree order with their depth, for
 * node pickers: an admin is offered only nodes inside its own scope.
 */
export async function grantableNodes(db: Executor, ability: AppAbility): Promise<PickerNode[]> {
  const rows = await db
    .select({ id: accountNodes.id, name: accountNodes.name, kind: accountNodes.kind, path: accountNodes.path, enterpriseId: accountNodes.enterpriseId, parentId: accountNodes.parentId })
    .from(accountNodes)
    .where(accessibleWhere(ability, "read", "AccountNode"))
    .orderBy(asc(accountNodes.path));
  const allowed = rows.filter((n) =>
    // Could some role be granted here to a person of this node with no other roles?
    ability.can("grant", asSubject("RoleAssignment", { path: n.path, role: "orderer", userId: null, enterpriseId: n.enterpriseId, holderPath: n.path, holderRolePaths: [] })),
  );
  const forest = buildForest(allowed);
  const out: PickerNode[] = [];
  const walk = (nodes: typeof forest, depth: number) => {
    for (const n of nodes) {
      out.push({ id: n.id, name: n.name, kind: n.kind, depth, enterpriseId: n.enterpriseId });
      walk(n.children, depth + 1);
    }
  };
  walk(forest, 0);
  return out;
}
