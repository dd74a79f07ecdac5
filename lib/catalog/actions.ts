"use server";

import { getDb } from "@/db/client";
import { defineAction } from "@/lib/action";
import { createOffering, updateOffering } from "./mutations";
import { offeringInput, updateOfferingInput } from "./schemas";

const create = defineAction("offering.create", offeringInput, async (input, ctx) => createOffering(await getDb(), ctx, input));
const update = defineAction("offering.update", updateOfferingInput, async (input, ctx) => updateOffering(await getDb(), ctx, input));

/** Adds an offering to the catalog (CSP staff). */
export async function createOfferingAction(raw: unknown) {
  return create(raw);
}
/** Saves an offering's fields and list prices (CSP staff). */
export async function updateOfferingAction(raw: unknown) {
  return update(raw);
}
