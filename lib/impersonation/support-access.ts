import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import type { Db, Executor } from "@/db/client";
import { impersonationSessions, supportAccessGrants } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { AppAbility } from "@/lib/authz/ability";
import { authorize, loadSubjectFields } from "@/lib/authz/guard";
import { asSubject } from "@/lib/authz/subjects";
import type { Ctx } from "@/lib/context";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import type { Deliver } from "@/lib/mail/send";
import { endImpersonation } from "./end";
import { DEFAULT_SUPPORT_ACCESS, writeAccessOn, type SupportAccess } from "./rules";
import type { SupportAccessInput } from "./schemas";

/** An enterprise's support access as it stands (on and read-only when never changed). */
export async function supportAccessOf(db: Executor, enterpriseId: string): Promise<SupportAccess & { updatedAt: Date | null }> {
  const [row] = await db.select().from(supportAccessGrants).where(eq(supportAccessGrants.enterpriseId, enterpriseId));
  return row ? { supportEnabled: row.supportEnabled, writeUntil: row.writeUntil, updatedAt: row.updatedAt } : { ...DEFAULT_SUPPORT_ACCESS, updatedAt: null };
}

/** The fields the ability looks at for an enterprise's support access: it hangs on the enterprise's root. */
export async function supportAccessFields(db: Executor, enterpriseId: string | null) {
  if (!enterpriseId) return null;
  const root = await loadSubjectFields(db, "Customer", enterpriseId);
  return root && root.kind === "enterprise" ? { enterpriseId, path: root.path } : null;
}

/**
 * The enterprise's support access as the viewer may see it: the state and whether they may change
 * it, or null when they may not read it (a subtree admin, a customer user, CSP staff).
 */
export async function supportSettingsFor(db: Executor, ability: AppAbility, enterpriseId: string | null) {
  const fields = await supportAccessFields(db, enterpriseId);
  if (!fields || !ability.can("read", asSubject("SupportAccess", fields))) return null;
  return { state: await supportAccessOf(db, fields.enterpriseId), canChange: ability.can("update", asSubject("SupportAccess", fields)) };
}

function describe(s: SupportAccess, now: Date, locale: string, timeZone: string): string {
  if (!s.supportEnabled) return "off";
  return writeAccessOn(s, now) ? `on, with write access until ${formatDateTime(s.writeUntil, locale, timeZone)}` : "on, read-only";
}

/**
 * An enterprise admin of the whole enterprise switches support access on or off, or write access on
 * for some hours (or off). Switching support access off ends every open impersonation of the
 * enterprise at once (each person is told). Audited in the same transaction.
 */
export async function changeSupportAccess(db: Db, ctx: Ctx, input: SupportAccessInput, now = new Date()) {
  const enterpriseId = ctx.principal.enterpriseId;
  const fields = await supportAccessFields(db, enterpriseId);
  if (!fields) throw new NotFoundError();
  authorize(ctx.ability, "update", "SupportAccess", fields);
  const deliver: Deliver[] = [];
  const result = await db.transaction(async (tx) => {
    await tx.insert(supportAccessGrants).values({ enterpriseId: fields.enterpriseId }).onConflictDoNothing();
    const [before] = await tx.select().from(supportAccessGrants).where(eq(supportAccessGrants.enterpriseId, fields.enterpriseId)).for("update");
    const next: SupportAccess =
      input.change === "support"
        ? { supportEnabled: input.enabled, writeUntil: input.enabled ? before!.writeUntil : null }
        : { supportEnabled: before!.supportEnabled, writeUntil: input.hours === 0 ? null : new Date(now.getTime() + input.hours * 3_600_000) };
    if (input.change === "write" && input.hours > 0 && !before!.supportEnabled) throw new ConflictError("Switch support access on before allowing write access.");
    const [after] = await tx
      .update(supportAccessGrants)
      .set({ ...next, grantedById: ctx.principal.userId, updatedAt: now })
      .where(eq(supportAccessGrants.enterpriseId, fields.enterpriseId))
      .returning();
    const { locale, timeZone } = ctx.principal;
    await recordAudit(tx, ctx.principal, ctx.requestId, {
      action: "support_access.update",
      subjectType: "SupportAccess",
      subjectId: fields.enterpriseId,
      enterpriseId: fields.enterpriseId,
      nodeId: fields.enterpriseId,
      summary: `${ctx.principal.name} set support access ${describe(next, now, locale, timeZone)}`,
      before: { supportEnabled: before!.supportEnabled, writeUntil: before!.writeUntil?.toISOString() ?? null },
      after: { supportEnabled: after!.supportEnabled, writeUntil: after!.writeUntil?.toISOString() ?? null },
    });
    if (!next.supportEnabled) {
      const open = await tx
        .select({ id: impersonationSessions.id })
        .from(impersonationSessions)
        .where(and(eq(impersonationSessions.enterpriseId, fields.enterpriseId), isNull(impersonationSessions.endedAt)));
      for (const o of open) {
        const d = await endImpersonation(tx, o.id, "access_withdrawn", ctx.requestId, now, `support access switched off by ${ctx.principal.name}`);
        if (d) deliver.push(d);
      }
    }
    return { supportEnabled: after!.supportEnabled, writeUntil: after!.writeUntil };
  });
  for (const d of deliver) await d();
  return result;
}
