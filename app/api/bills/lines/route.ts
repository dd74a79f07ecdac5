import { billLinesExport } from "@/lib/billing/lines-export";
import { billLinesList } from "@/lib/billing/lines-list";
import { csvExportRoute } from "@/lib/list/export-route";

export const dynamic = "force-dynamic";

/**
 * GET /api/bills/lines?from=YYYY-MM&to=YYYY-MM&account= — the lines of every bill in scope for a
 * period (or range of months) as one streamed CSV; only bills the reader may read and export.
 */
export const GET = csvExportRoute(billLinesList, billLinesExport);
