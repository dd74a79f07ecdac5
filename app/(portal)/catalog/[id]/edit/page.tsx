import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { OfferingForm } from "@/components/catalog/offering-form";
import { PageHeader } from "@/components/ui/page-header";
import { requireContext } from "@/lib/auth/principal";
import { getOfferingForEdit } from "@/lib/catalog/queries";
import { ForbiddenError } from "@/lib/errors";
import { readForPage } from "@/lib/read";

export const metadata: Metadata = { title: "Edit offering" };

export default async function EditOfferingPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { ability } = await requireContext();
  // Only who keeps the catalog edits it; for anyone else this page does not exist.
  const offering = await readForPage((db) => getOfferingForEdit(db, ability, id)).catch((e) => {
    if (e instanceof ForbiddenError) notFound();
    throw e;
  });
  return (
    <div className="max-w-4xl">
      <PageHeader
        title={`Edit ${offering.values.name}`}
        description={`${offering.values.code}. A list price change applies to contracts drafted from now on and to nothing already negotiated or ordered.`}
        breadcrumbs={
          <Link href="/catalog" className="hover:text-slate-700">
            Catalog
          </Link>
        }
      />
      <OfferingForm initial={offering.values} edit={{ id: offering.id, version: offering.version }} />
    </div>
  );
}
