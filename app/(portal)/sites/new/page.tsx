import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { SiteForm } from "@/components/sites/site-form";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireContext } from "@/lib/auth/principal";
import { countryOptions } from "@/lib/sites/countries";
import { siteSubAccountChoices } from "@/lib/sites/queries";
import { read } from "@/lib/read";

export const metadata: Metadata = { title: "New site" };

const paramsSchema = z.object({ subAccount: z.string().uuid().optional().catch(undefined) });

export default async function NewSitePage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { ability } = await requireContext();
  if (!ability.can("create", "Site")) notFound();
  const params = paramsSchema.parse(await searchParams);
  const choices = await read((db) => siteSubAccountChoices(db, ability, "create"));
  const preset = choices.find((c) => c.id === params.subAccount)?.id ?? (choices.length === 1 ? choices[0]!.id : "");
  return (
    <div className="max-w-4xl">
      <PageHeader
        title="New site"
        description="Add a place where services can be installed and delivered."
        breadcrumbs={
          <Link href="/sites" className="hover:text-slate-700">
            Sites
          </Link>
        }
      />
      {choices.length === 0 ? (
        <Card>
          <EmptyState title="No sub-account to add a site to" description="Sites belong to sub-accounts, and there is none in your scope where you may add one." />
        </Card>
      ) : (
        <SiteForm
          mode="create"
          subAccounts={choices}
          countries={countryOptions()}
          initial={{ name: "", addressLine1: "", addressLine2: null, city: "", region: null, postcode: "", countryCode: "", contactName: null, contactEmail: null, contactPhone: null, subAccountId: preset }}
        />
      )}
    </div>
  );
}
