import type { Metadata } from "next";
import Link from "next/link";
import { ContractForm } from "@/components/contracts/contract-form";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireContext } from "@/lib/auth/principal";
import { getContract, getContractForEdit, offeringChoices } from "@/lib/contracts/queries";
import { ForbiddenError } from "@/lib/errors";
import { readForPage } from "@/lib/read";

export const metadata: Metadata = { title: "Edit draft" };

export default async function EditContractPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { principal, ability } = await requireContext();
  const draft = await readForPage((db) => getContractForEdit(db, ability, id)).catch((e) => {
    if (e instanceof ForbiddenError) return null;
    throw e;
  });
  if (!draft) {
    // Readable but not the viewer's to edit (not a draft, or someone else's draft): say so.
    const { contract } = await readForPage((db) => getContract(db, ability, id));
    return (
      <div className="max-w-5xl">
        <PageHeader title={`Edit ${contract.reference} version ${contract.version}`} breadcrumbs={<Link href={`/contracts/${id}`} className="hover:text-slate-700">{contract.name}</Link>} />
        <Card>
          <EmptyState
            title="You can read this version but not change it"
            description="Only a draft changes, and only its drafter edits it. To change a contract in force, draft an amendment."
            action={<ButtonLink href={`/contracts/${id}`}>Back to the contract</ButtonLink>}
          />
        </Card>
      </div>
    );
  }
  const offerings = await readForPage((db) => offeringChoices(db));
  const { contract: c } = draft;
  const label = `${c.reference} version ${c.version}`;
  return (
    <div className="max-w-5xl">
      <PageHeader
        title={`Edit ${label}`}
        description={`${c.name} · ${draft.nodeName}. Changes are recorded in the audit log; a CSP administrator other than you activates the draft.`}
        breadcrumbs={
          <ol className="flex items-center gap-1">
            <li>
              <Link href="/contracts" className="hover:text-slate-700">
                Contracts
              </Link>
            </li>
            <li className="flex items-center gap-1">
              <span aria-hidden>/</span>
              <Link href={`/contracts/${id}`} className="hover:text-slate-700">
                {label}
              </Link>
            </li>
          </ol>
        }
      />
      <ContractForm
        offerings={offerings}
        locale={principal.locale}
        edit={{ id, rowVersion: c.rowVersion, label }}
        initial={{ name: c.name, slaTier: c.slaTier, paymentTerms: c.paymentTerms, startsOn: c.startsOn, endsOn: c.endsOn, note: c.note ?? "", items: draft.items }}
      />
    </div>
  );
}
