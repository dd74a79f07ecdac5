import Link from "next/link";

export type Crumb = { label: string; href?: string };

/** The trail above a page title; the last crumb without a link is the current page. */
export function Breadcrumbs({ items }: { items: Crumb[] }) {
  return (
    <ol className="flex flex-wrap items-center gap-1">
      {items.map((c, i) => (
        <li key={`${i}-${c.label}`} className="flex items-center gap-1">
          {i > 0 ? <span aria-hidden>/</span> : null}
          {c.href ? (
            <Link href={c.href} className="hover:text-slate-700">
              {c.label}
            </Link>
          ) : (
            <span aria-current="page" className="text-slate-700">
              {c.label}
            </span>
          )}
        </li>
      ))}
    </ol>
  );
}
