import { getDb } from "@/db/client";
import { csvResponse, csvStream } from "@/lib/audit/csv";
import { auditEventBatches, parseAuditFilters, type AuditRow } from "@/lib/audit/queries";
import { recordAudit } from "@/lib/audit/record";
import { todayIn } from "@/lib/time";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import { route } from "@/lib/http";
import { requestId } from "@/lib/action";

/**
 * GET /api/audit/export?actor=&q=&action=&subject=&outcome=&from=&to= — the audit events the
 * caller may read that match the filters, as a streamed CSV. Needs read and export on AuditEvent;
 * the export itself is recorded in the audit log once written.
 */
export const GET = route(async (req, { principal, ability }) => {
  if (!ability.can("read", "AuditEvent")) throw new NotFoundError();
  if (!ability.can("export", "AuditEvent")) throw new ForbiddenError("You may read the audit log but not export it.");
  const { page, ...filters } = parseAuditFilters(new URL(req.url).searchParams);
  void page;
  const db = await getDb();
  const { locale, timeZone } = principal;
  const reqId = await requestId();
  // The export is itself recorded, once it has been written (so it is not part of its own file).
  async function* batchesThenRecord() {
    let exported = 0;
    for await (const batch of auditEventBatches(db, ability, filters, timeZone)) {
      exported += batch.length;
      yield batch;
    }
    await recordAudit(db, principal, reqId, {
      action: "audit.export",
      subjectType: "AuditEvent",
      nodeId: principal.unitNodeId,
      summary: `Exported ${exported} audit event${exported === 1 ? "" : "s"} as CSV`,
      after: { filters },
    });
  }
  const body = csvStream<AuditRow>(
    [
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
    batchesThenRecord(),
    (error) => console.error("audit export failed", error),
  );
  return csvResponse(`audit-log-${todayIn(timeZone)}.csv`, body);
});
