import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { OnboardWizard } from "@/components/onboarding/onboard-wizard";
import { PageHeader } from "@/components/ui/page-header";
import { requireContext } from "@/lib/auth/principal";
import { assignableManagers } from "@/lib/onboarding/onboard";
import { read } from "@/lib/read";
import { countryOptions } from "@/lib/sites/countries";

export const metadata: Metadata = { title: "Onboard an enterprise" };

/** A CSP administrator onboards an enterprise in one guided flow (issue 10). */
export default async function OnboardPage() {
  const { principal, ability } = await requireContext();
  if (!ability.can("create", "Customer")) notFound();
  const managers = await read((db) => assignableManagers(db, principal.userId));
  return (
    <div className="max-w-5xl">
      <PageHeader
        title="Onboard an enterprise"
        description="Its account hierarchy, its first admin and who looks after it, in one go. Nothing is created until the last step."
        breadcrumbs={
          <Link href="/csp" className="hover:text-slate-700">
            Customers
          </Link>
        }
      />
      <OnboardWizard countries={countryOptions()} managers={managers} />
    </div>
  );
}
