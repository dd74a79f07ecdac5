import { cn } from "@/components/ui/cn";
import { controlClass, labelClass } from "./control";

export type FilterOption = { value: string; label: string; depth?: number };

/**
 * One filter as a select. The first option means "any" (an empty value, left out of the URL);
 * `depth` indents tree options (account nodes) under their parent.
 */
export function FilterSelect({
  name,
  label,
  options,
  value,
  anyLabel,
  className = "w-44",
}: {
  name: string;
  label: string;
  options: FilterOption[];
  value: string | undefined;
  /** The "any" choice; omit it when the filter always has a value (a sort, say). */
  anyLabel?: string;
  className?: string;
}) {
  const id = `list-${name}`;
  return (
    <div className={cn(className)}>
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      <select id={id} name={name} defaultValue={value ?? ""} className={controlClass}>
        {anyLabel !== undefined ? <option value="">{anyLabel}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {`${"\u00a0\u00a0\u00a0".repeat(o.depth ?? 0)}${o.label}`}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A calendar-day filter (a native date picker; the value is YYYY-MM-DD), or a month (YYYY-MM). */
export function DateFilter({ name, label, value, type = "date" }: { name: string; label: string; value: string | undefined; type?: "date" | "month" }) {
  const id = `list-${name}`;
  return (
    <div className="w-40">
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      <input id={id} name={name} type={type} defaultValue={value ?? ""} className={controlClass} />
    </div>
  );
}
