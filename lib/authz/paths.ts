/**
 * Materialized paths: "/<root id>/<child id>/…/<node id>/". A node is under X (X included) when its
 * path starts with X's path. Pure helpers, shared by the ability, the SQL filter and the seed.
 */
export function childPath(parentPath: string | null, id: string): string {
  return `${parentPath ?? "/"}${id}/`;
}

export function isUnder(path: string | null | undefined, scopePath: string): boolean {
  return typeof path === "string" && path.startsWith(scopePath);
}

/** The paths of a node and each of its ancestors, root first. */
export function selfAndAncestorPaths(path: string): string[] {
  const ids = path.split("/").filter(Boolean);
  return ids.map((_, i) => `/${ids.slice(0, i + 1).join("/")}/`);
}

export function idsOnPath(path: string): string[] {
  return path.split("/").filter(Boolean);
}

/** Escapes LIKE's wildcards so a path is matched literally as a prefix. */
export function likePrefix(path: string): string {
  return `${path.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
