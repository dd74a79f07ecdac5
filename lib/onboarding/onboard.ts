import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import type { Db, Executor } from "@/db/client";
import { accountNodes, invitations, sites, users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { asSubject } from "@/lib/authz/subjects";
import { childPath } from "@/lib/authz/paths";
import type { Ctx } from "@/lib/context";
import { env } from "@/lib/env";
import { ConflictError, ForbiddenError, InvalidError, isUniqueViolation } from "@/lib/errors";
import { invitationMailFor } from "@/lib/invitations/invite";
import { invitationExpiry, invitationLink, newInvitationToken } from "@/lib/invitations/tokens";
import { queueMail, type Deliver } from "@/lib/mail/send";
import { normalisePostcode } from "@/lib/sites/schemas";
import { insertGrant } from "@/lib/users/mutations";
import type { OnboardInput } from "./schema";

type NodeRow = typeof accountNodes.$inferInsert;

/** Onboarding creates what does not exist yet: a refusal is a 403, not a "not found". */
export function mayOnboard(ctx: Pick<Ctx, "ability">) {
  const subject = { kind: "enterprise" };
  if (!ctx.ability.can("create", asSubject("Customer", subject)) || !ctx.ability.can("create", asSubject("AccountNode", subject))) {
    throw new ForbiddenError("Only CSP administrators onboard enterprises.");
  }
}

/** The CSP users who may be assigned to an enterprise as its account managers (active CSP staff). */
export async function assignableManagers(db: Executor, exceptUserId?: string) {
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    // Never oneself: no one grants themselves a role (rule 3), the account manager's included.
    .where(and(isNull(users.enterpriseId), eq(users.status, "active"), exceptUserId ? ne(users.id, exceptUserId) : undefined))
    .orderBy(users.name)
    .limit(500);
}

/** The account nodes and sites of an onboarding, with their ids and materialized paths. */
export function planTree(input: OnboardInput, now: Date) {
  const rootId = randomUUID();
  const root: NodeRow = { id: rootId, enterpriseId: rootId, parentId: null, kind: "enterprise", name: input.enterprise.name, code: input.enterprise.code, path: childPath(null, rootId), createdAt: now };
  const nodes: NodeRow[] = [root];
  const siteRows: (typeof sites.$inferInsert)[] = [];
  for (const le of input.legalEntities) {
    const leId = randomUUID();
    const leRow: NodeRow = { id: leId, enterpriseId: rootId, parentId: rootId, kind: "legal_entity", name: le.name, path: childPath(root.path, leId), countryCode: le.countryCode, currency: le.currency, registrationNumber: le.registrationNumber, taxId: le.taxId, createdAt: now };
    nodes.push(leRow);
    for (const ba of le.billingAccounts) {
      const baId = randomUUID();
      const baRow: NodeRow = {
        id: baId,
        enterpriseId: rootId,
        parentId: leId,
        kind: "billing_account",
        name: ba.name,
        code: ba.code,
        path: childPath(leRow.path, baId),
        countryCode: le.countryCode,
        currency: ba.currency,
        paymentTerms: ba.paymentTerms,
        billingCycle: ba.billingCycle,
        billToContact: { name: ba.billToName, email: ba.billToEmail },
        createdAt: now,
      };
      nodes.push(baRow);
      for (const sub of ba.subAccounts) {
        const subId = randomUUID();
        nodes.push({ id: subId, enterpriseId: rootId, parentId: baId, kind: "sub_account", name: sub.name, code: sub.code, subAccountKind: sub.kind, path: childPath(baRow.path, subId), countryCode: le.countryCode, createdAt: now });
        if (sub.site) siteRows.push({ ...sub.site, postcode: normalisePostcode(sub.site.countryCode, sub.site.postcode), subAccountId: subId, enterpriseId: rootId, createdAt: now, updatedAt: now });
      }
    }
  }
  return { rootId, nodes, siteRows };
}

/**
 * A CSP administrator onboards an enterprise (issue 10): the tree, the sites, its first enterprise
 * admin (invited, with the enterprise admin role on the root) and its account managers, in one
 * transaction with their audit events; the invitation mail goes after the commit. `create Customer`
 * is what allows all of it: the first admin's role is part of creating the enterprise (no admin of
 * it exists yet to grant it). A repeated enterprise name or a taken e-mail address changes nothing.
 */
export async function onboardEnterprise(db: Db, ctx: Ctx, input: OnboardInput, origin: string, now = new Date()) {
  mayOnboard(ctx);

  const { rootId, nodes, siteRows } = planTree(input, now);
  const { token, tokenHash } = newInvitationToken();
  const expiresAt = invitationExpiry(now, env().INVITATION_TTL_HOURS);
  const link = invitationLink(origin, token);
  const grantedBy = ctx.principal.userId;
  let deliver: Deliver;
  try {
    await db.transaction(async (tx) => {
      // One onboarding of a name at a time, so two clicks cannot make two enterprises of it.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`onboard:${input.enterprise.name.toLowerCase()}`}))`);
      const [same] = await tx.select({ id: accountNodes.id }).from(accountNodes).where(and(eq(accountNodes.kind, "enterprise"), sql`lower(${accountNodes.name}) = ${input.enterprise.name.toLowerCase()}`));
      if (same) throw new ConflictError(`An enterprise named ${input.enterprise.name} already exists.`, { "enterprise.name": ["An enterprise with this name already exists"] });
      const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.email, input.admin.email));
      if (taken) throw new ConflictError(`${input.admin.email} already has an account.`, { "admin.email": ["This address already has an account"] });

      // Active CSP staff, as they are now (their rows locked until the grants commit).
      const managers = input.accountManagerIds.length
        ? await tx.select({ id: users.id, name: users.name }).from(users).where(and(inArray(users.id, input.accountManagerIds), isNull(users.enterpriseId), eq(users.status, "active"))).for("update")
        : [];
      if (managers.length !== input.accountManagerIds.length) throw new InvalidError("Choose account managers from the list.", { accountManagerIds: ["Choose account managers from the list."] });
      // Each grant as the ability allows it (never to oneself), as on the account managers' page.
      for (const m of managers) {
        if (!ctx.ability.can("grant", asSubject("RoleAssignment", { role: "account_manager", userId: m.id, enterpriseId: rootId, path: childPath(null, rootId), holderPath: null, holderRolePaths: [] }))) {
          throw new InvalidError(`${m.name} cannot be made its account manager by you.`, { accountManagerIds: ["You cannot make yourself its account manager"] });
        }
      }
      await tx.insert(accountNodes).values(nodes);
      if (siteRows.length) await tx.insert(sites).values(siteRows);
      const [admin] = await tx
        .insert(users)
        .values({ enterpriseId: rootId, unitNodeId: rootId, email: input.admin.email, name: input.admin.name, passwordHash: null, status: "invited", locale: ctx.principal.locale, timeZone: ctx.principal.timeZone, createdAt: now })
        .returning();
      const counts = { legalEntities: input.legalEntities.length, billingAccounts: nodes.filter((n) => n.kind === "billing_account").length, subAccounts: nodes.filter((n) => n.kind === "sub_account").length, sites: siteRows.length };
      await recordAudit(tx, ctx.principal, ctx.requestId, {
        action: "customer.onboard",
        subjectType: "Customer",
        subjectId: rootId,
        enterpriseId: rootId,
        nodeId: rootId,
        summary: `Onboarded ${input.enterprise.name}: ${counts.legalEntities} legal ${counts.legalEntities === 1 ? "entity" : "entities"} (${[...new Set(input.legalEntities.map((l) => l.currency))].join(", ")}), ${counts.billingAccounts} billing ${counts.billingAccounts === 1 ? "account" : "accounts"}, ${counts.subAccounts} sub-accounts, ${counts.sites} sites`,
        after: { name: input.enterprise.name, code: input.enterprise.code, ...counts, legalEntities: input.legalEntities.map((l) => ({ name: l.name, countryCode: l.countryCode, currency: l.currency })), admin: input.admin.email, accountManagers: managers.map((m) => m.name) },
      });
      await recordAudit(tx, ctx.principal, ctx.requestId, {
        action: "user.invite",
        subjectType: "User",
        subjectId: admin!.id,
        enterpriseId: rootId,
        nodeId: rootId,
        summary: `Invited ${admin!.name} (${admin!.email}) to ${input.enterprise.name} as its first enterprise admin`,
        after: { email: admin!.email, name: admin!.name, unitNodeId: rootId, status: "invited", assignments: 1 },
      });
      const grant = (userId: string, role: "enterprise_admin" | "account_manager") => ({
        userId,
        enterpriseId: rootId,
        role,
        scopeNodeId: rootId,
        approvalLimitMinor: null,
        spendLimitMinor: null,
        limitCurrency: null,
        expiresAt: null,
        grantedById: grantedBy,
      });
      await insertGrant(tx, ctx, grant(admin!.id, "enterprise_admin"));
      for (const m of managers) await insertGrant(tx, ctx, grant(m.id, "account_manager"));
      await tx.insert(invitations).values({ enterpriseId: rootId, userId: admin!.id, email: admin!.email, tokenHash, invitedById: grantedBy, createdAt: now, expiresAt });
      deliver = await queueMail(tx, [{ ...invitationMailFor(ctx, { ...admin!, enterpriseId: rootId }, input.enterprise.name, link, expiresAt), purpose: "onboarding_invitation" }]);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`${input.admin.email} already has an account.`, { "admin.email": ["This address already has an account"] });
    throw error;
  }
  const delivery = await deliver!();
  return { id: rootId, name: input.enterprise.name, link, mailFailed: delivery.failed > 0 };
}
