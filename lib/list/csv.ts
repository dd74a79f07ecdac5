import { once } from "node:events";
import { Readable } from "node:stream";
import { stringify } from "csv-stringify";
import { csvSafe } from "@/lib/csv-safe";

/**
 * The one CSV writer: rows come from an async iterable (batches read from the database) and go
 * through csv-stringify to the response as they are produced, so a large export never sits in
 * memory whole. Every cell passes the one formula guard (lib/csv-safe.ts).
 */

export type CsvColumn<T> = { header: string; value: (row: T) => unknown };

/** A streamed CSV body (a UTF-8 byte-order mark, so spreadsheets read "£" right, and a header line). */
export function csvStream<T>(columns: CsvColumn<T>[], rows: AsyncIterable<T[]>, onError?: (error: unknown) => void): ReadableStream<Uint8Array> {
  const stringifier = stringify({ header: true, columns: columns.map((c, i) => ({ key: String(i), header: c.header })), bom: true });
  void (async () => {
    try {
      for await (const batch of rows) {
        for (const row of batch) {
          const record = Object.fromEntries(columns.map((c, i) => [String(i), csvSafe(c.value(row))]));
          if (!stringifier.write(record)) await once(stringifier, "drain");
        }
      }
      stringifier.end();
    } catch (error) {
      onError?.(error);
      stringifier.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  })();
  return Readable.toWeb(stringifier) as unknown as ReadableStream<Uint8Array>;
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
