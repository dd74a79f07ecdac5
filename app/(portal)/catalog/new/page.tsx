import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { OfferingForm } from "@/components/catalog/offering-form";
import { PageHeader } from "@/components/ui/page-header";
import { requireContext } from "@/lib/auth/principal";
import { PRICE_CURRENCIES } from "@/lib/contracts/labels";
import { todayIn } from "@/lib/time";

export const metadata: Metadata = { title: "New offering" };

export default async function NewOfferingPage() {
  const { principal, ability } = await requireContext();
  if (!ability.can("create", "Offering")) notFound();
  return (
    <div className="max-w-4xl">
      <PageHeader
        title="New offering"
        breadcrumbs={
          <Link href="/catalog" className="hover:text-slate-700">
            Catalog
          </Link>
        }
      />
      <OfferingForm
        initial={{ code: "", name: "", description: "", category: "", unit: "each", isActive: true, validFrom: todayIn(principal.timeZone), validTo: "", prices: PRICE_CURRENCIES.map((currency) => ({ currency, oneOff: "", recurring: "" })) }}
      />
    </div>
  );
}
