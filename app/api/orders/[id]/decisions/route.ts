import { NextResponse } from "next/server";
import { isUuid } from "@/lib/authz/guard";
import { readJsonObject, route } from "@/lib/http";
import { decideOrderAction } from "@/lib/orders/actions";

/**
 * POST a decision on the waiting level of an order ({ level, decision: "approved" | "rejected",
 * comment }), through the same action as the order page, so a refused attempt is recorded alike:
 * 404 for an order the caller may not read, 403 for one it may read but not decide, 409 when the
 * level was decided already.
 */
export const POST = route<{ id: string }>(async (req, _ctx, { id }) => {
  if (!isUuid(id)) return NextResponse.json({ error: "Not found" }, { status: 404 });
  const body = await readJsonObject(req);
  const result = await decideOrderAction({ ...body, orderId: id });
  if (!result.ok) return NextResponse.json({ error: result.error, fieldErrors: result.fieldErrors }, { status: result.status });
  return NextResponse.json(result.data, { status: 201 });
});
