import "server-only";
import { formatDateTime } from "@/lib/format";
import type { CsvExportSpec } from "@/lib/list/export";
import type { AuditFilters, AuditRow } from "./list";

/** The audit log's CSV: every event of the filters, with times in UTC and in the reader's zone. */
export const auditExport: CsvExportSpec<AuditFilters, AuditRow, AuditRow> = {
  filename: "audit-log",
  forbidden: "You may read the audit log but not export it.",
  columns: ({ locale, timeZone }) => [
    { header: "Time (UTC)", value: (e) => e.createdAt },
    { header: `Time (${timeZone})`, value: (e) => formatDateTime(e.createdAt, locale, timeZone) },
    { header: "Actor", value: (e) => e.actorName },
    { header: "Actor email", value: (e) => e.actorEmail },
    { header: "On behalf of", value: (e) => e.onBehalfOfName },
    { header: "Action", value: (e) => e.action },
    { header: "Outcome", value: (e) => e.outcome },
    { header: "Summary", value: (e) => e.summary },
    { header: "Subject type", value: (e) => e.subjectType },
    { header: "Subject id", value: (e) => e.subjectId },
    { header: "Account", value: (e) => e.nodeName },
    { header: "Before", value: (e) => e.before },
    { header: "After", value: (e) => e.after },
    { header: "Request id", value: (e) => e.requestId },
    { header: "Event id", value: (e) => e.id },
  ],
  audit: (exported) => ({ action: "audit.export", summary: `Exported ${exported} audit event${exported === 1 ? "" : "s"} as CSV` }),
};
