import { rulesToAST } from "@casl/ability/extra";
import { sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { AppAbility } from "./ability";
import { likePrefix } from "./paths";
import { qualified, subjectDefs, type FieldDef } from "./subjects";
import type { Action, SubjectType } from "./vocabulary";

type Node = { operator: string; field?: string; value: unknown };

/**
 * A query that already inner-joins the node a subject hangs on (`node` is the subject's node
 * reference, `path` the joined node's path column): conditions on `path` then read that column
 * instead of a second look-up of the same node, which the planner cannot merge with the join.
 */
export type JoinedNode = { node: AnyColumn; path: AnyColumn };

/**
 * Turns the ability's rules for (action, subject) into one SQL condition, so every list is
 * filtered in the database. CASL flattens its rule priority (later `cannot` over earlier `can`) into
 * an and/or/not tree; we translate that tree node by node. Every leaf is two-valued (never NULL),
 * so NOT behaves as it does in memory. An unknown operator or field fails loudly, never open.
 */
export function accessibleWhere(ability: AppAbility, action: Action, subjectType: SubjectType, joined?: JoinedNode): SQL {
  const ast = rulesToAST(ability, action, subjectType) as Node | null;
  if (!ast) return sql`false`;
  return toSql(ast, subjectType, joined);
}

function toSql(node: Node, subjectType: SubjectType, joined: JoinedNode | undefined): SQL {
  switch (node.operator) {
    case "and":
    case "or": {
      const parts = (node.value as Node[]).map((child) => toSql(child, subjectType, joined));
      if (parts.length === 0) return node.operator === "and" ? sql`true` : sql`false`;
      return sql`(${sql.join(parts, node.operator === "and" ? sql` and ` : sql` or `)})`;
    }
    case "not": {
      const children = Array.isArray(node.value) ? (node.value as Node[]) : [node.value as Node];
      return sql`(not ${toSql({ operator: "and", value: children }, subjectType, joined)})`;
    }
    default:
      return leaf(node, subjectType, joined);
  }
}

function leaf(node: Node, subjectType: SubjectType, joined: JoinedNode | undefined): SQL {
  const def: FieldDef | undefined = node.field ? subjectDefs[subjectType].fields[node.field] : undefined;
  if (!def) throw new Error(`authz: field "${node.field}" of ${subjectType} has no SQL mapping`);

  if ("rolesOf" in def) {
    // Every role the person holds lies under the path: no assignment whose scope is elsewhere.
    if (node.operator !== "allUnder") throw new Error(`authz: operator "${node.operator}" has no SQL translation on ${node.field}`);
    return sql`(not exists (select 1 from role_assignments ra left join account_nodes n on n.id = ra.scope_node_id where ra.user_id = ${qualified(def.rolesOf)} and coalesce(n.path like ${likePrefix(String(node.value))}, false) = false))`;
  }
  if ("nodeRef" in def) {
    // Conditions on `path` become a semi-join on account_nodes' indexed path. EXISTS, not
    // `coalesce(x in (…), false)`: it is two-valued by itself, and the planner can join it (walk
    // the row's node index for a narrow scope, hash it for a wide one) instead of testing a hashed
    // subplan on every row of the table.
    // `path` is never null, so inside EXISTS the plain LIKE is two-valued too; left bare, the
    // planner estimates it and uses the path index (a coalesce around it hides both).
    if (joined && joined.node === def.nodeRef) {
      // The joined node's path is never null (an inner join on a not-null column), so this is two-valued.
      return node.operator === "under" ? sql`${joined.path} like ${likePrefix(String(node.value))}` : comparison(sql`${joined.path}`, node);
    }
    const pathCondition = node.operator === "under" ? sql`n.path like ${likePrefix(String(node.value))}` : comparison(sql`n.path`, node);
    // Qualified: a bare "enterprise_id" (ScimGroup, SupportAccess…) would name account_nodes' own column.
    return sql`exists (select 1 from account_nodes n where n.id = ${qualified(def.nodeRef)} and ${pathCondition})`;
  }
  return comparison(sql`${def}`, node);
}

function comparison(column: SQL, node: Node): SQL {
  const v = node.value;
  switch (node.operator) {
    case "eq":
      return sql`(${column} is not distinct from ${v})`;
    case "ne":
      return sql`(${column} is distinct from ${v})`;
    case "in":
      return list(column, v) ?? sql`false`;
    case "nin": {
      const inList = list(column, v);
      return inList ? sql`(not ${inList})` : sql`true`;
    }
    case "lt":
      return sql`coalesce(${column} < ${v}, false)`;
    case "lte":
      return sql`coalesce(${column} <= ${v}, false)`;
    case "gt":
      return sql`coalesce(${column} > ${v}, false)`;
    case "gte":
      return sql`coalesce(${column} >= ${v}, false)`;
    case "under":
      return sql`coalesce(${column} like ${likePrefix(String(v))}, false)`;
    default:
      throw new Error(`authz: operator "${node.operator}" has no SQL translation`);
  }
}

function list(column: SQL, value: unknown): SQL | null {
  const values = value as unknown[];
  if (values.length === 0) return null;
  const hasNull = values.some((x) => x === null || x === undefined);
  const present = values.filter((x) => x !== null && x !== undefined);
  const parts: SQL[] = [];
  if (present.length) parts.push(sql`coalesce(${column} in (${sql.join(present.map((x) => sql`${x}`), sql`, `)}), false)`);
  if (hasNull) parts.push(sql`(${column} is null)`);
  return sql`(${sql.join(parts, sql` or `)})`;
}
