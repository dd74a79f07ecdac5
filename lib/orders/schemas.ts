import { z } from "zod";
import { blankToUndefined, wholeNumber } from "@/lib/schema-fields";
import { isPlainText, PLAIN_TEXT_MESSAGE } from "@/lib/text";
import { startOfDayIn } from "@/lib/time";

/** Limits a form and the API share: how big an order may be. */
export const MAX_ORDER_LINES = 100;
export const MAX_LINE_QUANTITY = 10_000;

const text = (max: number, label: string) =>
  z.preprocess(blankToUndefined, z.string().trim().max(max, `${label}: at most ${max} characters`).refine(isPlainText, PLAIN_TEXT_MESSAGE).optional());

const id = (message: string) => z.string().uuid(message);
/** Rejects a client's request key that is not a plausible one (a UUID from crypto.randomUUID, or similar). */
export const requestKey = z.string().regex(/^[A-Za-z0-9_-]{16,100}$/, "Reload the page and try again");

/** One line as the orderer enters it: no price (every price comes from the contract, on the server). */
export const orderLineInput = z.object({
  offeringId: id("Choose a product"),
  siteId: id("Choose a site"),
  subAccountId: id("Choose who bears the cost"),
  quantity: wholeNumber(
    z
      .number({ message: "Enter a quantity" })
      .int("Whole units only")
      .min(1, "At least 1")
      .max(MAX_LINE_QUANTITY, `At most ${MAX_LINE_QUANTITY.toLocaleString("en-GB")}`),
  ),
});
export type OrderLineInput = z.output<typeof orderLineInput>;

export const orderFields = z.object({
  contractId: id("Choose a contract"),
  purchaseOrderNumber: text(40, "Purchase order number"),
  requestedOn: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "Enter a date")
      .refine((d) => startOfDayIn(d, "UTC") !== null, "Enter a real date")
      .optional(),
  ),
  note: text(1000, "Note"),
  lines: z.array(orderLineInput).min(1, "Add at least one line").max(MAX_ORDER_LINES, `At most ${MAX_ORDER_LINES} lines`),
});
export type OrderFields = z.output<typeof orderFields>;

export const createOrderInput = orderFields.extend({ requestKey });
/** The row version a form read (a stale one is a conflict). */
const rowVersion = wholeNumber(z.number().int().min(1));
export const updateOrderInput = orderFields.extend({ orderId: id("Unknown order"), rowVersion });
export const submitOrderInput = z.object({ orderId: id("Unknown order"), rowVersion, requestKey });
export const cancelOrderInput = z.object({ orderId: id("Unknown order"), reason: text(500, "Reason") });
export const fulfilOrderInput = z.object({ orderId: id("Unknown order"), step: z.enum(["start", "complete"]) });

export type CreateOrderInput = z.output<typeof createOrderInput>;
export type UpdateOrderInput = z.output<typeof updateOrderInput>;
export type SubmitOrderInput = z.output<typeof submitOrderInput>;

export const decideInput = z
  .object({
    orderId: id("Unknown order"),
    level: wholeNumber(z.number().int().min(1).max(20)),
    decision: z.enum(["approved", "rejected"], { message: "Approve or reject" }),
    comment: text(1000, "Comment"),
  })
  .refine((v) => v.decision === "approved" || Boolean(v.comment), { path: ["comment"], message: "Say why you reject it: the orderer reads your comment" });
export type DecideInput = z.output<typeof decideInput>;
