import Link from "next/link";
import { cn } from "@/components/ui/cn";
import type { ListViewState } from "@/lib/list/define";
import { pageWindow } from "@/lib/list/href";

const item = "rounded-md px-3 py-1 ring-1 ring-slate-300 hover:bg-slate-50";

/** The pager under a list: where we are, previous/next, and the first, last and nearby pages. */
export function Pagination({ view, locale }: { view: ListViewState; locale: string }) {
  const { page, pages, pageSize, total } = view;
  if (total === 0) return null;
  const from = Math.min(total, (page - 1) * pageSize + 1);
  const to = Math.min(total, page * pageSize);
  const n = (v: number) => v.toLocaleString(locale);
  return (
    <nav aria-label="Pagination" className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-100 px-5 py-3 text-sm text-slate-600">
      <p>
        {n(from)}–{n(to)} of {n(total)}
      </p>
      {pages > 1 ? (
        <ul className="flex flex-wrap items-center gap-1.5">
          {page > 1 ? (
            <li>
              <Link href={view.href({ page: Math.min(page - 1, pages) })} className={item} rel="prev">
                Previous
              </Link>
            </li>
          ) : null}
          {pageWindow(Math.min(page, pages), pages).map((p, i) =>
            p === "gap" ? (
              <li key={`gap-${i}`} aria-hidden className="px-1 text-slate-400">
                …
              </li>
            ) : (
              <li key={p}>
                <Link
                  href={view.href({ page: p })}
                  aria-current={p === page ? "page" : undefined}
                  aria-label={`Page ${p}`}
                  className={cn(item, "tabular-nums", p === page && "bg-brand-600 text-white ring-brand-600 hover:bg-brand-700")}
                >
                  {n(p)}
                </Link>
              </li>
            ),
          )}
          {page < pages ? (
            <li>
              <Link href={view.href({ page: page + 1 })} className={item} rel="next">
                Next
              </Link>
            </li>
          ) : null}
        </ul>
      ) : null}
    </nav>
  );
}
