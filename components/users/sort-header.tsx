import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import Link from "next/link";
import { cn } from "@/components/ui/cn";

type SortOption = { label: string; column: string };

/**
 * A column header that sorts the server-side list: links to the same URL with `sort` and `dir`
 * (choosing the active column again flips the direction), announced with aria-sort. A header may
 * offer several sort keys (e.g. name and email in one column).
 */
export function SortHeader({
  options,
  sort,
  dir,
  hrefFor,
  className,
}: {
  options: SortOption[];
  sort: string;
  dir: "asc" | "desc";
  hrefFor: (column: string, dir: "asc" | "desc") => string;
  className?: string;
}) {
  const activeHere = options.some((o) => o.column === sort);
  return (
    <th
      scope="col"
      aria-sort={activeHere ? (dir === "asc" ? "ascending" : "descending") : "none"}
      className={cn("relative bg-slate-50 px-4 py-2 text-left text-xs font-medium uppercase tracking-wide text-slate-500", className)}
    >
      <span className="inline-flex items-center gap-2">
        {options.map((o, i) => {
          const active = o.column === sort;
          const next = active && dir === "asc" ? "desc" : "asc";
          const Icon = !active ? ArrowUpDown : dir === "asc" ? ArrowUp : ArrowDown;
          return (
            <span key={o.column} className="inline-flex items-center gap-2">
              {i > 0 ? <span aria-hidden className="text-slate-300">/</span> : null}
              <Link href={hrefFor(o.column, next)} className={cn("inline-flex items-center gap-1 uppercase hover:text-slate-800", active && "text-slate-800")}>
                {o.label}
                <Icon aria-hidden className={cn("size-3.5", !active && "opacity-40")} />
                <span className="sr-only">{active ? ` (sorted ${dir === "asc" ? "ascending" : "descending"})` : ""}</span>
              </Link>
            </span>
          );
        })}
      </span>
    </th>
  );
}
