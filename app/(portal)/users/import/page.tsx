import { DownloadLink } from "@/components/ui/button";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ImportForm } from "@/components/users/import-form";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireContext } from "@/lib/auth/principal";
import { CUSTOMER_ROLES } from "@/lib/authz/vocabulary";
import { TEMPLATE_CSV } from "@/lib/user-import/rows";

export const metadata: Metadata = { title: "Import users" };

const COLUMNS: [string, string, string][] = [
  ["email", "Required", "The person's email; several rows with the same email add several roles to one person."],
  ["name", "Required", "Full name."],
  ["unit", "Required", "Where the person sits: a node's code (e.g. UK-MAN) or its exact name, inside your scope."],
  ["role", "Optional", CUSTOMER_ROLES.join(", ")],
  ["scope", "With a role", "The node the role holds on (code or exact name); it covers everything under it."],
  ["approval_limit", "Approvers", "Amount in major units, e.g. 50000.00."],
  ["currency", "With a limit", "Three-letter code of the limit, e.g. GBP."],
  ["expires_at", "Optional", "When the role ends: 2027-03-31 (UTC) or an ISO date-time."],
];

export default async function ImportUsersPage() {
  const { ability } = await requireContext();
  if (!ability.can("create", "User")) notFound();
  const canExport = ability.can("export", "User");
  return (
    <>
      <PageHeader
        title="Import and export users"
        description="Invite many people at once with their roles, or download everyone in your scope."
        breadcrumbs={<Breadcrumbs items={[{ href: "/users", label: "Users" }, { label: "Import" }]} />}
        actions={
          canExport ? (
            <DownloadLink href="/api/users/export">Export users (CSV)</DownloadLink>
          ) : null
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <CardHeader title="Import from CSV" description="First check the file: every row is validated and problems are listed by line. Then import: all rows or none." />
          <CardBody>
            <ImportForm />
          </CardBody>
        </Card>
        <Card>
          <CardHeader
            title="Columns"
            action={
              <a href={`data:text/csv;charset=utf-8,${encodeURIComponent(TEMPLATE_CSV)}`} download="users-template.csv" className="text-sm font-medium text-brand-600 hover:text-brand-700">
                Template
              </a>
            }
          />
          <dl className="divide-y divide-slate-100 text-sm">
            {COLUMNS.map(([name, need, text]) => (
              <div key={name} className="px-5 py-2.5">
                <dt className="flex items-center justify-between gap-2">
                  <code className="font-mono text-xs font-semibold text-slate-800">{name}</code>
                  <span className="text-xs text-slate-500">{need}</span>
                </dt>
                <dd className="mt-0.5 text-slate-600">{text}</dd>
              </div>
            ))}
          </dl>
        </Card>
      </div>
    </>
  );
}
