import { z } from "zod";
import { blankToUndefined, checkbox, isoDate, requiredText as text } from "@/lib/schema-fields";
import { PRICE_CURRENCIES } from "@/lib/contracts/labels";
import { toMinorUnits } from "@/lib/money";
import { isPlainText, PLAIN_TEXT_MESSAGE } from "@/lib/text";

const amount = z.preprocess((v) => (typeof v === "number" ? String(v) : v), z.string().trim().max(30, "That amount is too long").optional());

/** A list price in one currency; both amounts blank means "not sold in this currency". */
const priceInput = z.object({ currency: z.enum(PRICE_CURRENCIES, { message: "Choose a currency" }), oneOff: amount, recurring: amount });

export type OfferingPriceFields = { currency: string; oneOffMinor: number; recurringMinor: number };

const offeringObject = z.object({
  name: text("offering name", 120),
  description: z.preprocess((v) => v ?? "", z.string().trim().max(1000, "The description has at most 1000 characters").refine(isPlainText, PLAIN_TEXT_MESSAGE)),
  category: text("category", 60),
  unit: text("unit", 30),
  isActive: checkbox("Say whether it is in the catalog"),
  validFrom: isoDate("first day of validity"),
  validTo: z.preprocess(blankToUndefined, isoDate("last day of validity").optional()),
  prices: z.array(priceInput).max(PRICE_CURRENCIES.length, "One price per currency"),
});

/** Checks the validity period and turns the prices into minor units (errors on "prices.N.field"). */
function finish<T extends z.output<typeof offeringObject>>(o: T, ctx: z.RefinementCtx) {
  if (o.validTo && o.validTo < o.validFrom) ctx.addIssue({ code: "custom", path: ["validTo"], message: "The last day of validity is on or after the first" });
  const prices: OfferingPriceFields[] = [];
  const seen = new Set<string>();
  o.prices.forEach((p, i) => {
    if (!p.oneOff && !p.recurring) return;
    if (seen.has(p.currency)) ctx.addIssue({ code: "custom", path: ["prices", i, "currency"], message: `Only one price in ${p.currency}` });
    seen.add(p.currency);
    const minor = (value: string | undefined, field: string) => {
      const r = toMinorUnits(value || "0", p.currency);
      if ("error" in r) {
        ctx.addIssue({ code: "custom", path: ["prices", i, field], message: r.error });
        return 0;
      }
      return r.minor;
    };
    prices.push({ currency: p.currency, oneOffMinor: minor(p.oneOff, "oneOff"), recurringMinor: minor(p.recurring, "recurring") });
  });
  if (prices.length === 0) ctx.addIssue({ code: "custom", path: ["prices"], message: "Give a list price in at least one currency" });
  return { ...o, validTo: o.validTo ?? null, prices };
}

/** Editing an offering names the last change it read (its updatedAt): a stale edit is refused. */
export const updateOfferingInput = offeringObject
  .extend({ id: z.string({ message: "Unknown offering" }).uuid("Unknown offering"), version: z.string().datetime({ message: "Reload the page and try again" }) })
  .transform(finish);
export type UpdateOfferingInput = z.output<typeof updateOfferingInput>;

export const createOfferingInput = offeringObject
  .extend({
    code: z
      .string({ message: "Enter a code" })
      .trim()
      .toUpperCase()
      .regex(/^[A-Z0-9][A-Z0-9-]{1,39}$/, "A code is 2 to 40 letters, digits and dashes (for example FIBRE-1G)"),
  })
  .transform(finish);
export type CreateOfferingInput = z.output<typeof createOfferingInput>;
