import Link from "next/link";

/** Previous/next for the outbox list (page in the URL). */
export function OutboxPager({ page, pageSize, total }: { page: number; pageSize: number; total: number }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  const link = "rounded-md px-3 py-1 text-sm ring-1 ring-slate-300 hover:bg-slate-50";
  return (
    <nav aria-label="Pagination" className="flex items-center justify-between border-t border-slate-100 px-5 py-3 text-sm text-slate-600">
      <p>
        {from}–{to} of {total.toLocaleString("en-GB")}
      </p>
      <div className="flex gap-2">
        {page > 1 ? (
          <Link href={`/outbox?page=${page - 1}`} className={link}>
            Previous
          </Link>
        ) : null}
        {page < pages ? (
          <Link href={`/outbox?page=${page + 1}`} className={link}>
            Next
          </Link>
        ) : null}
      </div>
    </nav>
  );
}
