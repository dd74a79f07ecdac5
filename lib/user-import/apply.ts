import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db, Executor } from "@/db/client";
import { accountNodes, auditEvents, invitations, roleAssignments, users } from "@/db/schema";
import { recordAudit, type AuditInput } from "@/lib/audit/record";
import { accessibleWhere } from "@/lib/authz/sql";
import { asSubject } from "@/lib/authz/subjects";
import { ROLE_LABELS } from "@/lib/authz/vocabulary";
import type { Ctx } from "@/lib/context";
import { env } from "@/lib/env";
import { ConflictError, ForbiddenError, isUniqueViolation, TooManyRequestsError } from "@/lib/errors";
import { invitationMailFor } from "@/lib/invitations/invite";
import { invitationExpiry, invitationLink, newInvitationToken } from "@/lib/invitations/tokens";
import { queueMail, type Deliver, type DeliveryResult } from "@/lib/mail/send";
import { crossRowErrors, groupPeople, readImportCsv, sortErrors, validateRowShape, type ImportRow, type RowError } from "./rows";

/**
 * The database half of the bulk user import. Preview and apply run the same validation of every
 * row — shape, nodes looked up by code or exact name among the nodes the admin can read in its
 * enterprise, the same scope checks checkGrant makes, e-mails already taken — and report problems
 * by line. Apply writes only when there is none, in one transaction: users, assignments,
 * invitations, mails and audit events commit together or not at all.
 */
export type ImportProgress = { phase: "validating" | "writing" | "sending"; done: number; total: number };
export type OnProgress = (p: ImportProgress) => void | Promise<void>;

export type ImportReport = {
  ok: boolean;
  mode: "preview" | "apply";
  rows: number;
  people: number;
  assignments: number;
  errors: RowError[];
  moreErrors: number;
  sample: { line: number; email: string; name: string; unit: string; roles: string[] }[];
  applied?: { users: number; assignments: number; invitations: number };
  mail?: DeliveryResult;
};

const CHUNK = 500;
const WRITE_CHUNK = 200;
// Stands for "a user being created": never the admin's own id, so the self-grant rule is not what decides.
const NEW_USER_ID = "00000000-0000-4000-8000-000000000000";

type NodeRef = { id: string; name: string; code: string | null; path: string; enterpriseId: string };
type Resolved = ImportRow & { unitNode: NodeRef; scopeNode: NodeRef | null };

async function nodeResolver(db: Executor, ctx: Ctx) {
  const nodes: NodeRef[] = ctx.principal.enterpriseId
    ? await db
        .select({ id: accountNodes.id, name: accountNodes.name, code: accountNodes.code, path: accountNodes.path, enterpriseId: accountNodes.enterpriseId })
        .from(accountNodes)
        .where(and(eq(accountNodes.enterpriseId, ctx.principal.enterpriseId), accessibleWhere(ctx.ability, "read", "AccountNode")))
    : [];
  const byCode = new Map<string, NodeRef[]>();
  const byName = new Map<string, NodeRef[]>();
  for (const n of nodes) {
    if (n.code) byCode.set(n.code.toLowerCase(), [...(byCode.get(n.code.toLowerCase()) ?? []), n]);
    byName.set(n.name, [...(byName.get(n.name) ?? []), n]);
  }
  return (text: string, what: string): NodeRef | string => {
    const code = byCode.get(text.toLowerCase());
    if (code?.length === 1) return code[0]!;
    const named = byName.get(text) ?? [];
    if (named.length === 1) return named[0]!;
    if (named.length > 1 || (code?.length ?? 0) > 1) return `The ${what} "${text}" matches several nodes; use the node's code.`;
    return `No node with the code or name "${text}" in your scope (${what}).`;
  };
}

async function validate(db: Executor, ctx: Ctx, text: string, onProgress: OnProgress) {
  if (!ctx.ability.can("create", "User")) throw new ForbiddenError("You may not import users.");
  const { rows, errors } = readImportCsv(text);
  const valid: Resolved[] = [];
  if (errors.length && rows.length === 0) return { rowCount: rows.length, valid, errors };
  const resolve = await nodeResolver(db, ctx);
  const now = new Date();
  const total = rows.length;
  for (let start = 0; start < total; start += CHUNK) {
    const chunk: Resolved[] = [];
    for (const raw of rows.slice(start, start + CHUNK)) {
      const shaped = validateRowShape(raw, now);
      errors.push(...shaped.errors);
      const row = shaped.row;
      if (!row) continue;
      const rowErrors: string[] = [];
      const unitNode = resolve(row.unit, "unit");
      const scopeNode = row.scope ? resolve(row.scope, "scope") : null;
      if (typeof unitNode === "string") rowErrors.push(unitNode);
      if (typeof scopeNode === "string") rowErrors.push(scopeNode);
      if (typeof unitNode !== "string") {
        // A new person: no roles yet; each role of the row is checked as a grant below.
        const subject = { enterpriseId: unitNode.enterpriseId, path: unitNode.path, rolePaths: [] };
        const may = ["create", "update"].every((a) => ctx.ability.can(a as "create", asSubject("User", subject))) && ctx.ability.can("create", asSubject("Invitation", subject));
        if (!may) rowErrors.push(`You may not add people to ${unitNode.name}.`);
      }
      if (row.role && scopeNode && typeof scopeNode !== "string") {
        const holderPath = typeof unitNode === "string" ? null : unitNode.path;
        const grant = { path: scopeNode.path, role: row.role, userId: NEW_USER_ID, enterpriseId: scopeNode.enterpriseId, holderPath, holderRolePaths: [] };
        if (!ctx.ability.can("grant", asSubject("RoleAssignment", grant))) rowErrors.push(`You may not grant ${ROLE_LABELS[row.role]} on ${scopeNode.name}.`);
        if (typeof unitNode !== "string" && scopeNode.enterpriseId !== unitNode.enterpriseId) rowErrors.push("The scope must be in the person's own enterprise.");
      }
      if (rowErrors.length) errors.push(...rowErrors.map((message) => ({ line: row.line, message })));
      else chunk.push({ ...row, unitNode: unitNode as NodeRef, scopeNode: (scopeNode as NodeRef | null) ?? null });
    }
    const emails = [...new Set(chunk.map((r) => r.email))];
    // Addresses already taken: named as such only when the admin can see that person; anyone else
    // (another enterprise, another subtree, CSP staff) "cannot be invited", as in the invite form.
    const taken = new Map<string, boolean>();
    if (emails.length) {
      const found = await db
        .select({ email: users.email, visible: sql<boolean>`${accessibleWhere(ctx.ability, "read", "User")}` })
        .from(users)
        .where(inArray(users.email, emails));
      for (const u of found) taken.set(u.email, Boolean(u.visible));
    }
    for (const r of chunk) {
      const visible = taken.get(r.email);
      if (visible === true) errors.push({ line: r.line, message: `A user with the email ${r.email} already exists.` });
      else if (visible === false) errors.push({ line: r.line, message: `${r.email} cannot be invited.` });
      else valid.push(r);
    }
    await onProgress({ phase: "validating", done: Math.min(start + CHUNK, total), total });
  }
  errors.push(...crossRowErrors(valid));
  return { rowCount: rows.length, valid, errors };
}

/** The first row of each e-mail, which carries the person's unit. */
function firstRows(rows: Resolved[]) {
  const first = new Map<string, Resolved>();
  for (const r of rows) if (!first.has(r.email)) first.set(r.email, r);
  return first;
}

function report(mode: "preview" | "apply", v: Awaited<ReturnType<typeof validate>>): ImportReport {
  const people = groupPeople(v.valid);
  const first = firstRows(v.valid);
  const sorted = sortErrors(v.errors);
  return {
    ok: v.errors.length === 0,
    mode,
    rows: v.rowCount,
    people: people.length,
    assignments: people.reduce((n, p) => n + p.assignments.length, 0),
    errors: sorted.errors,
    moreErrors: sorted.more,
    sample: people.slice(0, 10).map((p) => ({
      line: p.line,
      email: p.email,
      name: p.name,
      unit: first.get(p.email)?.unitNode.name ?? p.unit,
      roles: p.assignments.map((a) => `${ROLE_LABELS[a.role!]} · ${(a as Resolved).scopeNode?.name ?? a.scope}`),
    })),
  };
}

/** Imports and previews an admin may run per hour: a run answers for up to 20,000 addresses. */
export const IMPORT_RUNS_PER_HOUR = 30;

/**
 * Every run, preview or apply, whatever its outcome, is recorded before it starts and counted:
 * a run says row by row which addresses are taken, so it is bounded and visible like an import.
 * The count and the record happen under a per-admin advisory lock, so concurrent runs cannot all
 * slip under the cap.
 */
async function startRun(db: Db, ctx: Ctx, mode: "preview" | "apply", text: string, now = new Date()) {
  if (!ctx.ability.can("create", "User")) throw new ForbiddenError("You may not import users.");
  const actor = ctx.principal.impersonation?.byUserId ?? ctx.principal.userId;
  const lines = text.split("\n").filter((l) => l.trim()).length;
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`user-import:${actor}`}))`);
    const [row] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.actorId, actor),
          inArray(auditEvents.action, ["user.import_attempt", "user.import_preview"]),
          sql`${auditEvents.createdAt} > ${new Date(now.getTime() - 3_600_000).toISOString()}::timestamptz`,
        ),
      );
    if ((row?.n ?? 0) >= IMPORT_RUNS_PER_HOUR) throw new TooManyRequestsError(`You have run ${IMPORT_RUNS_PER_HOUR} imports or previews in the last hour. Please try again later.`);
    await recordAudit(tx, ctx.principal, ctx.requestId, {
      action: mode === "preview" ? "user.import_preview" : "user.import_attempt",
      subjectType: "User",
      nodeId: ctx.principal.unitNodeId,
      summary: `${mode === "preview" ? "Previewed" : "Started"} a user import of ${Math.max(0, lines - 1)} rows`,
      after: { lines, bytes: new TextEncoder().encode(text).length },
    });
  });
}

/** Validates every row and reports; writes nothing but the record of the run. */
export async function previewImport(db: Db, ctx: Ctx, text: string, onProgress: OnProgress = () => {}): Promise<ImportReport> {
  await startRun(db, ctx, "preview", text);
  return report("preview", await validate(db, ctx, text, onProgress));
}

/** Validates again (a preview is never trusted) and, when every row is right, imports all of it at once. */
export async function applyImport(db: Db, ctx: Ctx, text: string, origin: string, onProgress: OnProgress = () => {}): Promise<ImportReport> {
  await startRun(db, ctx, "apply", text);
  const v = await validate(db, ctx, text, onProgress);
  const result = report("apply", v);
  if (!result.ok) return result;

  const people = groupPeople(v.valid);
  const firstRow = firstRows(v.valid);
  const inviter = ctx.principal.impersonation?.byUserId ?? ctx.principal.userId;
  const now = new Date();
  const expiresAt = invitationExpiry(now, env().INVITATION_TTL_HOURS);
  const delivers: Deliver[] = [];
  let assignmentCount = 0;
  try {
    await db.transaction(async (tx) => {
      const orgs = new Map((await tx.select({ id: accountNodes.id, name: accountNodes.name }).from(accountNodes).where(eq(accountNodes.kind, "enterprise"))).map((n) => [n.id, n.name]));
      for (let start = 0; start < people.length; start += WRITE_CHUNK) {
        const batch = people.slice(start, start + WRITE_CHUNK);
        const created = await tx
          .insert(users)
          .values(
            batch.map((p) => {
              const unit = firstRow.get(p.email)!.unitNode;
              return { enterpriseId: unit.enterpriseId, unitNodeId: unit.id, email: p.email, name: p.name, passwordHash: null, status: "invited" as const, locale: ctx.principal.locale, timeZone: ctx.principal.timeZone };
            }),
          )
          .returning();
        const idOf = new Map(created.map((u) => [u.email, u] as const));
        const grants = batch.flatMap((p) =>
          p.assignments.map((a) => {
            const scope = (a as Resolved).scopeNode!;
            return {
              userId: idOf.get(p.email)!.id,
              enterpriseId: scope.enterpriseId,
              role: a.role!,
              scopeNodeId: scope.id,
              approvalLimitMinor: a.role === "approver" ? a.approvalLimitMinor : null,
              spendLimitMinor: a.role === "orderer" ? a.spendLimitMinor : null,
              limitCurrency: a.limitCurrency,
              expiresAt: a.expiresAt,
              grantedById: inviter,
              grantedAt: now,
            };
          }),
        );
        const granted = grants.length ? await tx.insert(roleAssignments).values(grants).returning() : [];
        assignmentCount += granted.length;
        const links = new Map<string, string>();
        const invitationRows = created.map((u) => {
          const { token, tokenHash } = newInvitationToken();
          links.set(u.id, invitationLink(origin, token));
          return { enterpriseId: u.enterpriseId!, userId: u.id, email: u.email, tokenHash, invitedById: inviter, createdAt: now, expiresAt };
        });
        const invited = await tx.insert(invitations).values(invitationRows).returning({ id: invitations.id, userId: invitations.userId });
        const invitationOf = new Map(invited.map((i) => [i.userId, i.id]));
        const nodeName = new Map(v.valid.flatMap((r) => [[r.unitNode.id, r.unitNode.name], ...(r.scopeNode ? [[r.scopeNode.id, r.scopeNode.name]] : [])] as [string, string][]));
        const audit: AuditInput[] = [
          ...created.map((u) =>
            ({
              action: "user.invite",
              subjectType: "User",
              subjectId: u.id,
              enterpriseId: u.enterpriseId,
              nodeId: u.unitNodeId,
              summary: `Invited ${u.name} (${u.email}) to ${nodeName.get(u.unitNodeId!) ?? "a unit"} by CSV import`,
              after: { email: u.email, name: u.name, unitNodeId: u.unitNodeId, status: "invited", invitationId: invitationOf.get(u.id), line: firstRow.get(u.email)!.line },
            }),
          ),
          ...granted.map((g) =>
            ({
              action: "role.grant",
              subjectType: "RoleAssignment",
              subjectId: g.id,
              enterpriseId: g.enterpriseId,
              nodeId: g.scopeNodeId,
              summary: `Granted ${ROLE_LABELS[g.role]} on ${nodeName.get(g.scopeNodeId!) ?? "a node"}`,
              after: g,
            }),
          ),
        ];
        await recordAudit(tx, ctx.principal, ctx.requestId, audit);
        delivers.push(
          await queueMail(
            tx,
            created.map((u) => invitationMailFor(ctx, { email: u.email, name: u.name, enterpriseId: u.enterpriseId!, locale: u.locale, timeZone: u.timeZone }, orgs.get(u.enterpriseId!) ?? "your organisation", links.get(u.id)!, expiresAt)),
          ),
        );
        await onProgress({ phase: "writing", done: Math.min(start + WRITE_CHUNK, people.length), total: people.length });
      }
      // One event for the import as a whole, on the admin's scope that covers every unit imported.
      const cover = ctx.principal.assignments.find((a) => a.role === "enterprise_admin" && a.scopePath && v.valid.every((r) => r.unitNode.path.startsWith(a.scopePath!)));
      await recordAudit(tx, ctx.principal, ctx.requestId, {
          action: "user.import",
          subjectType: "User",
          enterpriseId: ctx.principal.enterpriseId,
          nodeId: cover?.scopeNodeId ?? null,
          summary: `Imported ${people.length} user${people.length === 1 ? "" : "s"} with ${assignmentCount} role assignment${assignmentCount === 1 ? "" : "s"} from CSV`,
          after: { users: people.length, assignments: assignmentCount, rows: v.rowCount },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError("A user with one of these emails was added meanwhile; nothing was imported. Check the file again.");
    throw error;
  }
  const mail: DeliveryResult = { mode: "outbox", sent: 0, failed: 0 };
  for (const [i, deliver] of delivers.entries()) {
    const r = await deliver();
    Object.assign(mail, { mode: r.mode, sent: mail.sent + r.sent, failed: mail.failed + r.failed });
    if (r.mode === "smtp") await onProgress({ phase: "sending", done: i + 1, total: delivers.length });
  }
  return { ...result, applied: { users: people.length, assignments: assignmentCount, invitations: people.length }, mail };
}
