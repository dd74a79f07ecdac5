import { getDb } from "@/db/client";
import { requestId } from "@/lib/action";
import { recordAudit } from "@/lib/audit/record";
import { ForbiddenError } from "@/lib/errors";
import { route } from "@/lib/http";
import { exportUsersCsvStream } from "@/lib/users/csv-export";

export const dynamic = "force-dynamic";

/** GET /api/users/export: the users in the caller's scope with their assignments, as a CSV download. */
export const GET = route(async (_req, { principal, ability }) => {
  if (!ability.can("export", "User")) throw new ForbiddenError("You may not export users.");
  const db = await getDb();
  await recordAudit(db, principal, await requestId(), {
    action: "user.export",
    subjectType: "User",
    // The export hangs on the exporter's unit, like every event about what a person did.
    nodeId: principal.unitNodeId,
    summary: "Exported users and their role assignments as CSV",
  });
  const date = new Date().toISOString().slice(0, 10);
  return new Response(exportUsersCsvStream(db, ability), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="users-${date}.csv"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
