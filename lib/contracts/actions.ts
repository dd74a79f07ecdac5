"use server";

import { getDb } from "@/db/client";
import { defineAction } from "@/lib/action";
import { activateContract, amendContract, createContract, updateContract } from "./mutations";
import { activateContractInput, amendContractInput, createContractInput, updateContractInput } from "./schemas";

const create = defineAction("contract.create", createContractInput, async (input, ctx) => createContract(await getDb(), ctx, input));
const update = defineAction("contract.update", updateContractInput, async (input, ctx) => updateContract(await getDb(), ctx, input));
const amend = defineAction("contract.amend", amendContractInput, async (input, ctx) => amendContract(await getDb(), ctx, input));
const activate = defineAction("contract.activate", activateContractInput, async (input, ctx) => activateContract(await getDb(), ctx, input));

/** Drafts a new framework contract (the "New contract" form). */
export async function createContractAction(raw: unknown) {
  return create(raw);
}

/** Saves a draft's terms and prices, from the row version the form read. */
export async function updateContractAction(raw: unknown) {
  return update(raw);
}

/** Starts an amendment: a new draft version of the version in force. */
export async function amendContractAction(raw: unknown) {
  return amend(raw);
}

/** Activates a draft (a CSP administrator who did not draft it); the version in force is superseded. */
export async function activateContractAction(raw: unknown) {
  return activate(raw);
}
