import { Card } from "@/components/ui/card";
import { Table } from "@/components/ui/table";
import type { ListViewState } from "@/lib/list/define";
import { ListFilterBar } from "./filter-bar";
import { ListEmpty, ListSummary } from "./list-empty";
import { Pagination } from "./pagination";

/**
 * The frame every list page shares: filter bar, count, the table (or the right empty state) and
 * the pager. The page gives its filters, its header cells and its rows.
 */
export function ListCard({
  view,
  locale,
  label,
  filters,
  sortInForm,
  one,
  many,
  empty,
  caption,
  head,
  aside,
  children,
}: {
  view: ListViewState;
  locale: string;
  /** The filter form's accessible name ("Filter users"). */
  label: string;
  filters: React.ReactNode;
  sortInForm?: boolean;
  one: string;
  many: string;
  empty: { title: string; description?: string; action?: React.ReactNode };
  caption: string;
  /** The header cells (Th or SortHeader). */
  head: React.ReactNode;
  /** Beside the count: an export link, say. */
  aside?: React.ReactNode;
  /** The rows. */
  children: React.ReactNode;
}) {
  const hasRows = view.total > 0 && !view.pastEnd;
  return (
    <Card>
      <ListFilterBar view={view} label={label} sortInForm={sortInForm}>
        {filters}
      </ListFilterBar>
      <div className="flex flex-wrap items-baseline justify-between gap-2 pr-5">
        <ListSummary view={view} one={one} many={many} locale={locale} />
        {aside}
      </div>
      {hasRows ? (
        <>
          <Table caption={caption}>
            <thead>
              <tr>{head}</tr>
            </thead>
            <tbody className="divide-y divide-slate-100">{children}</tbody>
          </Table>
          <Pagination view={view} locale={locale} />
        </>
      ) : (
        <ListEmpty view={view} noun={many} empty={empty} />
      )}
    </Card>
  );
}
