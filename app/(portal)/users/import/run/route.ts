import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requestId } from "@/lib/action";
import { DomainError, ForbiddenError } from "@/lib/errors";
import { route } from "@/lib/http";
import { originOf } from "@/lib/mail/origin";
import { applyImport, previewImport, type ImportProgress, type ImportReport } from "@/lib/users/csv-apply";
import { IMPORT_LIMITS } from "@/lib/users/csv-import";

export const dynamic = "force-dynamic";

/**
 * POST /users/import/run?mode=preview|apply with the CSV file as the body (content-type text/csv,
 * which a cross-site form cannot send without a preflight). Answers a stream of NDJSON lines:
 * progress events while every row is checked (and, on apply, written), then the report.
 */
export const POST = route(async (req, context) => {
  if (!context.ability.can("create", "User")) throw new ForbiddenError("You may not import users.");
  const mode = new URL(req.url).searchParams.get("mode") === "apply" ? "apply" : "preview";
  if (!(req.headers.get("content-type") ?? "").toLowerCase().startsWith("text/csv")) {
    return NextResponse.json({ error: "Send the file as text/csv." }, { status: 415 });
  }
  const tooLarge = () => NextResponse.json({ error: "The file is larger than 5 MB. Split it into files of at most 5 MB and 20,000 rows." }, { status: 413 });
  if (Number(req.headers.get("content-length") ?? 0) > IMPORT_LIMITS.maxBytes) return tooLarge();
  const text = await readLimited(req, IMPORT_LIMITS.maxBytes);
  if (text === null) return tooLarge();

  const ctx = { ...context, requestId: await requestId() };
  const origin = originOf(req);
  const db = await getDb();
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (event: { type: "progress"; progress: ImportProgress } | { type: "report"; report: ImportReport } | { type: "error"; error: string; status: number }) =>
        controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
      try {
        const onProgress = (progress: ImportProgress) => send({ type: "progress", progress });
        const report = mode === "apply" ? await applyImport(db, ctx, text, origin, onProgress) : await previewImport(db, ctx, text, onProgress);
        send({ type: "report", report });
      } catch (error) {
        if (error instanceof DomainError) send({ type: "error", error: error.message, status: error.status });
        else {
          console.error("user import failed", error);
          send({ type: "error", error: "Something went wrong; nothing was imported. Please try again.", status: 500 });
        }
      }
      controller.close();
    },
  });
  return new Response(stream, { headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store", "x-accel-buffering": "no" } });
});

/** The request body as text, or null when it is longer than `max` bytes. */
async function readLimited(req: Request, max: number): Promise<string | null> {
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}
