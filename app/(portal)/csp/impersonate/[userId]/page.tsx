import type { Metadata } from "next";
import Link from "next/link";
import { StartImpersonationForm } from "@/components/impersonation/start-form";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireContext } from "@/lib/auth/principal";
import { env } from "@/lib/env";
import { impersonationTarget } from "@/lib/impersonation/queries";
import { readForPage } from "@/lib/read";

export const metadata: Metadata = { title: "View as a customer user" };

/** An account manager starts seeing the portal as one of its customers' users (DESIGN.md rule 4). */
export default async function StartImpersonationPage({ params }: { params: Promise<{ userId: string }> }) {
  const { userId } = await params;
  const { principal, ability } = await requireContext();
  const { user, allowed, why } = await readForPage((db) => impersonationTarget(db, ability, principal, userId));
  const back = user.enterpriseId ? `/csp/customers/${user.enterpriseId}` : "/csp";
  return (
    <div className="max-w-2xl">
      <PageHeader
        title={`View as ${user.name}`}
        description={`${user.email}${user.enterpriseName ? ` · ${user.enterpriseName}` : ""}`}
        breadcrumbs={
          <Link href={back} className="hover:text-slate-700">
            {user.enterpriseName ?? "Customers"}
          </Link>
        }
      />
      <Card>
        {allowed ? (
          <>
            <CardHeader
              title="See the portal exactly as they do"
              description="Read-only unless their enterprise has allowed write support access. Approving orders, roles, passwords and sessions stay off either way. Everything you do is recorded under your name on their behalf, and they are told afterwards."
            />
            <CardBody>
              <StartImpersonationForm userId={user.id} name={user.name} backHref={back} lengths={env().IMPERSONATION_MINUTES} />
            </CardBody>
          </>
        ) : (
          <EmptyState title={`You cannot view the portal as ${user.name}`} description={why ?? ""} action={<ButtonLink href={back}>Back</ButtonLink>} />
        )}
      </Card>
    </div>
  );
}
