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
