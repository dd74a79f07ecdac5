import { requestId } from "@/lib/action";
import { DomainError, ForbiddenError } from "@/lib/errors";
import { readBody, route } from "@/lib/http";
import { originOf } from "@/lib/mail/origin";
import { applyImport, previewImport, type ImportProgress, type ImportReport } from "@/lib/user-import/apply";
import { IMPORT_LIMITS, IMPORT_LIMITS_TEXT } from "@/lib/user-import/rows";
import { read } from "@/lib/read";

export const dynamic = "force-dynamic";

/**
 * POST /users/import/run?mode=preview|apply with the CSV file as the body (content-type text/csv,
 * which a cross-site form cannot send without a preflight). Answers a stream of NDJSON lines:
 * progress events while every row is checked (and, on apply, written), then the report.
 */
export const POST = route(async (req, context) => {
  if (!context.ability.can("create", "User")) throw new ForbiddenError("You may not import users.");
  const mode = new URL(req.url).searchParams.get("mode") === "apply" ? "apply" : "preview";
  const text = await readBody(req, {
    contentType: "text/csv",
    limit: IMPORT_LIMITS.maxBytes,
    tooLarge: `The file is larger than 5 MB. Split it into files of at most ${IMPORT_LIMITS_TEXT}.`,
  });

  const ctx = { ...context, requestId: await requestId() };
  const origin = originOf(req);
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (event: { type: "progress"; progress: ImportProgress } | { type: "report"; report: ImportReport } | { type: "error"; error: string; status: number }) =>
        controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
      try {
        const onProgress = (progress: ImportProgress) => send({ type: "progress", progress });
        const report = mode === "apply" ? await read((db) => applyImport(db, ctx, text, origin, onProgress)) : await read((db) => previewImport(db, ctx, text, onProgress));
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
}, { streamsChanges: true });
