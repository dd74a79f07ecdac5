import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { OfferingForm } from "@/components/catalog/offering-form";
import { PageHeader } from "@/components/ui/page-header";
import { requireContext } from "@/lib/auth/principal";
import { getOfferingForEdit } from "@/lib/catalog/queries";
import { formatMajorAmount } from "@/lib/money";
import { readForPage } from "@/lib/read";

export const metadata: Metadata = { title: "Edit offering" };

export default async function EditOfferingPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { ability } = await requireContext();
  if (!ability.can("update", "Offering")) notFound();
  const o = await readForPage((db) => getOfferingForEdit(db, ability, id));
  return (
    <>
      <PageHeader title={`Edit ${o.name}`} breadcrumbs={<Link href="/catalog" className="hover:text-slate-700">Catalog</Link>} />
      <OfferingForm
        id={o.id}
        initial={{
          code: o.code,
          name: o.name,
          description: o.description,
          category: o.category,
          unit: o.unit,
          validFrom: o.validFrom,
          validTo: o.validTo ?? "",
          isActive: o.isActive,
          prices: o.prices.map((p) => ({ currency: p.currency, oneOff: formatMajorAmount(p.oneOffMinor, p.currency), monthly: formatMajorAmount(p.recurringMinor, p.currency) })),
        }}
      />
    </>
  );
}
