import { auditExport } from "@/lib/audit/export";
import { auditList } from "@/lib/audit/list";
import { csvExportRoute } from "@/lib/list/export-route";

/**
 * GET /api/audit/export?actor=&q=&action=&subject=&outcome=&from=&to= — the audit events of the
 * filters as a streamed CSV (needs read and export on AuditEvent; the export is itself recorded).
 */
export const GET = csvExportRoute(auditList, auditExport);
