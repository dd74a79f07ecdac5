import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import type { ListViewState } from "@/lib/list/define";

const link = "text-sm font-medium text-brand-700 hover:text-brand-800";

/**
 * What a list shows without rows, in the one order that holds for every list: a page past the
 * end (back to the first), filters that match nothing (why, and clear them), or a list that is
 * really empty (the page says what will appear and may offer a first action).
 */
export function ListEmpty({ view, noun, empty }: { view: ListViewState; noun: string; empty: { title: string; description?: string; action?: React.ReactNode } }) {
  if (view.pastEnd) {
    return (
      <EmptyState
        title={`No ${noun} on this page`}
        description="This page is past the end of the list."
        action={
          <Link href={view.href({ page: 1 })} className={link}>
            Back to the first page
          </Link>
        }
      />
    );
  }
  if (view.filtered) {
    return (
      <EmptyState
        title={`No ${noun} match`}
        description={view.notices[0] ?? "Try a different search or clear the filters."}
        action={
          <Link href={view.path} className={link}>
            Clear filters
          </Link>
        }
      />
    );
  }
  return <EmptyState {...empty} />;
}

/** The count above a list ("1 user", "1,204 users match your filters"), announced when it changes. */
export function ListSummary({ view, one, many, locale }: { view: ListViewState; one: string; many: string; locale: string }) {
  return (
    <p className="px-5 pt-3 text-xs text-slate-600" aria-live="polite">
      {view.total === 1 ? `1 ${one}` : `${view.total.toLocaleString(locale)} ${many}`}
      {view.filtered ? " match your filters" : ""}
    </p>
  );
}
