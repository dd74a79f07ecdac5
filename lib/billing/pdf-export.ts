import "server-only";
import { asc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { getDb } from "@/db/client";
import { accountNodes, billLines, sites } from "@/db/schema";
import { requestId } from "@/lib/action";
import { recordAudit } from "@/lib/audit/record";
import type { RequestContext } from "@/lib/auth/principal";
import { authorizeById } from "@/lib/authz/guard";
import { billPdf } from "./pdf";
import { getBill } from "./queries";

const subAccounts = alias(accountNodes, "sub_account");

/**
 * GET a bill as PDF: 404 for a bill the reader may not read, 403 for one they may read but not
 * export; the download is recorded in the audit log like a CSV export.
 */
export async function billPdfResponse({ principal, ability }: RequestContext, billId: string): Promise<Response> {
  const db = await getDb();
  await authorizeById(db, ability, "export", "Bill", billId);
  const view = await getBill(db, ability, principal, billId);
  const lines = await db
    .select({ description: billLines.description, subAccountName: subAccounts.name, siteName: sites.name, quantity: billLines.quantity, amountMinor: billLines.amountMinor, taxMinor: billLines.taxMinor })
    .from(billLines)
    .innerJoin(subAccounts, eq(subAccounts.id, billLines.subAccountId))
    .leftJoin(sites, eq(sites.id, billLines.siteId))
    .where(eq(billLines.billId, billId))
    .orderBy(asc(subAccounts.name), asc(sites.name), asc(billLines.description), asc(billLines.id));
  const bytes = await billPdf(view, lines, principal.locale, principal.timeZone);
  await recordAudit(db, principal, await requestId(), {
    action: "bill.export_pdf",
    subjectType: "Bill",
    subjectId: billId,
    enterpriseId: view.bill.enterpriseId,
    nodeId: view.bill.billingAccountId,
    summary: `Downloaded ${view.bill.number} as PDF`,
  });
  return new Response(Buffer.from(bytes), {
    headers: {
      "content-type": "application/pdf",
      "content-disposition": `attachment; filename="bill-${view.bill.number.replace(/[^A-Za-z0-9._-]/g, "_")}.pdf"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
