import { cn } from "./cn";

/** What a field hands its control: the id its label points at, what describes it, and its name in a posted form. */
export type FieldControlProps = { id: string; name?: string; "aria-invalid": boolean; "aria-describedby"?: string };

/** The look of a text input, select or textarea in a form. */
export const inputClass =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm placeholder:text-slate-500 focus:border-brand-500 focus:outline-none focus:ring-1 focus:ring-brand-500 aria-[invalid=true]:border-rose-400";

/**
 * A labelled form control with its hint or, once the server refused the value, its error under
 * it (the error takes the hint's place). The control gets the label (htmlFor), aria-invalid, and
 * aria-describedby naming the text shown under it, so a screen reader reads the error with the
 * field. `labelDetail` is said to screen readers only, after the label: which of repeated rows
 * the field belongs to ("price item 2"). `name`, for a form read as FormData, goes to the control.
 */
export function FormField({
  id,
  name,
  label,
  labelDetail,
  hint,
  errors,
  className,
  children,
}: {
  id: string;
  name?: string;
  label: string;
  labelDetail?: string;
  hint?: string;
  /** The field's errors, as an action's fieldErrors give them; the first is shown. */
  errors?: string[];
  className?: string;
  children: (control: FieldControlProps) => React.ReactNode;
}) {
  const error = errors?.[0];
  const note = error ? { id: `${id}-error`, text: error, className: "text-rose-700" } : hint ? { id: `${id}-hint`, text: hint, className: "text-slate-600" } : null;
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
        {labelDetail ? <span className="sr-only"> ({labelDetail})</span> : null}
      </label>
      {children({ id, ...(name ? { name } : {}), "aria-invalid": Boolean(error), "aria-describedby": note?.id })}
      {note ? (
        <p id={note.id} className={cn("mt-1 text-xs", note.className)}>
          {note.text}
        </p>
      ) : null}
    </div>
  );
}
