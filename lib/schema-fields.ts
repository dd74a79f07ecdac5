import { z } from "zod";
import { isPlainText, PLAIN_TEXT_MESSAGE } from "@/lib/text";
import { startOfDayIn } from "@/lib/time";

/** Zod fields the domain schemas share: what a blank form field means, required text, calendar dates. */
export const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** Required, trimmed, plain text of at most `max` characters, with messages naming the field. */
export const requiredText = (label: string, max: number) =>
  z
    .string({ message: `Enter the ${label}` })
    .trim()
    .min(1, `Enter the ${label}`)
    .max(max, `The ${label} has at most ${max} characters`)
    .refine(isPlainText, PLAIN_TEXT_MESSAGE);

/** A calendar day as YYYY-MM-DD that exists (no 30 February). */
export const isoDate = (label: string) =>
  z
    .string({ message: `Enter the ${label}` })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `Enter the ${label} as a date`)
    .refine((d) => startOfDayIn(d, "UTC") !== null && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), `Enter a real ${label}`);

/**
 * A whole number as a form (its digits, as text) or a JSON body (a number) sends it, checked by
 * `schema`. Unlike `z.coerce.number`, which reads true as 1, false, [] and "" as 0, "0x10" as 16
 * and "1e3" as 1000, nothing but a number or decimal digits is read: anything else fails `schema`
 * with its own message.
 */
export const wholeNumber = (schema: z.ZodNumber) => z.preprocess((v) => (typeof v === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : v), schema);

/**
 * A checkbox: a boolean, or as a form sends it ("on", "true", "false"); absent or blank is
 * unchecked. Anything else is refused, never read as "unchecked".
 */
export const checkbox = (message: string) =>
  z.preprocess((v) => (v === undefined || v === null || v === "" || v === "false" ? false : v === "on" || v === "true" ? true : v), z.boolean({ message }));
