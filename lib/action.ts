import "server-only";
import { headers } from "next/headers";
import { z } from "zod";
import { getDb } from "@/db/client";
import { currentContext, type RequestContext } from "@/lib/auth/principal";
import { recordAudit } from "@/lib/audit/record";
import { redact } from "@/lib/audit/redact";
import { DomainError } from "@/lib/errors";
import { noteWrite } from "@/lib/replica/route";
import { requestIdFrom } from "@/lib/request-id";

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: string; status: number; fieldErrors?: Record<string, string[]> };
export type ActionContext = RequestContext & { requestId: string };

export async function requestId(): Promise<string> {
  try {
    return requestIdFrom((await headers()).get("x-request-id"));
  } catch {
    return requestIdFrom(null);
  }
}

/**
 * The one wrapper every mutation goes through: authenticate → parse with zod → hand the typed
 * input and the request's ability to the handler (which authorizes the row it loads and runs its
 * transaction with the audit event) → `{ ok, data } | { ok: false, error }`. Refusals (403/404) are
 * recorded in the audit log after the fact, outside the rolled-back transaction.
 */
export function defineAction<S extends z.ZodType, T>(name: string, schema: S, handler: (input: z.output<S>, ctx: ActionContext) => Promise<T>) {
  return async (raw: unknown): Promise<ActionResult<T>> => {
    const context = await currentContext();
    if (!context) return { ok: false, error: "Your session has ended. Please sign in again.", status: 401 };
    const unstorable = findUnstorableText(raw);
    if (unstorable) {
      return { ok: false, status: 400, error: `${unstorable.length ? `${unstorable.join(".")}: ` : ""}${UNSTORABLE_MESSAGE}`, fieldErrors: unstorable.length ? { [String(unstorable[0])]: [UNSTORABLE_MESSAGE] } : undefined };
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const flat = z.flattenError(parsed.error);
      const first = parsed.error.issues[0];
      return {
        ok: false,
        status: 400,
        error: first ? `${first.path.length ? `${first.path.join(".")}: ` : ""}${first.message}` : "Invalid input",
        fieldErrors: { ...(flat.fieldErrors as Record<string, string[]>), ...nestedFieldErrors(parsed.error.issues) },
      };
    }
    const ctx = { ...context, requestId: await requestId() };
    try {
      const data = await handler(parsed.data, ctx);
      await noteWrite();
      return { ok: true, data };
    } catch (error) {
      if (error instanceof DomainError) {
        if (error.status === 403 || error.status === 404) {
          await recordAudit(await getDb(), ctx.principal, ctx.requestId, {
            action: name,
            outcome: "denied",
            subjectType: "Request",
            // Hung on the actor's unit, so the admins over that person see their refused attempts.
            nodeId: ctx.principal.unitNodeId,
            summary: `Refused ${name}: ${error.message}`,
            after: { input: redact(raw) },
          }).catch(() => undefined);
        }
        return { ok: false, error: refusalMessage(error, ctx), status: error.status, ...(error.details ? { fieldErrors: error.details as Record<string, string[]> } : {}) };
      }
      console.error(`action ${name} failed`, error);
      return { ok: false, error: "Something went wrong; nothing was changed. Please try again.", status: 500 };
    }
  };
}

/**
 * In a support session (rule 4) a refusal says why: the session is read-only, or the change is one
 * that is never made on someone's behalf.
 */
function refusalMessage(error: DomainError, ctx: ActionContext): string {
  const impersonation = ctx.principal.impersonation;
  if (!impersonation || error.status !== 403) return error.message;
  return impersonation.writeAccess
    ? `${error.message.replace(/\.$/, "")}. While viewing as someone, orders are never approved or rejected, and roles, passwords and sessions never changed, on their behalf.`
    : `This support session is read-only. ${ctx.principal.name}'s enterprise admin can allow write support access.`;
}

/** Errors of nested fields by their full path ("lines.0.quantity"), so a form can show them where they belong. */
function nestedFieldErrors(issues: z.core.$ZodIssue[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of issues) {
    if (issue.path.length < 2) continue;
    const key = issue.path.map(String).join(".");
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

const UNSTORABLE_MESSAGE = "Remove the NUL characters or broken symbols from this text";
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The path of the first string in an action's input that no text column can hold: NUL (PostgreSQL
 * refuses it, which would be a 500) or a lone surrogate (which no browser sends, and jsonb refuses).
 * One rule for every action, whatever its schema; null when there is none. Looks at most 10 deep.
 */
function findUnstorableText(value: unknown, path: (string | number)[] = [], depth = 0): (string | number)[] | null {
  if (typeof value === "string") return UNSTORABLE.test(value) ? path : null;
  if (!value || typeof value !== "object" || depth > 10) return null;
  const entries: [string | number, unknown][] =
    value instanceof FormData ? [...value.entries()] : Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value as Record<string, unknown>);
  for (const [key, v] of entries) {
    if (typeof key === "string" && UNSTORABLE.test(key)) return [...path];
    const found = findUnstorableText(v, [...path, key], depth + 1);
    if (found) return found;
  }
  return null;
}
