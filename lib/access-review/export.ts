import "server-only";
import type { CsvExportSpec } from "@/lib/list/export";
import { describeAssignment, describeExpiry } from "./describe";
import { FLAG_LABELS } from "./flags";
import type { ReviewFilters, ReviewRow } from "./list";

/** The access review's CSV: each person's permissions in plain words, last sign-in, status and flags. */
export const accessReviewExport: CsvExportSpec<ReviewFilters, unknown, ReviewRow> = {
  filename: "access-review",
  forbidden: "You may view the access review but not export it.",
  columns: ({ locale, timeZone, now }) => [
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
  audit: (exported) => ({ action: "access_review.export", summary: `Exported the access review (${exported} ${exported === 1 ? "person" : "people"}) as CSV` }),
};
