import { cn } from "./cn";
import { ScrollX } from "./scroll-x";

/** A dense data table; amounts go in cells with `numeric` so they right-align. */
export function Table({ children, caption }: { children: React.ReactNode; caption?: string }) {
  return (
    <ScrollX label={caption}>
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        {caption ? <caption className="sr-only">{caption}</caption> : null}
        {children}
      </table>
    </ScrollX>
  );
}

export function Th({ children, numeric, className }: { children?: React.ReactNode; numeric?: boolean; className?: string }) {
  return (
    <th scope="col" className={cn("bg-slate-50 px-4 py-2 text-xs font-medium uppercase tracking-wide text-slate-500", numeric ? "text-right" : "text-left", className)}>
      {children}
    </th>
  );
}

export function Td({ children, numeric, className, colSpan }: { children?: React.ReactNode; numeric?: boolean; className?: string; colSpan?: number }) {
  return (
    <td colSpan={colSpan} className={cn("px-4 py-2.5 text-slate-700", numeric && "text-right tabular-nums", className)}>
      {children}
    </td>
  );
}
