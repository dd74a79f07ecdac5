import Link from "next/link";
import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import { cn } from "@/components/ui/cn";

/**
 * A sortable column header for server-sorted tables: a link that sets ?sort=&dir= (toggling the
 * direction on the current column) and keeps the other filters; announces the sort via aria-sort.
 */
export function SortHeader({
  column,
  current,
  dir,
  basePath,
  params,
  numeric,
  children,
}: {
  column: string;
  current: string;
  dir: "asc" | "desc";
  basePath: string;
  params: Record<string, string | undefined>;
  numeric?: boolean;
  children: React.ReactNode;
}) {
  const active = current === column;
  const nextDir = active && dir === "asc" ? "desc" : "asc";
  const q = new URLSearchParams(Object.entries({ ...params, sort: column, dir: nextDir }).filter(([, v]) => v) as [string, string][]);
  const Icon = !active ? ArrowUpDown : dir === "asc" ? ArrowUp : ArrowDown;
  return (
    <th
      scope="col"
      aria-sort={active ? (dir === "asc" ? "ascending" : "descending") : undefined}
      className={cn("bg-slate-50 px-4 py-2 text-xs font-medium tracking-wide text-slate-500 uppercase", numeric ? "text-right" : "text-left")}
    >
      <Link href={`${basePath}?${q.toString()}`} className={cn("inline-flex items-center gap-1 hover:text-slate-800", active && "text-slate-800")}>
        {children}
        <Icon aria-hidden className={cn("size-3", !active && "opacity-40")} />
      </Link>
    </th>
  );
}
