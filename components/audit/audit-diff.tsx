import { formatDateTime } from "@/lib/format";

type Json = unknown;

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

function show(value: Json, locale: string, timeZone: string): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "string") return ISO.test(value) ? formatDateTime(value, locale, timeZone) : value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value, null, 1).replace(/\n\s*/g, " ");
}

function asRecord(value: Json): Record<string, Json> | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "object" && !Array.isArray(value)) return value as Record<string, Json>;
  return { value };
}

/** Splits camelCase keys into words for people ("contactPhone" → "contact phone"). */
function fieldLabel(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
}

/**
 * An event's before/after, field by field, in a native disclosure (keyboard and screen-reader
 * friendly without script). Events that carry neither show nothing.
 */
export function AuditDiff({ before, after, locale, timeZone }: { before: Json; after: Json; locale: string; timeZone: string }) {
  const b = asRecord(before);
  const a = asRecord(after);
  if (!b && !a) return null;
  // A refused request carries what was sent under `input`: show its fields.
  const afterFields = a && Object.keys(a).length === 1 && a.input && typeof a.input === "object" ? (a.input as Record<string, Json>) : a;
  const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(afterFields ?? {})])];
  if (keys.length === 0) return null;
  const onlyAfter = !b;
  return (
    <details className="group mt-1">
      <summary className="cursor-pointer text-xs font-medium text-brand-700 select-none hover:underline">
        <span className="group-open:hidden">Show {onlyAfter ? "details" : "changes"}</span>
        <span className="hidden group-open:inline">Hide {onlyAfter ? "details" : "changes"}</span>
        <span className="text-slate-500"> ({keys.length} field{keys.length === 1 ? "" : "s"})</span>
      </summary>
      <table className="mt-2 w-full max-w-xl table-fixed border-collapse overflow-hidden rounded-md text-xs ring-1 ring-slate-200">
        <thead className="bg-slate-50 text-slate-500">
          <tr>
            <th scope="col" className="w-1/4 px-2 py-1 text-left font-medium">
              Field
            </th>
            {onlyAfter ? null : (
              <th scope="col" className="px-2 py-1 text-left font-medium">
                Before
              </th>
            )}
            <th scope="col" className="px-2 py-1 text-left font-medium">
              {onlyAfter ? "Value" : "After"}
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {keys.map((k) => (
            <tr key={k} className="align-top">
              <th scope="row" className="px-2 py-1 text-left font-normal text-slate-500">
                {fieldLabel(k)}
              </th>
              {onlyAfter ? null : <td className="px-2 py-1 break-words text-rose-700 line-through decoration-rose-300">{show(b?.[k], locale, timeZone)}</td>}
              <td className="px-2 py-1 break-words text-emerald-800">{show(afterFields?.[k], locale, timeZone)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
