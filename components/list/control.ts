/** The look of every filter control, declared once. */
export const controlClass =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-1 focus:ring-brand-500";
export const labelClass = "mb-1 block text-xs font-medium text-slate-600";
