"use server";

import { getDb } from "@/db/client";
import { defineAction } from "@/lib/action";
import { createOffering, updateOffering } from "./mutations";
import { createOfferingInput, updateOfferingInput } from "./schemas";

const update = defineAction("offering.update", updateOfferingInput, async (input, ctx) => updateOffering(await getDb(), ctx, input));
const create = defineAction("offering.create", createOfferingInput, async (input, ctx) => createOffering(await getDb(), ctx, input));

/** Saves an offering's description, validity and list prices (CSP administrators). */
export async function updateOfferingAction(raw: unknown) {
  return update(raw);
}

/** Adds an offering to the catalog (CSP administrators). */
export async function createOfferingAction(raw: unknown) {
  return create(raw);
}
