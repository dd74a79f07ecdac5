import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { OrderForm } from "@/components/orders/order-form";
import { PageHeader } from "@/components/ui/page-header";
import { requireContext } from "@/lib/auth/principal";
import { getOrderForEdit, orderFormOptions } from "@/lib/orders/queries";
import { read, readForPage } from "@/lib/read";

export const metadata: Metadata = { title: "Edit order" };

export default async function EditOrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { principal, ability } = await requireContext();
  const { order, lines } = await readForPage((db) => getOrderForEdit(db, ability, id));
  // Only drafts are edited; a submitted order shows its own page.
  if (order.status !== "draft") notFound();
  const options = await read((db) => orderFormOptions(db, ability));
  return (
    <>
      <PageHeader
        title={`Edit ${order.number}`}
        breadcrumbs={
          <Link href={`/orders/${order.id}`} className="hover:text-slate-700">
            {order.number}
          </Link>
        }
      />
      <OrderForm
        contracts={options.contracts}
        sites={options.sites}
        subAccounts={options.subAccounts}
        locale={principal.locale}
        edit={{ orderId: order.id, rowVersion: order.rowVersion, number: order.number }}
        initial={{
          contractId: order.contractId,
          purchaseOrderNumber: order.purchaseOrderNumber ?? "",
          requestedOn: order.requestedOn ?? "",
          note: order.note ?? "",
          lines: lines.map((l) => ({ offeringId: l.offeringId, siteId: l.siteId, subAccountId: l.subAccountId, quantity: String(l.quantity) })),
        }}
      />
    </>
  );
}
