import { Building2, CreditCard, FolderTree, Landmark } from "lucide-react";
import Link from "next/link";
import type { TreeNode } from "@/lib/accounts/tree";
import { NODE_KIND_LABELS } from "@/lib/format";

type Node = TreeNode<{ id: string; parentId: string | null; path: string; name: string; kind: string; code: string | null; currency: string | null }>;

const icons = { enterprise: Building2, legal_entity: Landmark, billing_account: CreditCard, sub_account: FolderTree } as const;

/** The hierarchy as an accessible nested tree of links. */
export function AccountTree({ nodes }: { nodes: Node[] }) {
  return (
    <ul role="tree" aria-label="Account hierarchy" className="py-2">
      {nodes.map((n) => (
        <TreeItem key={n.id} node={n} level={1} />
      ))}
    </ul>
  );
}

function TreeItem({ node, level }: { node: Node; level: number }) {
  const Icon = icons[node.kind as keyof typeof icons] ?? FolderTree;
  return (
    <li role="treeitem" aria-level={level} aria-expanded={node.children.length ? true : undefined} aria-selected={false}>
      <div className="flex items-center gap-3 py-1.5 pr-5 hover:bg-slate-50" style={{ paddingLeft: `${1.25 + (level - 1) * 1.5}rem` }}>
        <Icon aria-hidden className="size-4 shrink-0 text-slate-400" />
        <Link href={`/accounts/${node.id}`} className="text-sm font-medium text-slate-800 hover:text-brand-700">
          {node.name}
        </Link>
        <span className="text-xs text-slate-500">{NODE_KIND_LABELS[node.kind]}</span>
        {node.code ? <span className="font-mono text-xs text-slate-500">{node.code}</span> : null}
        {node.currency ? <span className="ml-auto text-xs font-medium text-slate-500">{node.currency}</span> : null}
      </div>
      {node.children.length ? (
        <ul role="group">
          {node.children.map((c) => (
            <TreeItem key={c.id} node={c} level={level + 1} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}
