import { Download } from "lucide-react";
import Link from "next/link";
import { cn } from "./cn";

const variants = {
  primary: "bg-brand-600 text-white hover:bg-brand-700 shadow-sm disabled:bg-brand-500/60",
  secondary: "bg-white text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 shadow-sm disabled:opacity-60 disabled:hover:bg-white",
  danger: "bg-rose-600 text-white hover:bg-rose-700 shadow-sm",
  ghost: "text-slate-600 hover:bg-slate-100",
} as const;

type Variant = keyof typeof variants;
const base = "inline-flex items-center justify-center gap-1.5 rounded-md px-3 py-1.5 text-sm font-medium transition-colors disabled:cursor-not-allowed";

export function Button({ variant = "primary", className, ...rest }: React.ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant }) {
  return <button className={cn(base, variants[variant], className)} {...rest} />;
}

export function ButtonLink({ variant = "secondary", className, ...rest }: React.ComponentProps<typeof Link> & { variant?: Variant }) {
  return <Link className={cn(base, variants[variant], className)} {...rest} />;
}

/** A file download (a route handler, not a page): a plain anchor styled as a button. */
export function DownloadLink({ variant = "secondary", className, children, ...rest }: React.AnchorHTMLAttributes<HTMLAnchorElement> & { variant?: Variant }) {
  return (
    <a download className={cn(base, variants[variant], className)} {...rest}>
      <Download aria-hidden className="size-4" />
      {children}
    </a>
  );
}
