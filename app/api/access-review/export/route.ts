import { getDb } from "@/db/client";
import { describeAssignment, describeExpiry } from "@/lib/access-review/describe";
import { FLAG_LABELS } from "@/lib/access-review/flags";
import { accessReviewBatches, canReview, parseReviewParams, type ReviewRow } from "@/lib/access-review/queries";
import { requestId } from "@/lib/action";
import { csvResponse, csvStream } from "@/lib/audit/csv";
import { recordAudit } from "@/lib/audit/record";
import { todayIn } from "@/lib/time";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { route } from "@/lib/http";

/**
 * GET /api/access-review/export?q=&flag=&status= — everyone in scope with their permissions in
 * plain words, last sign-in, status and flags, as a streamed CSV. Needs what the page needs and
 * export on User; the export is recorded in the audit log once written.
 */
export const GET = route(async (req, { principal, ability }) => {
  if (!canReview(ability)) throw new NotFoundError();
  if (!ability.can("export", "User")) throw new ForbiddenError("You may view the access review but not export it.");
  const { page, sort, ...filters } = parseReviewParams(new URL(req.url).searchParams);
  void page;
  void sort;
  const db = await getDb();
  const now = new Date();
  const { locale, timeZone } = principal;
  const reqId = await requestId();
  async function* batchesThenRecord() {
    let exported = 0;
    for await (const batch of accessReviewBatches(db, ability, filters, now)) {
      exported += batch.length;
      yield batch;
    }
    await recordAudit(db, principal, reqId, {
      action: "access_review.export",
      subjectType: "User",
      nodeId: principal.unitNodeId,
      summary: `Exported the access review (${exported} ${exported === 1 ? "person" : "people"}) as CSV`,
      after: { filters },
    });
  }
  const body = csvStream<ReviewRow>(
    [
      { header: "Name", value: (r) => r.name },
      { header: "Email", value: (r) => r.email },
      { header: "Unit", value: (r) => r.unitName },
      { header: "Status", value: (r) => r.status },
      { header: "Last sign-in (UTC)", value: (r) => r.lastSignInAt ?? "never" },
      { header: "Created (UTC)", value: (r) => r.createdAt },
      { header: "Flags", value: (r) => r.flags.map((f) => FLAG_LABELS[f]).join("; ") },
      {
        header: "Permissions",
        value: (r) =>
          r.assignments
            .map((a) => {
              const ends = describeExpiry(a.expiresAt, now, locale, timeZone);
              return `${describeAssignment(a, locale)}${ends ? ` (${ends})` : ""}`;
            })
            .join("\n"),
      },
      { header: "User id", value: (r) => r.id },
    ],
    batchesThenRecord(),
    (error) => console.error("access review export failed", error),
  );
  return csvResponse(`access-review-${todayIn(timeZone)}.csv`, body);
});
