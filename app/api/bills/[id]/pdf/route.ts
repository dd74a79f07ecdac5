import { billPdfResponse } from "@/lib/billing/pdf-export";
import { route } from "@/lib/http";

export const dynamic = "force-dynamic";

/** GET /api/bills/:id/pdf — the bill as a PDF (read and export on the bill; 404 otherwise). */
export const GET = route<{ id: string }>(async (_req, ctx, { id }) => billPdfResponse(ctx, id));
