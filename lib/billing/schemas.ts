import { z } from "zod";
import { isoDate, requiredText } from "@/lib/schema-fields";

const uuid = z.string().uuid("Choose a valid item.");

/** A payment the CSP records: the amount as typed (major units, parsed in the bill's currency), a day, a reference. */
export const recordPaymentSchema = z.object({
  billId: uuid,
  amount: z.string({ message: "Enter the amount received" }).trim().min(1, "Enter the amount received").max(30, "Enter the amount received"),
  receivedOn: isoDate("day it was received"),
  reference: z
    .string()
    .trim()
    .max(100, "The reference has at most 100 characters")
    .optional()
    .transform((v) => v || undefined),
});

export const raiseDisputeSchema = z.object({
  lineId: uuid,
  reason: requiredText("reason", 1000),
});

export const resolveDisputeSchema = z.object({
  disputeId: uuid,
  outcome: z.enum(["credited", "rejected"], { message: "Choose to credit or reject" }),
  resolution: requiredText("resolution", 1000),
});

export const billRunSchema = z.object({
  enterpriseId: z.union([uuid, z.literal("all")], { message: "Choose an enterprise" }),
  period: z.string({ message: "Choose a month" }).regex(/^\d{4}-(0[1-9]|1[0-2])$/, "Choose a month"),
  after: uuid.nullable().optional(),
});
