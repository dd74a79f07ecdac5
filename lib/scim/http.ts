import "server-only";
import { getDb, type Db } from "@/db/client";
import { defineAbilityFor } from "@/lib/authz/ability";
import type { Ctx } from "@/lib/context";
import { DomainError, isUniqueViolation } from "@/lib/errors";
import { readBody } from "@/lib/http";
import { originOf } from "@/lib/mail/origin";
import { requestIdFrom } from "@/lib/request-id";
import { MAX_BODY_BYTES, SCIM_BASE_PATH, SCIM_ERROR, SCIM_MEDIA_TYPE } from "./constants";
import { invalidSyntax, ScimError, type ScimType } from "./errors";
import { authenticateScimToken, tokenPrincipal, type ScimTokenInfo } from "./tokens";

/** What a SCIM handler receives: the token's principal and ability (a Ctx like a person's), the token, and the base URL. */
export type ScimContext = Ctx & { db: Db; token: ScimTokenInfo; base: string };

const JSON_TYPES = new Set([SCIM_MEDIA_TYPE, "application/json"]);

/** A SCIM response: application/scim+json, never cached. */
export function scimResponse(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return new Response(body === null ? null : JSON.stringify(body), {
    status: init.status ?? 200,
    headers: { ...(body === null ? {} : { "Content-Type": `${SCIM_MEDIA_TYPE}; charset=utf-8` }), "Cache-Control": "no-store", ...init.headers },
  });
}

export function scimErrorResponse(status: number, detail: string, scimType?: ScimType, headers?: Record<string, string>): Response {
  return scimResponse({ schemas: [SCIM_ERROR], status: String(status), ...(scimType ? { scimType } : {}), detail }, { status, headers });
}

/** Any error as SCIM's error body: ours keep their status; a database uniqueness race is 409; the rest is 500, logged. */
export function scimErrorOf(error: unknown): Response {
  if (error instanceof ScimError) return scimErrorResponse(error.status, error.detail, error.scimType);
  if (error instanceof DomainError) {
    const scimType: ScimType | undefined = error.status === 400 ? "invalidValue" : undefined;
    return scimErrorResponse(error.status, error.status === 404 ? "Resource not found" : error.message, scimType);
  }
  if (isUniqueViolation(error)) return scimErrorResponse(409, "A resource with this userName, externalId or displayName already exists.", "uniqueness");
  // A deadlock or serialization failure between concurrent changes: nothing was changed; try again.
  if (dbCode(error) === "40P01" || dbCode(error) === "40001") return scimErrorResponse(503, "A concurrent change got in the way; nothing was changed. Try again.", undefined, { "Retry-After": "1" });
  console.error("scim request failed", error);
  return scimErrorResponse(500, "The request could not be completed.");
}

const UNAUTHORIZED = "A valid SCIM bearer token is required: create one on the Provisioning page of Trellis.";

/**
 * Wraps a SCIM route handler: authenticates the bearer token (401 with WWW-Authenticate otherwise,
 * the same answer for a missing, malformed, unknown or revoked token), builds the token's principal
 * and ability, and answers every error as a SCIM error body.
 */
export function scimRoute<P>(handler: (req: Request, ctx: ScimContext, params: P) => Promise<Response>) {
  return async (req: Request, { params }: { params: Promise<P> }): Promise<Response> => {
    try {
      const db = await getDb();
      const token = await authenticateScimToken(db, req.headers.get("authorization"));
      if (!token) return scimErrorResponse(401, UNAUTHORIZED, undefined, { "WWW-Authenticate": 'Bearer realm="Trellis SCIM"' });
      const principal = tokenPrincipal(token);
      const ctx: ScimContext = {
        db,
        token,
        principal,
        ability: defineAbilityFor(principal),
        requestId: requestIdFrom(req.headers.get("x-request-id")),
        base: `${originOf(req)}${SCIM_BASE_PATH}`,
      };
      return await handler(req, ctx, await params);
    } catch (error) {
      return scimErrorOf(error);
    }
  };
}

/**
 * A SCIM request body: a JSON object sent as application/scim+json or application/json (415 for
 * another type), at most 1 MB (413), valid JSON (400 invalidSyntax).
 */
export async function readScimBody(req: Request): Promise<Record<string, unknown>> {
  const type = (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type && !JSON_TYPES.has(type)) throw new ScimError(415, `Send the body as ${SCIM_MEDIA_TYPE}.`);
  let text: string;
  try {
    text = await readBody(req, { limit: MAX_BODY_BYTES, strictUtf8: true });
  } catch (error) {
    if (error instanceof DomainError) throw new ScimError(error.status, error.message, error.status === 400 ? "invalidSyntax" : undefined);
    throw error;
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw invalidSyntax("The request body is not valid JSON.");
  }
  if (!body || typeof body !== "object" || Array.isArray(body)) throw invalidSyntax("Send a JSON object.");
  return body as Record<string, unknown>;
}

function dbCode(error: unknown): string | undefined {
  for (let e = error as { code?: string; cause?: unknown } | undefined, i = 0; e && i < 4; e = e.cause as typeof e, i++) {
    if (typeof e.code === "string") return e.code;
  }
  return undefined;
}
