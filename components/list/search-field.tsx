import { Search } from "lucide-react";
import { controlClass, labelClass } from "./control";

/** The list's free-text search (`q`), labelled for screen readers and sighted users alike. */
export function SearchField({ value, label, placeholder, name = "q" }: { value: string | undefined; label: string; placeholder?: string; name?: string }) {
  const id = `list-${name}`;
  return (
    <div className="min-w-56 flex-1">
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      <div className="relative">
        <Search aria-hidden className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-slate-400" />
        <input id={id} name={name} type="search" defaultValue={value ?? ""} placeholder={placeholder} maxLength={100} className={`${controlClass} pl-8`} />
      </div>
    </div>
  );
}
