import { NextResponse } from "next/server";
import { isUuid } from "@/lib/authz/guard";
import { route } from "@/lib/http";
import { revokeRoleAction } from "@/lib/users/actions";

/** Revokes one of the user's role assignments (the same action as the page's "Revoke" button). */
export const DELETE = route<{ id: string; assignmentId: string }>(async (_req, _ctx, { id, assignmentId }) => {
  if (!isUuid(id) || !isUuid(assignmentId)) return NextResponse.json({ error: "Not found" }, { status: 404 });
  const result = await revokeRoleAction({ userId: id, assignmentId });
  if (!result.ok) return NextResponse.json({ error: result.error }, { status: result.status });
  return new NextResponse(null, { status: 204 });
});
