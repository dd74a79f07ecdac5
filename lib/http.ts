import "server-only";
import { NextRequest, NextResponse } from "next/server";
import { currentBackgroundContext, currentContext, type RequestContext } from "@/lib/auth/principal";
import { getDb } from "@/db/client";
import { recordAudit } from "@/lib/audit/record";
import { noteWrite } from "@/lib/replica/route";
import { requestIdFrom } from "@/lib/request-id";
import { DomainError, InvalidError, PayloadTooLargeError, UnsupportedMediaTypeError } from "@/lib/errors";

/**
 * Wraps a route handler: requires a signed-in principal and translates domain errors once.
 * `background`: a request the browser makes by itself, which must not keep the session alive.
 */
export function route<P>(
  handler: (req: Request, ctx: RequestContext, params: P) => Promise<Response>,
  /** `streamsChanges`: the handler's changes commit while its response streams (the user import). */
  options: { background?: boolean; streamsChanges?: boolean } = {},
) {
  return async (req: Request, { params }: { params: Promise<P> }) => {
    const context = options.background ? await currentBackgroundContext() : await currentContext();
    if (!context) return NextResponse.json({ error: "unauthenticated" }, { status: 401 });
    try {
      const res = await handler(req, context, await params);
      // A change through the API is read back by its author from the primary (lib/replica).
      if (req.method !== "GET" && req.method !== "HEAD" && res.ok) await noteWrite({ pending: options.streamsChanges });
      return res;
    } catch (error) {
      if (error instanceof DomainError) {
        // In a support session every refused attempt is on the record (rule 4), as actions' are.
        if (context.principal.impersonation && (error.status === 403 || error.status === 404)) {
          const name = `${req.method} ${new URL(req.url).pathname}`;
          await recordAudit(await getDb(), context.principal, requestIdFrom(req.headers.get("x-request-id")), {
            action: "request.refused",
            outcome: "denied",
            subjectType: "Request",
            nodeId: context.principal.unitNodeId,
            summary: `Refused ${name}: ${error.message}`,
          }).catch(() => undefined);
        }
        return NextResponse.json({ error: error.message, code: error.code }, { status: error.status });
      }
      console.error("route failed", error);
      return NextResponse.json({ error: "internal error" }, { status: 500 });
    }
  };
}

/** The largest body a JSON route or a form post reads: far more than any form, far less than harm. */
export const BODY_LIMIT = 64 * 1024;

export type BodyOptions = {
  /** Bytes read at most (default 64 KB); past it the request is refused with 413. */
  limit?: number;
  /** The media type the body must have (415 otherwise), e.g. "application/json" or "text/csv". */
  contentType?: string;
  /** The 413 message; says the limit by default. */
  tooLarge?: string;
  /** Refuse a body that is not valid UTF-8 (400) instead of reading it with replacement characters. */
  strictUtf8?: boolean;
};

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} KB`;
}

/**
 * The request body as text, read with a byte limit: a declared Content-Length past the limit is
 * refused before anything is read, and the bytes are counted while they stream in, so a lying or
 * absent Content-Length (chunked upload) is bounded too. Throws 413, 415 or 400 as DomainErrors,
 * which `route` answers as JSON.
 */
export async function readBody(req: Request, options: BodyOptions = {}): Promise<string> {
  const { limit = BODY_LIMIT, contentType, strictUtf8 = false } = options;
  const tooLarge = () => new PayloadTooLargeError(options.tooLarge ?? `The request body is larger than ${sizeText(limit)}.`);
  if (contentType) {
    const given = (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
    if (given !== contentType) throw new UnsupportedMediaTypeError(`Send the body as ${contentType}.`);
  }
  const declared = req.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > limit) {
    await req.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await reader.read();
    } catch {
      throw new InvalidError("The request body could not be read.");
    }
    if (next.done) break;
    size += next.value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(next.value);
  }
  try {
    return new TextDecoder("utf-8", { fatal: strictUtf8 }).decode(Buffer.concat(chunks));
  } catch {
    throw new InvalidError("The request body is not valid UTF-8 text.");
  }
}

/**
 * A JSON request body, read with `readBody`'s limit (64 KB by default): 415 unless it is sent as
 * application/json (a cross-site "simple" request cannot carry that without a preflight), 413 past
 * the limit, 400 for malformed JSON.
 */
export async function readJson(req: Request, options: Omit<BodyOptions, "contentType" | "strictUtf8"> = {}): Promise<unknown> {
  const text = await readBody(req, { ...options, contentType: "application/json", strictUtf8: true });
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new InvalidError("The request body is not valid JSON.");
  }
}

/** A JSON object body (not an array, a string or null), else 400; otherwise as `readJson`. */
export async function readJsonObject(req: Request, options: Omit<BodyOptions, "contentType" | "strictUtf8"> = {}): Promise<Record<string, unknown>> {
  const body = await readJson(req, options);
  if (!body || typeof body !== "object" || Array.isArray(body)) throw new InvalidError("Send a JSON object.");
  return body as Record<string, unknown>;
}

/**
 * For handlers that read the body themselves (next-auth's): the same request with its body read
 * under the limit and buffered, or the 413/400 answer as JSON.
 */
export async function withBoundedBody(req: NextRequest, options: Omit<BodyOptions, "contentType"> = {}): Promise<{ request: NextRequest } | { response: Response }> {
  if (req.method === "GET" || req.method === "HEAD") return { request: req };
  try {
    const body = await readBody(req, options);
    const headers = new Headers(req.headers);
    headers.delete("content-length");
    return { request: new NextRequest(req.url, { method: req.method, headers, body, signal: req.signal }) };
  } catch (error) {
    if (error instanceof DomainError) return { response: NextResponse.json({ error: error.message, code: error.code }, { status: error.status }) };
    throw error;
  }
}
