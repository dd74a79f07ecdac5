import { buildMongoQueryMatcher } from "@casl/ability";
import { isUnder } from "./paths";

/**
 * One operator of our own, `$under`: the field (a materialized path) lies in the subtree whose root
 * has the given path. CASL evaluates it in memory; lib/authz/sql.ts turns the same AST into
 * `path LIKE '<prefix>%'`, so the two can never mean different things.
 */
const $under = {
  type: "field",
  validate(_instruction: unknown, value: unknown) {
    if (typeof value !== "string" || !value.startsWith("/") || !value.endsWith("/")) {
      throw new TypeError(`$under expects a materialized path, got ${JSON.stringify(value)}`);
    }
  },
};

/**
 * `$allUnder`: the field is a list of materialized paths (the scopes of every role a person holds)
 * and every one of them lies in the subtree. A missing list fails closed: a subject built without
 * it never passes. An empty list passes (someone with no roles). SQL: lib/authz/sql.ts.
 */
const $allUnder = { ...$under };

const allUnder = (node: { field: string; value: string }, object: unknown, { get }: { get: (o: unknown, f: string) => unknown }) => {
  const paths = get(object, node.field);
  return Array.isArray(paths) && paths.every((p) => isUnder(p as string | null, node.value));
};

const under = (node: { field: string; value: string }, object: unknown, { get }: { get: (o: unknown, f: string) => unknown }) =>
  isUnder(get(object, node.field) as string | null, node.value);

// The ucast typings do not describe custom instructions precisely; the shapes above are what it calls.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const conditionsMatcher = buildMongoQueryMatcher({ $under, $allUnder } as any, { under, allUnder } as any);

export const under$ = (path: string) => ({ $under: path });
export const allUnder$ = (path: string) => ({ $allUnder: path });
