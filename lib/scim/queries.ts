import "server-only";
import type { Executor } from "@/db/client";
import { grantableNodes } from "@/lib/accounts/queries";
import type { AppAbility } from "@/lib/authz/ability";
import { loadSubjectFields } from "@/lib/authz/guard";
import type { Principal } from "@/lib/authz/principal";
import { asSubject } from "@/lib/authz/subjects";
import { listScimTokens } from "./tokens";

/**
 * What /provisioning shows besides the group list: the tokens the viewer may read (and which of
 * them it may revoke), whether it may create one, whether it manages the enterprise's groups, and
 * the nodes it may map a group's role onto.
 */
export async function provisioningOverview(db: Executor, ability: AppAbility, principal: Principal) {
  const tokens = await listScimTokens(db, ability);
  const adminScope = principal.assignments
    .filter((a) => a.role === "enterprise_admin" && a.scopePath)
    .sort((a, b) => a.scopePath!.length - b.scopePath!.length)[0];
  const canCreate = Boolean(adminScope && principal.enterpriseId && ability.can("create", asSubject("ScimToken", { enterpriseId: principal.enterpriseId, path: adminScope.scopePath })));
  const root = principal.enterpriseId ? await loadSubjectFields(db, "AccountNode", principal.enterpriseId) : null;
  const managesGroups = Boolean(root && ability.can("update", asSubject("ScimGroup", { enterpriseId: principal.enterpriseId, path: root.path })));
  return {
    tokens: tokens.map(({ path, enterpriseId, ...t }) => ({ ...t, canRevoke: !t.revokedAt && ability.can("delete", asSubject("ScimToken", { id: t.id, enterpriseId, path })) })),
    canCreate,
    scopeName: adminScope?.scopeName ?? null,
    managesGroups,
    nodes: managesGroups ? await grantableNodes(db, ability) : [],
  };
}
