import Link from "next/link";
import { Button } from "@/components/ui/button";
import type { ListViewState } from "@/lib/list/define";

/**
 * A list's search and filters as a plain GET form: the URL holds the whole state (shareable,
 * back-button friendly) and it works before any JavaScript has loaded. Applying starts again at
 * page 1 (the form sends no page) and keeps the sort (hidden fields, unless the form has its own
 * sort control). Clear goes back to the bare list.
 */
export function ListFilterBar({ view, label, children, sortInForm = false }: { view: ListViewState; label: string; children: React.ReactNode; sortInForm?: boolean }) {
  const keepSort = !sortInForm && view.sort !== view.defaultSort;
  const keepDir = !sortInForm && view.dir !== view.firstDir(view.sort);
  return (
    <form method="get" action={view.path} role="search" aria-label={label} className="flex flex-wrap items-end gap-3 border-b border-slate-100 px-5 py-4">
      {children}
      {keepSort ? <input type="hidden" name="sort" value={view.sort} /> : null}
      {keepDir ? <input type="hidden" name="dir" value={view.dir} /> : null}
      <div className="flex items-center gap-2">
        <Button type="submit" variant="secondary">
          Apply
        </Button>
        {view.filtered ? (
          <Link href={view.path} className="rounded-md px-2 py-1.5 text-sm text-slate-600 hover:text-slate-900">
            Clear
          </Link>
        ) : null}
      </div>
    </form>
  );
}
