"use server";

import { getDb } from "@/db/client";
import { defineAction } from "@/lib/action";
import { decideOrder } from "./decide";
import { fulfilOrder } from "./fulfil";
import { cancelOrder, createOrder, updateOrder } from "./mutations";
import { cancelOrderInput, createOrderInput, decideInput, fulfilOrderInput, submitOrderInput, updateOrderInput } from "./schemas";
import { submitOrder } from "./submit";

const create = defineAction("order.create", createOrderInput, async (input, ctx) => createOrder(await getDb(), ctx, input));
const update = defineAction("order.update", updateOrderInput, async (input, ctx) => updateOrder(await getDb(), ctx, input));
const submit = defineAction("order.submit", submitOrderInput, async (input, ctx) => {
  const { delivery: _, ...result } = await submitOrder(await getDb(), ctx, input);
  return result;
});
const cancel = defineAction("order.cancel", cancelOrderInput, async (input, ctx) => cancelOrder(await getDb(), ctx, input));
const decide = defineAction("order.decide", decideInput, async (input, ctx) => {
  const { delivery: _, ...result } = await decideOrder(await getDb(), ctx, input);
  return result;
});
const fulfil = defineAction("order.fulfil", fulfilOrderInput, async (input, ctx) => fulfilOrder(await getDb(), ctx, input));

/** Saves a new draft order (the "New order" form). */
export async function createOrderAction(raw: unknown) {
  return create(raw);
}
/** Saves changes to a draft (the edit form), refused when someone changed it meanwhile. */
export async function updateOrderAction(raw: unknown) {
  return update(raw);
}
/** Submits a draft for approval (or approves it at once when no level is needed). */
export async function submitOrderAction(raw: unknown) {
  return submit(raw);
}
/** Cancels the orderer's own order before work starts. */
export async function cancelOrderAction(raw: unknown) {
  return cancel(raw);
}
/** Approves or rejects the waiting level of an order. */
export async function decideOrderAction(raw: unknown) {
  return decide(raw);
}
/** The CSP starts or completes an approved order. */
export async function fulfilOrderAction(raw: unknown) {
  return fulfil(raw);
}
