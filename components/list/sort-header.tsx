import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import Link from "next/link";
import { cn } from "@/components/ui/cn";
import type { ListViewState } from "@/lib/list/define";

/**
 * A column header that sorts the server-side list: a link to the same list sorted by its key
 * (choosing the active key again flips the direction; a new key starts in its own first
 * direction), announced with aria-sort. One header may offer several keys (name / email).
 */
export function SortHeader({ view, keys, numeric, className }: { view: ListViewState; keys: { key: string; label: string }[]; numeric?: boolean; className?: string }) {
  const activeHere = keys.some((k) => k.key === view.sort);
  return (
    <th
      scope="col"
      aria-sort={activeHere ? (view.dir === "asc" ? "ascending" : "descending") : "none"}
      className={cn("bg-slate-50 px-4 py-2 text-xs font-medium tracking-wide text-slate-600 uppercase", numeric ? "text-right" : "text-left", className)}
    >
      <span className={cn("inline-flex items-center gap-2", numeric && "justify-end")}>
        {keys.map((k, i) => {
          const active = k.key === view.sort;
          const next = active ? (view.dir === "asc" ? "desc" : "asc") : view.firstDir(k.key);
          const Icon = !active ? ArrowUpDown : view.dir === "asc" ? ArrowUp : ArrowDown;
          return (
            <span key={k.key} className="inline-flex items-center gap-2">
              {i > 0 ? (
                <span aria-hidden className="text-slate-300">
                  /
                </span>
              ) : null}
              <Link href={view.href({ sort: k.key, dir: next })} className={cn("inline-flex items-center gap-1 uppercase hover:text-slate-900", active && "text-slate-900")}>
                {k.label}
                <Icon aria-hidden className={cn("size-3.5", !active && "opacity-40")} />
                {active ? <span className="sr-only">{` (sorted ${view.dir === "asc" ? "ascending" : "descending"})`}</span> : null}
              </Link>
            </span>
          );
        })}
      </span>
    </th>
  );
}
