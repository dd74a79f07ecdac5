import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { isUuid } from "@/lib/authz/guard";
import { route } from "@/lib/http";
import { listAssignmentsOf } from "@/lib/users/queries";
import { grantRoleAction } from "@/lib/users/server-actions";

/**
 * The role assignments of one user, as JSON. GET lists the ones the caller may read (404 for a
 * user it may not see); POST grants one through the same action as the form (the user is the one
 * in the URL; amounts are decimal text such as "50000.00"), so refusals are recorded alike.
 */
export const GET = route<{ id: string }>(async (_req, ctx, { id }) => {
  return NextResponse.json({ assignments: await listAssignmentsOf(await getDb(), ctx.ability, id) });
});

export const POST = route<{ id: string }>(async (req, _ctx, { id }) => {
  if (!isUuid(id)) return NextResponse.json({ error: "Not found" }, { status: 404 });
  // JSON only: a cross-site "simple" request (form or text/plain) cannot carry it without a preflight.
  if (!req.headers.get("content-type")?.toLowerCase().startsWith("application/json")) {
    return NextResponse.json({ error: "Send application/json" }, { status: 415 });
  }
  const body = await req.json().catch(() => null);
  if (!body || typeof body !== "object" || Array.isArray(body)) return NextResponse.json({ error: "Send a JSON object" }, { status: 400 });
  const result = await grantRoleAction({ ...(body as Record<string, unknown>), userId: id });
  if (!result.ok) return NextResponse.json({ error: result.error, fieldErrors: result.fieldErrors }, { status: result.status });
  return NextResponse.json(result.data, { status: 201 });
});
