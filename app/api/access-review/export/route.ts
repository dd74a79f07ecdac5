import { accessReviewExport } from "@/lib/access-review/export";
import { accessReviewList } from "@/lib/access-review/list";
import { csvExportRoute } from "@/lib/list/export-route";

/**
 * GET /api/access-review/export?q=&flag=&status= — everyone in scope with their permissions in
 * plain words, as a streamed CSV (needs what the page needs and export on User; recorded in the audit log).
 */
export const GET = csvExportRoute(accessReviewList, accessReviewExport);
