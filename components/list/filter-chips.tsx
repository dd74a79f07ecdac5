import Link from "next/link";
import type { ListViewState } from "@/lib/list/define";

export type FilterChip = { key: string; label: string };

/**
 * Filters that have no control of their own (a drill-down from another page): each shows as a chip
 * that says what the list is narrowed to, is kept when the other filters change (a hidden field in
 * the filter form), and can be removed.
 */
export function FilterChips({ view, chips }: { view: ListViewState; chips: (FilterChip | null | false | undefined)[] }) {
  const shown = chips.filter((c): c is FilterChip => Boolean(c));
  if (shown.length === 0) return null;
  return (
    <ul aria-label="Also narrowed to" className="flex w-full flex-wrap gap-2">
      {shown.map((c) => (
        <li key={c.key} className="flex items-center gap-1 rounded-full bg-brand-50 py-0.5 pl-3 pr-1 text-xs font-medium text-brand-700 ring-1 ring-brand-100">
          <input type="hidden" name={c.key} value={view.filterValues[c.key] ?? ""} />
          {c.label}
          <Link href={view.href({ filters: { [c.key]: undefined } })} aria-label={`Remove filter: ${c.label}`} className="rounded-full px-1.5 text-brand-700 hover:bg-brand-100">
            ×
          </Link>
        </li>
      ))}
    </ul>
  );
}
