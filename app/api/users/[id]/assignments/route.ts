import { NextResponse } from "next/server";
import { isUuid } from "@/lib/authz/guard";
import { readJsonObject, route } from "@/lib/http";
import { listAssignmentsOf } from "@/lib/users/queries";
import { grantRoleAction } from "@/lib/users/actions";
import { read } from "@/lib/read";

/**
 * The role assignments of one user, as JSON. GET lists the ones the caller may read (404 for a
 * user it may not see); POST grants one through the same action as the form (the user is the one
 * in the URL; amounts are decimal text such as "50000.00"), so refusals are recorded alike.
 */
export const GET = route<{ id: string }>(async (_req, ctx, { id }) => {
  return NextResponse.json({ assignments: await read((db) => listAssignmentsOf(db, ctx.ability, id)) });
});

export const POST = route<{ id: string }>(async (req, _ctx, { id }) => {
  if (!isUuid(id)) return NextResponse.json({ error: "Not found" }, { status: 404 });
  // JSON only (415 otherwise: a cross-site "simple" request cannot carry it without a preflight),
  // at most 64 KB (413), a JSON object (400).
  const body = await readJsonObject(req);
  const result = await grantRoleAction({ ...body, userId: id });
  if (!result.ok) return NextResponse.json({ error: result.error, fieldErrors: result.fieldErrors }, { status: result.status });
  return NextResponse.json(result.data, { status: 201 });
});
