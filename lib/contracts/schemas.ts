import { z } from "zod";
import { blankToUndefined, isoDate, requiredText as text, wholeNumber } from "@/lib/schema-fields";
import { toMinorUnits } from "@/lib/money";
import { isPlainText, PLAIN_TEXT_MESSAGE } from "@/lib/text";
import { MAX_BANDS_PER_ITEM, MAX_PRICE_ITEMS, MAX_QUANTITY, PAYMENT_TERMS, PRICE_CURRENCIES, SLA_TIERS } from "./labels";
import { bandProblems, termProblem } from "./rules";

const id = (message: string) => z.string({ message }).uuid(message);

const quantity = (label: string, min: number) =>
  z.preprocess(
    blankToUndefined,
    wholeNumber(
      z
        .number({ message: `Enter ${label}` })
        .int("Whole units only")
        .min(min, `At least ${min}`)
        .max(MAX_QUANTITY, `At most ${MAX_QUANTITY.toLocaleString("en-GB")}`),
    ),
  );

/** The row version a form read (a stale one is a conflict). */
const rowVersion = wholeNumber(z.number().int().min(1).max(1_000_000));

/** An amount as typed ("390.00"), kept as text until the item's currency is known. */
const amountText = z.preprocess((v) => (typeof v === "number" ? String(v) : v), z.string({ message: "Enter an amount" }).trim().min(1, "Enter an amount").max(30, "That amount is too long"));

const bandInput = z.object({ minQuantity: quantity("the quantity the band starts at", 2), recurring: amountText });

const itemInput = z.object({
  offeringId: id("Choose an offering"),
  currency: z.enum(PRICE_CURRENCIES, { message: "Choose a currency" }),
  oneOff: amountText,
  recurring: amountText,
  committedQuantity: z.preprocess((v) => blankToUndefined(v) ?? 0, quantity("a committed quantity", 0)),
  bands: z.array(bandInput).max(MAX_BANDS_PER_ITEM, `At most ${MAX_BANDS_PER_ITEM} bands per item`).default([]),
});

export type PriceItemFields = {
  offeringId: string;
  currency: string;
  oneOffMinor: number;
  recurringMinor: number;
  committedQuantity: number;
  bands: { minQuantity: number; recurringMinor: number }[];
};

/**
 * The price items of a contract: amounts parsed in their currency's minor units, one item per
 * offering and currency, volume bands that lower the price as the quantity grows. Errors carry
 * their path ("items.0.bands.1.recurring") so the form shows them on the field.
 */
const itemsInput = z
  .array(itemInput)
  .max(MAX_PRICE_ITEMS, `At most ${MAX_PRICE_ITEMS} price items`)
  .transform((items, ctx): PriceItemFields[] => {
    const out: PriceItemFields[] = [];
    const seen = new Set<string>();
    items.forEach((item, i) => {
      const amount = (value: string, path: (string | number)[]) => {
        const r = toMinorUnits(value, item.currency);
        if ("error" in r) {
          ctx.addIssue({ code: "custom", path: [i, ...path], message: r.error });
          return 0;
        }
        return r.minor;
      };
      const key = `${item.offeringId}:${item.currency}`;
      if (seen.has(key)) ctx.addIssue({ code: "custom", path: [i, "offeringId"], message: `This offering already has a price in ${item.currency}` });
      seen.add(key);
      const oneOffMinor = amount(item.oneOff, ["oneOff"]);
      const recurringMinor = amount(item.recurring, ["recurring"]);
      const bands = item.bands.map((b, j) => ({ minQuantity: b.minQuantity as number, recurringMinor: amount(b.recurring, ["bands", j, "recurring"]) }));
      for (const [j, message] of bandProblems(recurringMinor, bands)) ctx.addIssue({ code: "custom", path: [i, "bands", j, "recurring"], message });
      out.push({ offeringId: item.offeringId, currency: item.currency, oneOffMinor, recurringMinor, committedQuantity: item.committedQuantity as number, bands: bands.sort((a, b) => a.minQuantity - b.minQuantity) });
    });
    return out;
  });

function datesParse(value: unknown): boolean {
  const v = value as { startsOn?: unknown; endsOn?: unknown } | null;
  return Boolean(v) && isoDate("date").safeParse(v!.startsOn).success && isoDate("date").safeParse(v!.endsOn).success;
}

/** A contract's terms and prices, as the draft form sends them (the node and reference are not the form's to say). */
export const contractFields = z
  .object({
    name: text("contract name", 200),
    slaTier: z.enum(SLA_TIERS, { message: "Choose an SLA tier" }),
    paymentTerms: z.enum(PAYMENT_TERMS, { message: "Choose the payment terms" }),
    startsOn: isoDate("start date"),
    endsOn: isoDate("end date"),
    note: z.preprocess(blankToUndefined, z.string().trim().max(2000, "The note has at most 2000 characters").refine(isPlainText, PLAIN_TEXT_MESSAGE).optional()),
    items: itemsInput,
  })
  // Checked even when other fields (a price item, say) are wrong, so the form shows every error at once.
  .superRefine(
    (c, ctx) => {
      const problem = termProblem(c.startsOn, c.endsOn);
      if (problem) ctx.addIssue({ code: "custom", path: ["endsOn"], message: problem });
    },
    { when: (payload) => datesParse(payload.value) },
  )
  .transform((c) => ({ ...c, note: c.note ?? null }));
export type ContractFields = z.output<typeof contractFields>;

/** A new contract: where it hangs (an enterprise or one of its legal entities), then its fields. */
export const createContractInput = z.intersection(z.object({ nodeId: id("Choose the customer") }), contractFields);
export type CreateContractInput = z.output<typeof createContractInput>;

/** Editing a draft names the row version it read: a stale edit is refused, never silently applied. */
export const updateContractInput = z.intersection(z.object({ id: id("Unknown contract"), rowVersion }), contractFields);
export type UpdateContractInput = z.output<typeof updateContractInput>;

/** Activating names the version of the draft the activator reviewed. */
export const activateContractInput = z.object({ id: id("Unknown contract"), rowVersion });
export type ActivateContractInput = z.output<typeof activateContractInput>;

export const amendContractInput = z.object({ id: id("Unknown contract") });
export type AmendContractInput = z.output<typeof amendContractInput>;
