import "server-only";
import type { Executor } from "@/db/client";
import { recordAudit } from "@/lib/audit/record";
import type { AppAbility } from "@/lib/authz/ability";
import type { Principal } from "@/lib/authz/principal";
import type { SubjectType } from "@/lib/authz/vocabulary";
import { todayIn } from "@/lib/time";
import { csvStream, type CsvColumn } from "./csv";
import type { ListContext, ListRun } from "./define";
import type { SearchParamsInput } from "./params";

/** The part of a list (lib/list/define.ts) an export needs. */
export type ExportableList<Filters, Row, Item> = {
  subject: SubjectType;
  canRead: (ability: AppAbility) => boolean;
  parse: (input: SearchParamsInput) => Filters;
  filtersOf: (params: Filters) => Filters;
  batches: <R = Item>(
    db: Executor,
    ctx: ListContext,
    filters: Filters,
    options?: { action?: "read" | "export"; batchSize?: number; records?: (rows: Row[], run: ListRun) => Promise<R[]> },
  ) => AsyncGenerator<R[]>;
};

export type CsvExportSpec<Filters, Row, Rec> = {
  /** The file name's stem: `<stem>-<date in the user's time zone>.csv`. */
  filename: string;
  /** Why a reader who may not export is refused (403). */
  forbidden: string;
  columns: (ctx: { locale: string; timeZone: string; now: Date }) => CsvColumn<Rec>[];
  /** The export's own records for a batch of rows (default: the list's rows as the page shows them). */
  records?: (rows: Row[], run: ListRun) => Promise<Rec[]>;
  /** The audit event, recorded once the whole file has been written. */
  audit: (exported: number, filters: Filters) => { action: string; summary: string };
};

/**
 * The one CSV export: every row of the list that matches the filters and is both readable and
 * exportable (per row, in SQL), streamed in batches; the export is recorded in the audit log
 * after the stream ends (so it is not part of its own file, and an aborted download records
 * nothing). The route in front of it is csvExportRoute (export-route.ts).
 */
export function streamCsvExport<Filters, Row, Item, Rec>(
  list: ExportableList<Filters, Row, Item>,
  spec: CsvExportSpec<Filters, Row, Rec>,
  run: {
    db: Executor;
    /** Where the audit event is written when `db` is a read replica (which refuses writes); `db` otherwise. */
    auditDb?: Executor;
    principal: Principal;
    ability: AppAbility;
    filters: Filters;
    requestId: string | null;
    now?: Date;
  },
): ReadableStream<Uint8Array> {
  const { db, principal, ability, filters } = run;
  const { locale, timeZone } = principal;
  const now = run.now ?? new Date();
  async function* batchesThenRecord() {
    let exported = 0;
    for await (const batch of list.batches<Rec>(db, { ability, timeZone, now }, filters, { action: "export", records: spec.records })) {
      exported += batch.length;
      yield batch;
    }
    const event = spec.audit(exported, filters);
    await recordAudit(run.auditDb ?? db, principal, run.requestId, {
      action: event.action,
      subjectType: list.subject,
      // An export hangs on the exporter's unit, like every event about what a person did.
      nodeId: principal.unitNodeId,
      summary: event.summary,
      after: { filters: definedOnly(filters) },
    });
  }
  return csvStream(spec.columns({ locale, timeZone, now }), batchesThenRecord(), (error) => console.error(`${spec.filename} export failed`, error));
}

/** `<stem>-<today in the user's time zone>.csv` */
export function exportFilename(stem: string, timeZone: string, now = new Date()): string {
  return `${stem}-${todayIn(timeZone, now)}.csv`;
}

function definedOnly<T>(filters: T): Record<string, unknown> {
  return Object.fromEntries(Object.entries(filters as Record<string, unknown>).filter(([, v]) => v !== undefined));
}
