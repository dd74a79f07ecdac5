import { ilike, or, type SQL } from "drizzle-orm";
import type { AnyColumn } from "drizzle-orm";

/**
 * The one LIKE helper: a "contains" pattern in which the user's `%`, `_` and `\` are literal
 * (PostgreSQL's default LIKE escape is the backslash), so "50%" or "a_b" match only themselves.
 */
export function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Case-insensitive "contains" over several columns or expressions: a match in any of them. */
export function matchesAny(term: string, columns: (AnyColumn | SQL)[]): SQL {
  const pattern = containsPattern(term);
  return or(...columns.map((c) => ilike(c, pattern)))!;
}
