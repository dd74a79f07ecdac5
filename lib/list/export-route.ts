import "server-only";
import { getDb } from "@/db/client";
import { requestId } from "@/lib/action";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { route } from "@/lib/http";
import { lagTolerantDb } from "@/lib/replica/route";
import { csvResponse } from "./csv";
import { exportFilename, streamCsvExport, type CsvExportSpec, type ExportableList } from "./export";

/**
 * The one CSV export route: 404 for who may not open the list, 403 for who may read it but not
 * export; then the list's own filters from the URL (the same as its page), and the streamed file
 * named with today's date in the user's time zone.
 */
export function csvExportRoute<Filters, Row, Item, Rec = Item>(list: ExportableList<Filters, Row, Item>, spec: CsvExportSpec<Filters, Row, Rec>) {
  return route(async (req, { principal, ability }) => {
    if (!list.canRead(ability)) throw new NotFoundError();
    if (!ability.can("export", list.subject)) throw new ForbiddenError(spec.forbidden);
    const filters = list.filtersOf(list.parse(new URL(req.url).searchParams));
    const now = new Date();
    // The rows may come from the replica; the audit event is a write, on the primary.
    const body = streamCsvExport(list, spec, { db: (await lagTolerantDb()).db, auditDb: await getDb(), principal, ability, filters, requestId: await requestId(), now });
    return csvResponse(exportFilename(spec.filename, principal.timeZone, now), body);
  });
}
