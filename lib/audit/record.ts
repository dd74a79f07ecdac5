import "server-only";
import type { Executor } from "@/db/client";
import { auditEvents } from "@/db/schema";
import type { Principal } from "@/lib/authz/principal";

export type AuditInput = {
  action: string;
  subjectType: string;
  subjectId?: string | null;
  enterpriseId?: string | null;
  nodeId?: string | null;
  summary: string;
  before?: unknown;
  after?: unknown;
  outcome?: "success" | "denied" | "failed";
  /**
   * For events about an impersonation itself (its start and end, which may happen at a later
   * request, when it runs out): the account manager as actor, the customer user as on-behalf-of.
   */
  actorId?: string | null;
  onBehalfOfId?: string | null;
  /** A SCIM token as the actor (no person): taken from a token principal when not given. */
  actorTokenId?: string | null;
};

/**
 * The row of one audit event. An impersonating account manager is the actor; the impersonated
 * user is recorded as on-behalf-of.
 */
export function auditEventRow(principal: Principal | null, requestId: string | null, e: AuditInput): typeof auditEvents.$inferInsert {
  const impersonating = principal?.impersonation;
  // A SCIM token's principal carries the token's id as its userId: never a person's id.
  const token = principal?.scimToken;
  return {
    actorId: impersonating ? impersonating.byUserId : (e.actorId ?? (token ? null : principal?.userId) ?? null),
    actorTokenId: e.actorTokenId ?? token?.id ?? null,
    onBehalfOfId: impersonating ? principal!.userId : (e.onBehalfOfId ?? null),
    enterpriseId: e.enterpriseId ?? principal?.enterpriseId ?? null,
    nodeId: e.nodeId ?? null,
    action: e.action,
    outcome: e.outcome ?? "success",
    subjectType: e.subjectType,
    subjectId: e.subjectId ?? null,
    summary: e.summary,
    before: e.before ?? null,
    after: e.after ?? null,
    requestId,
  };
}

/**
 * Appends audit events. Call it with the transaction of the change it records, so the change and
 * its record commit or roll back together (DESIGN.md rule 6). Many events (an import) go in
 * inserts of 500, well under PostgreSQL's limit on bind parameters.
 */
export async function recordAudit(db: Executor, principal: Principal | null, requestId: string | null, e: AuditInput | AuditInput[]): Promise<void> {
  const rows = (Array.isArray(e) ? e : [e]).map((one) => auditEventRow(principal, requestId, one));
  for (let i = 0; i < rows.length; i += 500) await db.insert(auditEvents).values(rows.slice(i, i + 500));
}

/** The fields of `after` that differ from `before`, each side kept, for a compact before/after. */
export function diff<T extends Record<string, unknown>>(before: T, after: Partial<T>) {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    const x = before[key];
    const y = after[key];
    if (JSON.stringify(x) !== JSON.stringify(y)) {
      b[key] = x ?? null;
      a[key] = y ?? null;
    }
  }
  return { before: b, after: a };
}
