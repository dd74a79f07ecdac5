import { Breadcrumbs } from "@/components/ui/breadcrumbs";
import { DetailsCard } from "@/components/ui/details-card";
import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { PolicyForm } from "@/components/approvals/policy-form";
import { getNodeDetail } from "@/lib/accounts/queries";
import { policiesOf } from "@/lib/approvals/queries";
import { asSubject } from "@/lib/authz/subjects";
import { formatMajorAmount } from "@/lib/money";
import { requireContext } from "@/lib/auth/principal";
import { formatMoney, NODE_KIND_LABELS } from "@/lib/format";
import { readForPage } from "@/lib/read";

export const metadata: Metadata = { title: "Account" };

const TERMS: Record<string, string> = { net_30: "Net 30", net_60: "Net 60", net_90: "Net 90" };

export default async function AccountPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { principal, ability } = await requireContext();
  const { detail, policies } = await readForPage(async (db) => {
    const detail = await getNodeDetail(db, ability, id);
    return { detail, policies: await policiesOf(db, ability, id) };
  });
  const { node, children, sites, ancestors } = detail;
  // The enterprise admin sets the approval policy here, in the currencies of the tree.
  const policySubject = asSubject("ApprovalPolicy", { path: node.path, enterpriseId: node.enterpriseId });
  const canSetPolicy = ability.can("create", policySubject) || ability.can("update", policySubject);
  const policyCurrencies = [...new Set([...policies.map((p) => p.currency), ...(canSetPolicy ? detail.currencies : [])])].sort();

  const facts: [string, React.ReactNode][] = [
    ["Kind", NODE_KIND_LABELS[node.kind]],
    ["Code", node.code ?? "—"],
  ];
  if (node.kind === "legal_entity") {
    facts.push(["Registration number", node.registrationNumber ?? "—"], ["Tax id", node.taxId ?? "—"], ["Country", node.countryCode ?? "—"], ["Currency", node.currency ?? "—"]);
  }
  if (node.kind === "billing_account") {
    facts.push(
      ["Currency", node.currency ?? "—"],
      ["Payment terms", node.paymentTerms ? TERMS[node.paymentTerms] : "—"],
      ["Billing cycle", node.billingCycle === "monthly" ? "Monthly" : (node.billingCycle ?? "—")],
      ["Bill-to contact", node.billToContact ? `${node.billToContact.name} <${node.billToContact.email}>` : "—"],
    );
  }
  if (node.kind === "sub_account" && node.subAccountKind) facts.push(["Stands for", node.subAccountKind.replace("_", " ")]);

  return (
    <>
      <PageHeader
        title={node.name}
        description={`${NODE_KIND_LABELS[node.kind]} · ${detail.descendantCount} node${detail.descendantCount === 1 ? "" : "s"} below`}
        breadcrumbs={<Breadcrumbs items={[{ href: "/accounts", label: "Accounts" }, ...ancestors.map((a) => ({ href: `/accounts/${a.id}`, label: a.name }))]} />}
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <DetailsCard facts={facts} className="lg:col-span-1" />
        <div className="space-y-6 lg:col-span-2">
          <Card>
            <CardHeader title="Children" />
            {children.length === 0 ? (
              <EmptyState title="No child accounts" />
            ) : (
              <Table caption="Child accounts">
                <thead>
                  <tr>
                    <Th>Name</Th>
                    <Th>Kind</Th>
                    <Th>Code</Th>
                    <Th>Currency</Th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {children.map((c) => (
                    <tr key={c.id}>
                      <Td>
                        <Link href={`/accounts/${c.id}`} className="font-medium text-brand-700 hover:underline">
                          {c.name}
                        </Link>
                      </Td>
                      <Td>{NODE_KIND_LABELS[c.kind]}</Td>
                      <Td className="font-mono text-xs">{c.code ?? "—"}</Td>
                      <Td>{c.currency ?? "—"}</Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            )}
          </Card>
          {policyCurrencies.length > 0 ? (
            <Card>
              <CardHeader
                title="Approval policy"
                description="Orders under this node whose first-year value exceeds a threshold need an approval level per threshold exceeded; the nearest policy at or above an order's billing account applies."
              />
              <div className="divide-y divide-slate-100">
                {policyCurrencies.map((currency) => {
                  const p = policies.find((x) => x.currency === currency);
                  return (
                    <div key={currency} className="px-5 py-4">
                      {canSetPolicy ? (
                        <PolicyForm nodeId={node.id} currency={currency} thresholds={(p?.thresholdsMinor ?? []).map((t) => formatMajorAmount(t, currency))} escalationHours={p?.escalationHours ?? 48} />
                      ) : p ? (
                        <p className="text-sm text-slate-700">
                          {currency}: a level above each of {p.thresholdsMinor.map((t) => formatMoney(t, currency, principal.locale)).join(", ") || "no threshold"}; escalates after {p.escalationHours} hours.
                        </p>
                      ) : null}
                    </div>
                  );
                })}
              </div>
            </Card>
          ) : null}
          <Card>
            <CardHeader title="Sites" description="Sites attached to sub-accounts under this node." />
            {sites.length === 0 ? (
              <EmptyState title="No sites here" />
            ) : (
              <Table caption="Sites">
                <thead>
                  <tr>
                    <Th>Site</Th>
                    <Th>Address</Th>
                    <Th>Sub-account</Th>
                    <Th>Contact</Th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {sites.map(({ site, subAccountName }) => (
                    <tr key={site.id}>
                      <Td>
                        <Link href={`/sites/${site.id}`} className="font-medium text-brand-700 hover:underline">
                          {site.name}
                        </Link>
                      </Td>
                      <Td>
                        {site.addressLine1}, {site.city} {site.postcode} <Badge>{site.countryCode}</Badge>
                      </Td>
                      <Td>{subAccountName}</Td>
                      <Td>{site.contactName ?? "—"}</Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            )}
          </Card>
        </div>
      </div>
    </>
  );
}
