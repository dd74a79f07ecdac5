import { Download, UserPlus } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { ListCard } from "@/components/list/list-card";
import { FilterSelect } from "@/components/list/filter-select";
import { SearchField } from "@/components/list/search-field";
import { SortHeader } from "@/components/list/sort-header";
import { RoleBadges } from "@/components/users/role-badges";
import { USER_STATUS_LABELS, UserStatusBadge } from "@/components/users/user-status-badge";
import { ButtonLink } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { Td, Th } from "@/components/ui/table";
import { requireContext } from "@/lib/auth/principal";
import { CUSTOMER_ROLES, ROLE_LABELS, ROLES } from "@/lib/authz/vocabulary";
import { formatDateTime } from "@/lib/format";
import { nodeFilterOptions } from "@/lib/users/queries";
import { usersList } from "@/lib/users/list";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { principal, ability } = await requireContext();
  const view = await usersList.view({ ability, timeZone: principal.timeZone }, await searchParams, (db) => nodeFilterOptions(db, ability));
  const nodes = view.extra;
  const { locale, timeZone } = principal;
  const { filterValues: f } = view;
  // CSP staff see CSP roles in the filter; everyone else only the customer roles.
  const roles = principal.enterpriseId ? CUSTOMER_ROLES : ROLES;
  const canExport = ability.can("export", "User");

  return (
    <>
      <PageHeader
        title="Users"
        description="People whose unit is inside your scope, with the roles they hold there."
        actions={
          <>
            {canExport ? (
              <ButtonLink href="/users/import">
                <Download aria-hidden className="size-4" />
                Import / export
              </ButtonLink>
            ) : null}
            {ability.can("create", "User") ? (
              <ButtonLink href="/users/invite" variant="primary">
                <UserPlus aria-hidden className="size-4" />
                Invite user
              </ButtonLink>
            ) : null}
          </>
        }
      />
      <ListCard
        view={view}
        locale={locale}
        label="Filter users"
        one="user"
        many="users"
        caption="Users"
        empty={{ title: "No users yet", description: "People you invite or import will appear here." }}
        aside={
          canExport ? (
            <a href={view.withFilters("/api/users/export")} download className="pt-3 text-xs font-medium text-brand-700 hover:underline">
              Export these as CSV
            </a>
          ) : null
        }
        filters={
          <>
            <SearchField value={f.q} label="Search" placeholder="Name or email" />
            <FilterSelect name="role" label="Role" anyLabel="Any role" value={f.role} options={roles.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} />
            <FilterSelect name="status" label="Status" anyLabel="Any status" className="w-36" value={f.status} options={Object.entries(USER_STATUS_LABELS).map(([value, label]) => ({ value, label }))} />
            <FilterSelect name="node" label="Unit under" anyLabel="Anywhere in scope" className="w-56" value={f.node} options={nodes.map((n) => ({ value: n.id, label: n.name, depth: n.depth }))} />
          </>
        }
        head={
          <>
            <SortHeader view={view} keys={[{ key: "name", label: "Name" }, { key: "email", label: "Email" }]} />
            <Th>Unit</Th>
            <Th>Roles</Th>
            <SortHeader view={view} keys={[{ key: "status", label: "Status" }]} />
            <SortHeader view={view} keys={[{ key: "lastSignIn", label: "Last sign-in" }]} />
          </>
        }
      >
        {view.rows.map((u) => (
          <tr key={u.id} className="hover:bg-slate-50">
            <Td>
              <Link href={`/users/${u.id}`} className="font-medium text-slate-900 hover:text-brand-700 hover:underline">
                {u.name}
              </Link>
              <p className="text-xs text-slate-600">{u.email}</p>
            </Td>
            <Td className="whitespace-nowrap">{u.unitName ?? <span className="text-slate-600">CSP</span>}</Td>
            <Td>
              <RoleBadges roles={u.roles} />
            </Td>
            <Td>
              <UserStatusBadge status={u.status} />
            </Td>
            <Td className="whitespace-nowrap tabular-nums">{u.lastSignInAt ? formatDateTime(u.lastSignInAt, locale, timeZone) : <span className="text-slate-600">Never</span>}</Td>
          </tr>
        ))}
      </ListCard>
    </>
  );
}
