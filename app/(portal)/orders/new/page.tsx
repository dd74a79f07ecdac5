import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { OrderForm } from "@/components/orders/order-form";
import { PageHeader } from "@/components/ui/page-header";
import { requireContext } from "@/lib/auth/principal";
import { orderFormOptions } from "@/lib/orders/queries";
import { read } from "@/lib/read";

export const metadata: Metadata = { title: "New order" };

export default async function NewOrderPage() {
  const { principal, ability } = await requireContext();
  if (!ability.can("create", "Order")) notFound();
  const options = await read((db) => orderFormOptions(db, ability));
  return (
    <>
      <PageHeader
        title="New order"
        description="Priced from your contract. Save it as a draft, check it, then submit it for approval."
        breadcrumbs={
          <Link href="/orders" className="hover:text-slate-700">
            Orders
          </Link>
        }
      />
      <OrderForm contracts={options.contracts} sites={options.sites} subAccounts={options.subAccounts} locale={principal.locale} />
    </>
  );
}
