/** Pure: turns path-ordered nodes into a forest. A node whose parent is absent becomes a root. */
export type FlatNode = { id: string; parentId: string | null; path: string; name: string };
export type TreeNode<T extends FlatNode> = T & { children: TreeNode<T>[] };

export function buildForest<T extends FlatNode>(nodes: T[]): TreeNode<T>[] {
  const byId = new Map<string, TreeNode<T>>();
  const roots: TreeNode<T>[] = [];
  for (const n of [...nodes].sort((a, b) => a.path.length - b.path.length || a.path.localeCompare(b.path))) {
    const node: TreeNode<T> = { ...n, children: [] };
    byId.set(n.id, node);
    const parent = n.parentId ? byId.get(n.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const byName = (a: TreeNode<T>, b: TreeNode<T>) => a.name.localeCompare(b.name);
  for (const node of byId.values()) node.children.sort(byName);
  return roots.sort(byName);
}
