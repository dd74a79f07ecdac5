import { stringify } from "csv-stringify/sync";
import { csvSafe } from "@/lib/csv-safe";

/**
 * The one CSV writer: rows come from an async iterable (batches read from the database) and go
 * through csv-stringify to the response batch by batch, pulled by the reader: a large export never
 * sits in memory whole, the database is read only as fast as the download goes, and an abandoned
 * download stops the reading (and whatever the iterable would do after its last batch, such as
 * recording the export, never happens). Every cell passes the one formula guard (lib/csv-safe.ts).
 */

export type CsvColumn<T> = { header: string; value: (row: T) => unknown };

const encoder = new TextEncoder();

/** A streamed CSV body: a UTF-8 byte-order mark (so spreadsheets read "£" right), a header line, the rows. */
export function csvStream<T>(columns: CsvColumn<T>[], rows: AsyncIterable<T[]>, onError?: (error: unknown) => void): ReadableStream<Uint8Array> {
  const batches = rows[Symbol.asyncIterator]();
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(`\uFEFF${stringify([columns.map((c) => c.header)])}`));
          return;
        }
        const next = await batches.next();
        if (next.done) return controller.close();
        if (next.value.length > 0) controller.enqueue(encoder.encode(stringify(next.value.map((row) => columns.map((c) => csvSafe(c.value(row)))))));
      } catch (error) {
        onError?.(error);
        controller.error(error);
      }
    },
    async cancel() {
      await batches.return?.();
    },
  });
}

/** The response for a CSV download (never cached, never sniffed as something else). */
export function csvResponse(filename: string, body: ReadableStream<Uint8Array>): Response {
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
