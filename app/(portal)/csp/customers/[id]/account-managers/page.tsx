import type { Metadata } from "next";
import Link from "next/link";
import { AssignAccountManager, RemoveAccountManager } from "@/components/onboarding/account-managers";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { requireContext } from "@/lib/auth/principal";
import { customerOverview } from "@/lib/csp/customer";
import { formatDate } from "@/lib/format";
import { accountManagerChoices } from "@/lib/onboarding/account-managers";
import { readForPage } from "@/lib/read";
import { ForbiddenError, NotFoundError } from "@/lib/errors";

export const metadata: Metadata = { title: "Account managers" };

/** A CSP administrator assigns, reassigns and removes an enterprise's account managers. */
export default async function AccountManagersPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { principal, ability } = await requireContext();
  const { customer } = await readForPage((db) => customerOverview(db, ability, id));
  // Readable but not manageable (an account manager): not found, as for anything one may not change here.
  const choices = await readForPage(async (db) => {
    try {
      return await accountManagerChoices(db, { principal, ability, requestId: null }, id);
    } catch (error) {
      throw error instanceof ForbiddenError ? new NotFoundError() : error;
    }
  });
  return (
    <div className="max-w-4xl">
      <PageHeader
        title={`Account managers of ${customer.name}`}
        description="Who at the CSP looks after this enterprise: they see it in their console, draft its contracts and may view the portal as its people."
        breadcrumbs={
          <>
            <Link href="/csp" className="hover:text-slate-700">
              Customers
            </Link>
            <span aria-hidden> / </span>
            <Link href={`/csp/customers/${id}`} className="hover:text-slate-700">
              {customer.name}
            </Link>
          </>
        }
      />
      <Card>
        <CardHeader title="Assigned" />
        <Table caption="Account managers">
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>Since</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {choices.assigned.length === 0 ? (
              <tr>
                <Td colSpan={3} className="text-slate-600">
                  No one looks after this enterprise yet.
                </Td>
              </tr>
            ) : (
              choices.assigned.map((m) => (
                <tr key={m.assignmentId}>
                  <Td>
                    <span className="block font-medium text-slate-900">{m.name}</span>
                    <span className="block text-xs text-slate-600">{m.email}</span>
                  </Td>
                  <Td>{formatDate(m.grantedAt, principal.locale, principal.timeZone)}</Td>
                  <Td className="text-right">
                    <RemoveAccountManager enterpriseId={id} person={m} />
                  </Td>
                </tr>
              ))
            )}
          </tbody>
        </Table>
        <CardBody className="border-t border-slate-100">
          <AssignAccountManager enterpriseId={id} available={choices.available} />
        </CardBody>
      </Card>
    </div>
  );
}
