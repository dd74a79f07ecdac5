import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AccountTree } from "@/components/accounts/account-tree";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { readableTree } from "@/lib/accounts/queries";
import { requireContext } from "@/lib/auth/principal";
import { read } from "@/lib/read";

export const metadata: Metadata = { title: "Accounts" };

export default async function AccountsPage() {
  const { ability } = await requireContext();
  if (!ability.can("read", "AccountNode")) notFound();
  const tree = await read((db) => readableTree(db, ability));
  return (
    <>
      <PageHeader title="Accounts" description="Your organisation's account hierarchy: legal entities, billing accounts and sub-accounts within your scope." />
      <Card>{tree.length ? <AccountTree nodes={tree} /> : <EmptyState title="No accounts in your scope" />}</Card>
    </>
  );
}
