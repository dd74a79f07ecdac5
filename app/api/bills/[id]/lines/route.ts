import { billLinesCsv } from "@/lib/billing/lines-export";
import { route } from "@/lib/http";

export const dynamic = "force-dynamic";

/** GET /api/bills/:id/lines — one bill's lines as CSV (read and export on the bill; 404 otherwise). */
export const GET = route<{ id: string }>(async (_req, ctx, { id }) => billLinesCsv(ctx, id));
