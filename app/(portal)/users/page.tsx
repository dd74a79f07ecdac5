import { Download, UserPlus } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { RoleBadges } from "@/components/users/role-badges";
import { SortHeader } from "@/components/users/sort-header";
import { UserStatusBadge } from "@/components/users/user-status-badge";
import { UsersFilterBar } from "@/components/users/users-filter-bar";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { Table, Td, Th } from "@/components/ui/table";
import { requireContext } from "@/lib/auth/principal";
import { CUSTOMER_ROLES, ROLES, type Role } from "@/lib/authz/vocabulary";
import { formatDateTime } from "@/lib/format";
import { listUsers, nodeFilterOptions, userListParams, type UserListParams } from "@/lib/users/queries";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { principal, ability } = await requireContext();
  // The people pages are for those who may read role assignments (admins, account managers).
  if (!ability.can("read", "RoleAssignment")) notFound();
  const raw = await searchParams;
  const params = userListParams.parse(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));
  const db = await getDb();
  const [list, nodes] = await Promise.all([listUsers(db, ability, params), nodeFilterOptions(db, ability)]);
  const { rows, total, pageSize } = list;
  const { locale, timeZone } = principal;

  const query = (overrides: Partial<Record<keyof UserListParams, string | number | undefined>>) => {
    const merged: Record<string, string | number | undefined> = { ...params, ...overrides };
    if (merged.sort === "name") delete merged.sort;
    if (merged.dir === "asc") delete merged.dir;
    if (merged.page === 1) delete merged.page;
    const q = new URLSearchParams(Object.entries(merged).filter(([, v]) => v !== undefined && v !== "") as [string, string][]);
    const s = q.toString();
    return s ? `/users?${s}` : "/users";
  };
  const sortHref = (column: string, dir: "asc" | "desc") => query({ sort: column, dir, page: undefined });
  const filtered = Boolean(params.q || params.role || params.status || params.node);
  // CSP staff see CSP roles in the filter; everyone else only the customer roles they can grant or see.
  const roleOptions: Role[] = principal.enterpriseId ? [...CUSTOMER_ROLES] : [...ROLES];

  return (
    <>
      <PageHeader
        title="Users"
        description="People whose unit is inside your scope, with the roles they hold there."
        actions={
          <>
            {ability.can("export", "User") ? (
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
      <Card>
        <UsersFilterBar params={params} roles={roleOptions} nodes={nodes} />
        <p className="px-5 pt-3 text-xs text-slate-500" aria-live="polite">
          {total === 1 ? "1 user" : `${total.toLocaleString(locale)} users`}
          {filtered ? " match your filters" : ""}
        </p>
        {rows.length === 0 ? (
          <EmptyState
            title={total > 0 ? "No users on this page" : filtered ? "No users match" : "No users yet"}
            description={
              total > 0
                ? "This page is past the end of the list."
                : list.nodeMissing
                  ? "That node is not in your scope."
                  : filtered
                    ? "Try a different search or clear the filters."
                    : "People you invite or import will appear here."
            }
            action={
              total > 0 ? (
                <Link href={query({ page: undefined })} className="text-sm font-medium text-brand-600 hover:text-brand-700">
                  Back to the first page
                </Link>
              ) : filtered ? (
                <Link href="/users" className="text-sm font-medium text-brand-600 hover:text-brand-700">
                  Clear filters
                </Link>
              ) : undefined
            }
          />
        ) : (
          <>
            <Table caption="Users">
              <thead>
                <tr>
                  <SortHeader options={[{ label: "Name", column: "name" }, { label: "Email", column: "email" }]} sort={params.sort} dir={params.dir} hrefFor={sortHref} />
                  <Th>Unit</Th>
                  <Th>Roles</Th>
                  <SortHeader options={[{ label: "Status", column: "status" }]} sort={params.sort} dir={params.dir} hrefFor={sortHref} />
                  <SortHeader options={[{ label: "Last sign-in", column: "lastSignIn" }]} sort={params.sort} dir={params.dir} hrefFor={sortHref} />
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {rows.map((u) => (
                  <tr key={u.id} className="hover:bg-slate-50">
                    <Td>
                      <Link href={`/users/${u.id}`} className="font-medium text-slate-900 hover:text-brand-700 hover:underline">
                        {u.name}
                      </Link>
                      <p className="text-xs text-slate-500">{u.email}</p>
                    </Td>
                    <Td className="whitespace-nowrap">{u.unitName ?? <span className="text-slate-500">CSP</span>}</Td>
                    <Td>
                      <RoleBadges roles={u.roles} />
                    </Td>
                    <Td>
                      <UserStatusBadge status={u.status} />
                    </Td>
                    <Td className="whitespace-nowrap tabular-nums">{u.lastSignInAt ? formatDateTime(u.lastSignInAt, locale, timeZone) : <span className="text-slate-500">Never</span>}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
            <Pagination
              page={params.page}
              pageSize={pageSize}
              total={total}
              basePath="/users"
              params={{ q: params.q, role: params.role, status: params.status, node: params.node, sort: params.sort === "name" ? undefined : params.sort, dir: params.dir === "asc" ? undefined : params.dir }}
            />
          </>
        )}
      </Card>
    </>
  );
}
