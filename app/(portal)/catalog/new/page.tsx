import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { OfferingForm } from "@/components/catalog/offering-form";
import { PageHeader } from "@/components/ui/page-header";
import { requireContext } from "@/lib/auth/principal";
import { todayIn } from "@/lib/time";

export const metadata: Metadata = { title: "New offering" };

export default async function NewOfferingPage() {
  const { ability } = await requireContext();
  if (!ability.can("create", "Offering")) notFound();
  return (
    <>
      <PageHeader title="New offering" breadcrumbs={<Link href="/catalog" className="hover:text-slate-700">Catalog</Link>} />
      <OfferingForm
        initial={{ code: "", name: "", description: "", category: "", unit: "each", validFrom: todayIn("UTC"), validTo: "", isActive: true, prices: [{ currency: "GBP", oneOff: "0", monthly: "0" }] }}
      />
    </>
  );
}
