import { NODE_KIND_LABELS } from "@/lib/format";
import type { PickerNode } from "@/lib/accounts/queries";

/**
 * A node picker: a native select (keyboard and screen-reader friendly) listing only the nodes the
 * server offered, indented by depth. The server checks the chosen node again on submit.
 */
export function NodeSelect({
  nodes,
  name,
  id,
  label,
  defaultValue,
  required,
}: {
  nodes: PickerNode[];
  name: string;
  id?: string;
  label: string;
  defaultValue?: string;
  required?: boolean;
}) {
  const fieldId = id ?? name;
  return (
    <div>
      <label htmlFor={fieldId} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <select
        id={fieldId}
        name={name}
        defaultValue={defaultValue ?? ""}
        required={required}
        className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-1 focus:ring-brand-500"
      >
        <option value="" disabled>
          Choose a node…
        </option>
        {nodes.map((n) => (
          <option key={n.id} value={n.id}>
            {`${"\u00a0\u00a0\u00a0".repeat(n.depth)}${n.name} (${NODE_KIND_LABELS[n.kind]})`}
          </option>
        ))}
      </select>
    </div>
  );
}
