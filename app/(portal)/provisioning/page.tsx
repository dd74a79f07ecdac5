import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ListCard } from "@/components/list/list-card";
import { SearchField } from "@/components/list/search-field";
import { SortHeader } from "@/components/list/sort-header";
import { CopyButton } from "@/components/scim/copy-button";
import { CreateTokenForm } from "@/components/scim/create-token-form";
import { GroupRoleForm } from "@/components/scim/group-role-form";
import { RemoveGroupRoleButton } from "@/components/scim/remove-group-role-button";
import { RevokeTokenButton } from "@/components/scim/revoke-token-button";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { requireContext } from "@/lib/auth/principal";
import { ROLE_LABELS, type Role } from "@/lib/authz/vocabulary";
import { formatDateTime } from "@/lib/format";
import { appOrigin } from "@/lib/mail/origin";
import { read } from "@/lib/read";
import { SCIM_BASE_PATH } from "@/lib/scim/constants";
import { scimGroupsList } from "@/lib/scim/list";
import { provisioningOverview } from "@/lib/scim/queries";

export const metadata: Metadata = { title: "Provisioning" };

/**
 * SCIM provisioning (issue 11): the address and tokens an identity provider (Microsoft Entra ID,
 * Okta…) uses to create, update and deactivate the enterprise's people, and the groups it pushes
 * with the roles their membership grants.
 */
export default async function ProvisioningPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { principal, ability } = await requireContext();
  if (!ability.can("read", "ScimToken")) notFound();
  const { locale, timeZone } = principal;
  const [overview, base] = await Promise.all([read((db) => provisioningOverview(db, ability, principal)), appOrigin().then((o) => `${o}${SCIM_BASE_PATH}`)]);
  const view = overview.managesGroups ? await scimGroupsList.view({ ability, timeZone }, await searchParams) : null;
  const when = (d: Date | null) => (d ? <time dateTime={d.toISOString()}>{formatDateTime(d, locale, timeZone)}</time> : <span className="text-slate-500">Never</span>);

  return (
    <>
      <PageHeader title="Provisioning" description="Let your identity provider create, update and deactivate your people through SCIM 2.0, and grant roles through its groups." />

      <Card className="mb-6" aria-labelledby="scim-connect-title">
        <CardHeader title={<span id="scim-connect-title">Connect your identity provider</span>} description="In Microsoft Entra ID: Enterprise application → Provisioning → Tenant URL and Secret token. In Okta: SCIM connector base URL, HTTP header authentication." />
        <CardBody>
          <div className="flex flex-wrap items-end gap-2">
            <div className="min-w-0 flex-1">
              <label htmlFor="scim-base-url" className="block text-sm font-medium text-slate-700">
                SCIM base URL
              </label>
              <input id="scim-base-url" readOnly value={base} className="mt-1 block w-full rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-sm text-slate-800" />
            </div>
            <CopyButton value={base} label="Copy the SCIM base URL" />
          </div>
          <p className="mt-3 text-sm text-slate-600">
            The user name is the person&apos;s e-mail address. People arrive with no roles and sign in through your single sign-on; deactivating or deleting them in the identity provider ends their sessions here at once.
          </p>
        </CardBody>
      </Card>

      <Card className="mb-6" aria-labelledby="scim-tokens-title">
        <CardHeader title={<span id="scim-tokens-title">Tokens</span>} description="Each token acts as an enterprise admin of the scope of the admin who created it, and everything it does is in the audit log under its name." />
        {overview.canCreate ? (
          <CardBody className="border-b border-slate-100">
            <CreateTokenForm scopeName={overview.scopeName} />
          </CardBody>
        ) : null}
        {overview.tokens.length ? (
          <Table caption="SCIM tokens">
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Provisions into</Th>
                <Th>Created</Th>
                <Th>Last used</Th>
                <Th>State</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {overview.tokens.map((t) => (
                <tr key={t.id} data-testid="scim-token-row">
                  <Td className="font-medium text-slate-800">{t.name}</Td>
                  <Td>{t.scopeName}</Td>
                  <Td className="whitespace-nowrap">
                    {when(t.createdAt)}
                    {t.createdByName ? <span className="block text-xs text-slate-500">by {t.createdByName}</span> : null}
                  </Td>
                  <Td className="whitespace-nowrap">{when(t.lastUsedAt)}</Td>
                  <Td>{t.revokedAt ? <Badge tone="red">Revoked {formatDateTime(t.revokedAt, locale, timeZone)}</Badge> : <Badge tone="green">Active</Badge>}</Td>
                  <Td className="text-right">{t.canRevoke ? <RevokeTokenButton tokenId={t.id} name={t.name} /> : null}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        ) : (
          <EmptyState title="No tokens yet" description="Create one for your identity provider; it is shown once." />
        )}
      </Card>

      {view ? (
        <>
          <h2 className="mb-2 text-sm font-semibold text-slate-900">Groups from your identity provider</h2>
          <p className="mb-3 max-w-3xl text-sm text-slate-600">
            Membership of a group can grant a role on a node. Members get it when they join (or when you add the role) and lose it when they leave; roles granted to someone directly are never touched. Approvers need a personal limit, so they are granted on the person&apos;s page.
          </p>
          <ListCard
            view={view}
            locale={locale}
            label="Filter groups"
            one="group"
            many="groups"
            caption="Groups pushed by the identity provider"
            empty={{ title: "No groups yet", description: "When your identity provider pushes groups, they appear here so you can say what their membership grants." }}
            filters={<SearchField value={view.filterValues.q} label="Search" placeholder="Group name" />}
            head={
              <>
                <SortHeader view={view} keys={[{ key: "name", label: "Group" }]} />
                <SortHeader view={view} keys={[{ key: "members", label: "Members" }]} className="w-28" />
                <Th>Membership grants</Th>
              </>
            }
          >
            {view.rows.map((g) => (
              <tr key={g.id} className="align-top" data-testid="scim-group-row">
                <Td>
                  <span className="block font-medium text-slate-800">{g.displayName}</span>
                  {g.externalId ? <span className="block font-mono text-xs text-slate-500">{g.externalId}</span> : null}
                </Td>
                <Td numeric>{g.members.toLocaleString(locale)}</Td>
                <Td>
                  <ul className="flex flex-wrap gap-1.5">
                    {g.mappings.map((m) => {
                      const label = `${ROLE_LABELS[m.role as Role]} on ${m.nodeName}`;
                      return (
                        <li key={m.id} className="inline-flex items-center gap-1 rounded-md bg-brand-50 py-0.5 pl-2 pr-1 text-xs font-medium text-brand-700 ring-1 ring-inset ring-brand-100">
                          {label}
                          <RemoveGroupRoleButton mappingId={m.id} label={label} groupName={g.displayName} />
                        </li>
                      );
                    })}
                    {g.mappings.length === 0 ? <li className="text-sm text-slate-500">No roles</li> : null}
                  </ul>
                  <GroupRoleForm groupId={g.id} groupName={g.displayName} nodes={overview.nodes} />
                </Td>
              </tr>
            ))}
          </ListCard>
        </>
      ) : (
        <Card>
          <CardBody>
            <p className="text-sm text-slate-600">Groups are enterprise-wide: an admin of the whole enterprise says what their membership grants. Tokens created here provision people only.</p>
          </CardBody>
        </Card>
      )}
    </>
  );
}
