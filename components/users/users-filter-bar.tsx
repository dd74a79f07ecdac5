import { Search } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import type { PickerNode } from "@/lib/accounts/queries";
import { ROLE_LABELS, type Role } from "@/lib/authz/vocabulary";
import type { UserListParams } from "@/lib/users/queries";
import { USER_STATUS_LABELS } from "./user-status-badge";

const control =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-1 focus:ring-brand-500";

/**
 * Search and filters as a plain GET form: the URL holds the whole state (shareable, back-button
 * friendly) and it works before any JavaScript has loaded. Changing a filter starts at page 1.
 */
export function UsersFilterBar({ params, roles, nodes }: { params: UserListParams; roles: Role[]; nodes: PickerNode[] }) {
  const filtered = Boolean(params.q || params.role || params.status || params.node);
  return (
    <form method="get" action="/users" role="search" aria-label="Filter users" className="flex flex-wrap items-end gap-3 border-b border-slate-100 px-5 py-4">
      <div className="min-w-56 flex-1">
        <label htmlFor="users-q" className="sr-only">
          Search by name or email
        </label>
        <div className="relative">
          <Search aria-hidden className="pointer-events-none absolute left-2.5 top-1/2 size-4 -translate-y-1/2 text-slate-400" />
          <input id="users-q" name="q" type="search" defaultValue={params.q ?? ""} placeholder="Search by name or email" className={`${control} pl-8`} />
        </div>
      </div>
      <div className="w-40">
        <label htmlFor="users-role" className="mb-1 block text-xs font-medium text-slate-500">
          Role
        </label>
        <select id="users-role" name="role" defaultValue={params.role ?? ""} className={control}>
          <option value="">Any role</option>
          {roles.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
      </div>
      <div className="w-36">
        <label htmlFor="users-status" className="mb-1 block text-xs font-medium text-slate-500">
          Status
        </label>
        <select id="users-status" name="status" defaultValue={params.status ?? ""} className={control}>
          <option value="">Any status</option>
          {Object.entries(USER_STATUS_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div className="w-56">
        <label htmlFor="users-node" className="mb-1 block text-xs font-medium text-slate-500">
          Unit under
        </label>
        <select id="users-node" name="node" defaultValue={params.node ?? ""} className={control}>
          <option value="">Anywhere in scope</option>
          {nodes.map((n) => (
            <option key={n.id} value={n.id}>
              {`${"\u00a0\u00a0\u00a0".repeat(n.depth)}${n.name}`}
            </option>
          ))}
        </select>
      </div>
      {params.sort !== "name" ? <input type="hidden" name="sort" value={params.sort} /> : null}
      {params.dir !== "asc" ? <input type="hidden" name="dir" value={params.dir} /> : null}
      <div className="flex items-center gap-2">
        <Button type="submit" variant="secondary">
          Apply
        </Button>
        {filtered ? (
          <Link href="/users" className="rounded-md px-2 py-1.5 text-sm text-slate-500 hover:text-slate-800">
            Clear
          </Link>
        ) : null}
      </div>
    </form>
  );
}
