"use server";

import { z } from "zod";
import { getDb } from "@/db/client";
import { defineAction } from "@/lib/action";
import { loadSubjectFields } from "@/lib/authz/guard";
import { InvalidError, NotFoundError } from "@/lib/errors";
import { deactivateUser, grantRole, reactivateUser, revokeRole } from "./mutations";
import { grantFormInput, grantFromForm, grantInput } from "./schemas";

/**
 * The users area's mutations, as server actions (public POST endpoints: each one authenticates,
 * parses, authorizes the row and writes its audit event; refusals are recorded by defineAction).
 * The JSON API (app/api/users/…) calls the same functions.
 */
const grant = defineAction("role.grant", grantFormInput, async (form, ctx) => {
  const parsed = grantInput.safeParse(grantFromForm(form, ctx.principal.timeZone));
  if (!parsed.success) throw new InvalidError(parsed.error.issues[0]?.message ?? "Invalid grant");
  const input = parsed.data;
  const created = await grantRole(await getDb(), ctx, input);
  return { id: created.id };
});

const revokeInput = z.object({ userId: z.string().uuid(), assignmentId: z.string().uuid() });
const revoke = defineAction("role.revoke", revokeInput, async ({ userId, assignmentId }, ctx) => {
  const db = await getDb();
  // The assignment must belong to the user the request names; otherwise it is not found here.
  const fields = await loadSubjectFields(db, "RoleAssignment", assignmentId);
  if (!fields || fields.userId !== userId) throw new NotFoundError();
  const before = await revokeRole(db, ctx, assignmentId);
  return { id: before.id };
});

const userIdInput = z.object({ userId: z.string().uuid() });
const deactivate = defineAction("user.deactivate", userIdInput, async ({ userId }, ctx) => {
  const after = await deactivateUser(await getDb(), ctx, userId);
  return { id: after.id, status: after.status };
});
const reactivate = defineAction("user.reactivate", userIdInput, async ({ userId }, ctx) => {
  const after = await reactivateUser(await getDb(), ctx, userId);
  return { id: after.id, status: after.status };
});

export async function grantRoleAction(raw: unknown) {
  return grant(raw);
}

export async function revokeRoleAction(raw: unknown) {
  return revoke(raw);
}

export async function deactivateUserAction(raw: unknown) {
  return deactivate(raw);
}

export async function reactivateUserAction(raw: unknown) {
  return reactivate(raw);
}
