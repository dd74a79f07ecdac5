import { z } from "zod";
import { isCurrencyCode, toMinorUnits } from "@/lib/money";
import { wholeNumber } from "@/lib/schema-fields";
import { startOfDayIn } from "@/lib/time";

const day = (message: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, message)
    .refine((d) => startOfDayIn(d, "UTC") !== null, message);
const blankToNull = (v: unknown) => (typeof v === "string" && v.trim() === "" ? null : v);

/** An approver away from one day to another (inclusive, in their own time zone), and who stands in. */
export const awayInput = z
  .object({
    delegateId: z.preprocess(blankToNull, z.string().uuid("Choose a person").nullable()),
    startsOn: day("Enter the first day away"),
    endsOn: day("Enter the last day away"),
  })
  .refine((v) => v.endsOn >= v.startsOn, { path: ["endsOn"], message: "The last day cannot be before the first" });
export type AwayInput = z.output<typeof awayInput>;

export const endAwayInput = z.object({ delegationId: z.string().uuid("Unknown away period") });

export const MAX_THRESHOLDS = 5;

/** An approval policy as the admin types it: thresholds in major units of the currency, ascending. */
export const policyInput = z
  .object({
    nodeId: z.string().uuid("Unknown node"),
    currency: z.string().trim().toUpperCase().refine(isCurrencyCode, "Choose a currency"),
    thresholds: z.array(z.string()).max(MAX_THRESHOLDS, `At most ${MAX_THRESHOLDS} thresholds`),
    escalationHours: wholeNumber(z.number({ message: "Enter a number of hours" }).int("Whole hours").min(1, "At least 1 hour").max(24 * 30, "At most 30 days")),
  })
  .transform((v, ctx) => {
    const minor: number[] = [];
    v.thresholds.forEach((t, i) => {
      if (t.trim() === "") return;
      const r = toMinorUnits(t, v.currency);
      if ("error" in r) ctx.addIssue({ code: "custom", path: ["thresholds", i], message: r.error });
      else if (r.minor === 0) ctx.addIssue({ code: "custom", path: ["thresholds", i], message: "A threshold is more than zero" });
      else minor.push(r.minor);
    });
    const sorted = [...minor].sort((a, b) => a - b);
    if (new Set(sorted).size !== sorted.length) ctx.addIssue({ code: "custom", path: ["thresholds"], message: "Each threshold once" });
    return { nodeId: v.nodeId, currency: v.currency, thresholdsMinor: sorted, escalationHours: v.escalationHours };
  });
export type PolicyInput = z.output<typeof policyInput>;
