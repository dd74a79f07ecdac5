import { Breadcrumbs } from "@/components/ui/breadcrumbs";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { InviteForm } from "@/components/users/invite-form";
import { Card, CardBody } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { grantableNodes } from "@/lib/accounts/queries";
import { requireContext } from "@/lib/auth/principal";
import { currenciesInScope } from "@/lib/invitations/queries";
import { mailMode } from "@/lib/mail/send";
import { read } from "@/lib/read";

export const metadata: Metadata = { title: "Invite a user" };

export default async function InviteUserPage() {
  const { ability } = await requireContext();
  if (!ability.can("create", "User")) notFound();
  const [nodes, currencies] = await read((db) => Promise.all([grantableNodes(db, ability), currenciesInScope(db, ability)]));
  return (
    <>
      <PageHeader
        title="Invite a user"
        description="Add a person to your organisation with the roles they need from day one."
        breadcrumbs={<Breadcrumbs items={[{ href: "/users", label: "Users" }, { label: "Invite" }]} />}
      />
      {mailMode() === "outbox" ? (
        <p className="mb-4 rounded-md border border-amber-200 bg-amber-50 px-4 py-2.5 text-sm text-amber-800">
          No mail server is configured, so invitation mails go to the development{" "}
          <Link href="/outbox" className="font-medium underline">
            Outbox
          </Link>
          .
        </p>
      ) : null}
      <Card>
        <CardBody className="py-6">
          <InviteForm nodes={nodes} currencies={currencies} />
        </CardBody>
      </Card>
    </>
  );
}
