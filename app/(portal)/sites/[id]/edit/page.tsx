import type { Metadata } from "next";
import Link from "next/link";
import { SiteForm } from "@/components/sites/site-form";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ButtonLink } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { requireContext } from "@/lib/auth/principal";
import { ForbiddenError } from "@/lib/errors";
import { countryOptions } from "@/lib/sites/countries";
import { getSite, getSiteForEdit, siteSubAccountChoices } from "@/lib/sites/queries";
import { readForPage } from "@/lib/read";

export const metadata: Metadata = { title: "Edit site" };

export default async function EditSitePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { ability } = await requireContext();
  const site = await readForPage((db) => getSiteForEdit(db, ability, id)).catch((e) => {
    if (e instanceof ForbiddenError) return null;
    throw e;
  });
  if (!site) {
    // Readable but not editable (a technical admin, an orderer): say so instead of a blank form.
    const { site: readable } = await readForPage((db) => getSite(db, ability, id));
    return (
      <div className="max-w-4xl">
        <PageHeader title={`Edit ${readable.name}`} breadcrumbs={<Link href={`/sites/${id}`} className="hover:text-slate-700">{readable.name}</Link>} />
        <Card>
          <EmptyState
            title="You can view this site but not change it"
            description="Site admins and enterprise admins over this site can edit it."
            action={<ButtonLink href={`/sites/${id}`}>Back to the site</ButtonLink>}
          />
        </Card>
      </div>
    );
  }
  const choices = await readForPage((db) => siteSubAccountChoices(db, ability, "update"));
  return (
    <div className="max-w-4xl">
      <PageHeader
        title={`Edit ${site.name}`}
        description="Changes are recorded in the audit log with what they were before."
        breadcrumbs={
          <ol className="flex items-center gap-1">
            <li>
              <Link href="/sites" className="hover:text-slate-700">
                Sites
              </Link>
            </li>
            <li className="flex items-center gap-1">
              <span aria-hidden>/</span>
              <Link href={`/sites/${id}`} className="hover:text-slate-700">
                {site.name}
              </Link>
            </li>
          </ol>
        }
      />
      <SiteForm
        mode="edit"
        siteId={site.id}
        subAccounts={choices}
        countries={countryOptions()}
        canMove={choices.length > 1}
        initial={{
          name: site.name,
          addressLine1: site.addressLine1,
          addressLine2: site.addressLine2,
          city: site.city,
          region: site.region,
          postcode: site.postcode,
          countryCode: site.countryCode,
          contactName: site.contactName,
          contactEmail: site.contactEmail,
          contactPhone: site.contactPhone,
          subAccountId: site.subAccountId,
        }}
      />
    </div>
  );
}
