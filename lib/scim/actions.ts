"use server";

import { getDb } from "@/db/client";
import { defineAction } from "@/lib/action";
import { addGroupRole, removeGroupRole } from "./mappings";
import { addGroupRoleInput, createTokenInput, groupRoleIdInput, tokenIdInput } from "./schemas";
import { createScimToken, revokeScimToken } from "./tokens";

/** The admin's side of SCIM on /provisioning: tokens, and what a group's membership grants. */
const create = defineAction("scim_token.create", createTokenInput, async (input, ctx) => createScimToken(await getDb(), ctx, input));
const revoke = defineAction("scim_token.revoke", tokenIdInput, async (input, ctx) => revokeScimToken(await getDb(), ctx, input.tokenId));
const addRole = defineAction("scim_group.role_add", addGroupRoleInput, async (input, ctx) => addGroupRole(await getDb(), ctx, input));
const removeRole = defineAction("scim_group.role_remove", groupRoleIdInput, async (input, ctx) => removeGroupRole(await getDb(), ctx, input.mappingId));

export async function createScimTokenAction(raw: unknown) {
  return create(raw);
}

export async function revokeScimTokenAction(raw: unknown) {
  return revoke(raw);
}

export async function addGroupRoleAction(raw: unknown) {
  return addRole(raw);
}

export async function removeGroupRoleAction(raw: unknown) {
  return removeRole(raw);
}
