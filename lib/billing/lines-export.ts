import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { bills } from "@/db/schema";
import { requestId } from "@/lib/action";
import { authorizeById } from "@/lib/authz/guard";
import type { RequestContext } from "@/lib/auth/principal";
import { formatMajorAmount } from "@/lib/money";
import { csvResponse } from "@/lib/list/csv";
import { exportFilename, streamCsvExport, type CsvExportSpec } from "@/lib/list/export";
import { billLinesList, type BillLineRow, type BillLinesFilters } from "./lines-list";

/**
 * The CSV of bill lines: one row per line with the bill, the billing account, and what the line is
 * charged to; amounts in major units without grouping (a spreadsheet sums them), in the bill's
 * currency, which has its own column (currencies are never mixed in one figure).
 */
export const billLinesExport: CsvExportSpec<BillLinesFilters, BillLineRow, BillLineRow> = {
  filename: "bill-lines",
  forbidden: "You may read these bills but not export them.",
  columns: () => [
    { header: "Bill", value: (l) => l.billNumber },
    { header: "Period", value: (l) => l.periodStart.slice(0, 7) },
    { header: "Billing account", value: (l) => l.accountName },
    { header: "Currency", value: (l) => l.currency },
    { header: "Sub-account", value: (l) => l.subAccountName },
    { header: "Sub-account code", value: (l) => l.subAccountCode },
    { header: "Site", value: (l) => l.siteName },
    { header: "Product", value: (l) => l.offeringName },
    { header: "Kind", value: (l) => l.kind },
    { header: "Description", value: (l) => l.description },
    { header: "Quantity", value: (l) => l.quantity },
    { header: "Net", value: (l) => formatMajorAmount(l.amountMinor, l.currency) },
    { header: "Tax", value: (l) => formatMajorAmount(l.taxMinor, l.currency) },
    { header: "Total", value: (l) => formatMajorAmount(l.amountMinor + l.taxMinor, l.currency) },
    { header: "Dispute", value: (l) => l.disputeStatus },
    { header: "Line id", value: (l) => l.id },
  ],
  audit: (n, f) => ({ action: "bill.export", summary: `Exported ${n} bill line${n === 1 ? "" : "s"} as CSV${f.bill ? " of one bill" : ""}` }),
};

/**
 * One bill's lines as CSV: 404 for a bill the reader may not read (a foreign id is not found), 403
 * for one they may read but not export; the file is named after the bill.
 */
export async function billLinesCsv({ principal, ability }: RequestContext, billId: string): Promise<Response> {
  const db = await getDb();
  await authorizeById(db, ability, "export", "Bill", billId);
  const [bill] = await db.select({ number: bills.number }).from(bills).where(eq(bills.id, billId));
  const filters = { ...billLinesList.filtersOf(billLinesList.parse({})), bill: billId };
  const body = streamCsvExport(billLinesList, billLinesExport, { db, principal, ability, filters, requestId: await requestId() });
  return csvResponse(exportFilename(`bill-${bill!.number}-lines`, principal.timeZone), body);
}
