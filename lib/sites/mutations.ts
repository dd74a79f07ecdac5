import "server-only";
import { eq } from "drizzle-orm";
import type { Db, Executor } from "@/db/client";
import { accountNodes, sites, type Site } from "@/db/schema";
import { diff, recordAudit } from "@/lib/audit/record";
import { authorize, authorizeById, authorizeLocked, loadSubjectFields } from "@/lib/authz/guard";
import type { Ctx } from "@/lib/context";
import { InvalidError, NotFoundError } from "@/lib/errors";
import type { SiteFields, UpdateSiteInput } from "./schemas";

/** The fields a form can change; what the audit diff compares. */
const EDITABLE = ["name", "addressLine1", "addressLine2", "city", "region", "postcode", "countryCode", "contactName", "contactEmail", "contactPhone", "subAccountId"] as const;

function editable(site: Pick<Site, (typeof EDITABLE)[number]>) {
  return Object.fromEntries(EDITABLE.map((k) => [k, site[k] ?? null])) as Record<(typeof EDITABLE)[number], string | null>;
}

/**
 * The sub-account a site would hang on: it must be readable (404 otherwise), be a sub-account, and
 * the ability must allow `action` on a site there (403 otherwise).
 */
async function checkSubAccount(db: Executor, ctx: Ctx, subAccountId: string, action: "create" | "update") {
  const node = await loadSubjectFields(db, "AccountNode", subAccountId);
  authorize(ctx.ability, "read", "AccountNode", node);
  if (node!.kind !== "sub_account") throw new InvalidError("A site belongs to a sub-account.", { subAccountId: ["Choose a sub-account"] });
  authorize(ctx.ability, action, "Site", { path: node!.path, enterpriseId: node!.enterpriseId });
  return { id: subAccountId, enterpriseId: node!.enterpriseId as string };
}

/** Creates a site on a sub-account in scope, in one transaction with its audit event. */
export async function createSite(db: Db, ctx: Ctx, input: SiteFields) {
  const node = await checkSubAccount(db, ctx, input.subAccountId, "create");
  return db.transaction(async (tx) => {
    const [created] = await tx
      .insert(sites)
      .values({ ...input, enterpriseId: node.enterpriseId })
      .returning();
    await recordAudit(tx, ctx.principal, ctx.requestId, {
      action: "site.create",
      subjectType: "Site",
      subjectId: created!.id,
      enterpriseId: node.enterpriseId,
      nodeId: node.id,
      summary: `Created site ${created!.name}`,
      before: null,
      after: editable(created!),
    });
    return created!;
  });
}

/**
 * Edits a site. The site must be editable where it is (404 if not even readable); moving it to
 * another sub-account needs the right there too. One transaction with its before/after audit event.
 */
export async function updateSite(db: Db, ctx: Ctx, input: UpdateSiteInput) {
  const { id, ...fields } = input;
  const current = await authorizeById(db, ctx.ability, "update", "Site", id);
  return db.transaction(async (tx) => {
    // Checked again under the row lock: a concurrent move out of the admin's scope cannot slip in.
    await authorizeLocked(tx, ctx.ability, "update", "Site", id);
    const [before] = await tx.select().from(sites).where(eq(sites.id, id));
    if (!before) throw new NotFoundError();
    const moving = fields.subAccountId !== before.subAccountId;
    if (moving) {
      const target = await checkSubAccount(tx, ctx, fields.subAccountId, "update");
      if (target.enterpriseId !== current.enterpriseId) throw new InvalidError("A site stays in its own enterprise.", { subAccountId: ["Choose a sub-account of this enterprise"] });
    }
    const change = diff(editable(before), editable(fields));
    if (Object.keys(change.after).length === 0) return { site: before, changed: false };
    const [after] = await tx
      .update(sites)
      .set({ ...fields, updatedAt: new Date() })
      .where(eq(sites.id, id))
      .returning();
    await recordAudit(tx, ctx.principal, ctx.requestId, {
      action: moving ? "site.move" : "site.update",
      subjectType: "Site",
      subjectId: id,
      enterpriseId: before.enterpriseId,
      nodeId: after!.subAccountId,
      summary: moving
        ? `Moved site ${after!.name} from ${await nodeName(tx, before.subAccountId)} to ${await nodeName(tx, after!.subAccountId)}`
        : `Updated site ${after!.name} (${[...new Set(Object.keys(change.after).map(label))].join(", ")})`,
      before: change.before,
      after: change.after,
    });
    return { site: after!, changed: true };
  });
}

const LABELS: Record<string, string> = {
  name: "name",
  addressLine1: "address",
  addressLine2: "address",
  city: "city",
  region: "region",
  postcode: "postcode",
  countryCode: "country",
  contactName: "contact name",
  contactEmail: "contact email",
  contactPhone: "contact phone",
  subAccountId: "sub-account",
};

async function nodeName(db: Executor, id: string) {
  const [n] = await db.select({ name: accountNodes.name }).from(accountNodes).where(eq(accountNodes.id, id));
  return n?.name ?? "a sub-account";
}

function label(field: string): string {
  return LABELS[field] ?? field;
}
