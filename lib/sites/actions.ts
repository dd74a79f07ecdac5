"use server";

import { getDb } from "@/db/client";
import { defineAction } from "@/lib/action";
import { createSite, updateSite } from "./mutations";
import { createSiteInput, updateSiteInput } from "./schemas";

const create = defineAction("site.create", createSiteInput, async (input, ctx) => {
  const site = await createSite(await getDb(), ctx, input);
  return { id: site.id, name: site.name };
});

const update = defineAction("site.update", updateSiteInput, async (input, ctx) => {
  const { site, changed } = await updateSite(await getDb(), ctx, input);
  return { id: site.id, name: site.name, changed };
});

/** Creates a site (server action for the "New site" form). */
export async function createSiteAction(raw: unknown) {
  return create(raw);
}

/** Saves a site's fields (server action for the edit form). */
export async function updateSiteAction(raw: unknown) {
  return update(raw);
}
