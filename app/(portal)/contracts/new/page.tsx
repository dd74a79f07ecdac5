import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ContractForm } from "@/components/contracts/contract-form";
import { PageHeader } from "@/components/ui/page-header";
import { requireContext } from "@/lib/auth/principal";
import { contractNodeChoices, offeringChoices } from "@/lib/contracts/queries";
import { read } from "@/lib/read";

export const metadata: Metadata = { title: "New contract" };

export default async function NewContractPage() {
  const { principal, ability } = await requireContext();
  if (!ability.can("create", "Contract")) notFound();
  const [nodes, offerings] = await read((db) => Promise.all([contractNodeChoices(db, ability), offeringChoices(db)]));
  if (nodes.length === 0) notFound();
  const year = new Date().getUTCFullYear();
  return (
    <div className="max-w-5xl">
      <PageHeader
        title="New contract"
        description="Draft a framework agreement for an enterprise you look after, or one of its legal entities. Another CSP administrator activates it."
        breadcrumbs={
          <Link href="/contracts" className="hover:text-slate-700">
            Contracts
          </Link>
        }
      />
      <ContractForm
        nodes={nodes}
        offerings={offerings}
        locale={principal.locale}
        initial={{ name: "", slaTier: "Gold", paymentTerms: "net_30", startsOn: `${year + 1}-01-01`, endsOn: `${year + 3}-12-31`, note: "", items: [] }}
      />
    </div>
  );
}
