import { z } from "zod";
import { isCurrencyCode, toMinorUnits } from "@/lib/money";
import { isPlainText, PLAIN_TEXT_MESSAGE } from "@/lib/text";
import { startOfDayIn } from "@/lib/time";

const text = (max: number, label: string) => z.string().trim().min(1, `Enter ${label}`).max(max, `At most ${max} characters`).refine(isPlainText, PLAIN_TEXT_MESSAGE);
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Enter a date")
  .refine((d) => startOfDayIn(d, "UTC") !== null, "Enter a real date");

/** A list price as typed: a currency, and one-off and monthly amounts in its major units. */
const priceInput = z.object({
  currency: z.string().trim().toUpperCase().refine(isCurrencyCode, "Choose a currency"),
  oneOff: z.string(),
  monthly: z.string(),
});

/** An offering as CSP staff edit it; amounts become minor units, each currency once. */
export const offeringInput = z
  .object({
    code: z.string().trim().toUpperCase().regex(/^[A-Z0-9][A-Z0-9-]{1,29}$/, "2–30 letters, digits and dashes"),
    name: text(120, "a name"),
    description: z.string().trim().max(500, "At most 500 characters").refine(isPlainText, PLAIN_TEXT_MESSAGE),
    category: text(60, "a category"),
    unit: text(30, "a unit"),
    validFrom: day,
    validTo: z.preprocess((v) => (v === "" ? null : v), day.nullable()),
    isActive: z.boolean({ message: "Say whether it can be ordered" }),
    prices: z.array(priceInput).min(1, "Give at least one list price").max(10),
  })
  .transform((v, ctx) => {
    if (v.validTo && v.validTo < v.validFrom) ctx.addIssue({ code: "custom", path: ["validTo"], message: "The end cannot be before the start" });
    const seen = new Set<string>();
    const prices = v.prices.map((p, i) => {
      if (seen.has(p.currency)) ctx.addIssue({ code: "custom", path: ["prices", i, "currency"], message: "Each currency once" });
      seen.add(p.currency);
      const oneOff = toMinorUnits(p.oneOff === "" ? "0" : p.oneOff, p.currency);
      const monthly = toMinorUnits(p.monthly === "" ? "0" : p.monthly, p.currency);
      if ("error" in oneOff) ctx.addIssue({ code: "custom", path: ["prices", i, "oneOff"], message: oneOff.error });
      if ("error" in monthly) ctx.addIssue({ code: "custom", path: ["prices", i, "monthly"], message: monthly.error });
      return { currency: p.currency, oneOffMinor: "minor" in oneOff ? oneOff.minor : 0, recurringMinor: "minor" in monthly ? monthly.minor : 0 };
    });
    return { ...v, prices };
  });
export type OfferingInput = z.output<typeof offeringInput>;

export const updateOfferingInput = z.object({ id: z.string().uuid("Unknown offering") }).and(offeringInput);
export type UpdateOfferingInput = z.output<typeof updateOfferingInput>;
