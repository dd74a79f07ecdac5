import { z } from "zod";
import { isPlainText, PLAIN_TEXT_MESSAGE } from "@/lib/text";
import { countryName, isCountryCode } from "./countries";

/**
 * Postcode sanity per country: the shape of the postal code, not whether it exists. Countries
 * without a pattern need a non-empty postcode of reasonable length. Pure and client-safe.
 */
export const POSTCODE_PATTERNS: Record<string, { pattern: RegExp; example: string }> = {
  // United Kingdom: outward code (A9, A99, AA9, AA99, A9A, AA9A) and inward code (9AA), or GIR 0AA.
  GB: { pattern: /^(GIR ?0AA|[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2})$/i, example: "M3 2GP" },
  DE: { pattern: /^[0-9]{5}$/, example: "10117" },
  US: { pattern: /^[0-9]{5}(-[0-9]{4})?$/, example: "94105 or 94105-1234" },
  FR: { pattern: /^[0-9]{5}$/, example: "75008" },
  NL: { pattern: /^[1-9][0-9]{3} ?[A-Z]{2}$/i, example: "1012 AB" },
  IE: { pattern: /^[A-Z][0-9][0-9W] ?[A-Z0-9]{4}$/i, example: "D02 X285" },
  CA: { pattern: /^[A-Z][0-9][A-Z] ?[0-9][A-Z][0-9]$/i, example: "K1A 0B1" },
  AT: { pattern: /^[0-9]{4}$/, example: "1010" },
  CH: { pattern: /^[0-9]{4}$/, example: "8001" },
  ES: { pattern: /^[0-9]{5}$/, example: "28013" },
  IT: { pattern: /^[0-9]{5}$/, example: "00184" },
};

/** What is wrong with a postcode for a country, or null when it looks right. */
export function postcodeProblem(countryCode: string, postcode: string): string | null {
  const value = postcode.trim();
  if (!value) return "Enter a postcode";
  if (value.length > 12) return "A postcode has at most 12 characters";
  const rule = POSTCODE_PATTERNS[countryCode];
  if (rule && !rule.pattern.test(value)) return `That is not a valid postcode for ${countryName(countryCode)} (for example ${rule.example})`;
  return null;
}

/** Puts a postcode in its usual form: upper case, UK postcodes with their single space. */
export function normalisePostcode(countryCode: string, postcode: string): string {
  const value = postcode.trim().replace(/\s+/g, " ").toUpperCase();
  if (countryCode === "GB" || countryCode === "CA" || countryCode === "IE" || countryCode === "NL") {
    const compact = value.replace(/ /g, "");
    const split = countryCode === "NL" ? 4 : compact.length - 3;
    return compact.length > 4 ? `${compact.slice(0, split)} ${compact.slice(split)}` : compact;
  }
  return value;
}

export const text = (label: string, max: number) =>
  z
    .string({ message: `Enter the ${label}` })
    .trim()
    .min(1, `Enter the ${label}`)
    .max(max, `The ${label} has at most ${max} characters`)
    .refine(isPlainText, PLAIN_TEXT_MESSAGE);

/** An optional text field: blank becomes null. (Also used by the onboarding form.) */
export const optionalText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `The ${label} has at most ${max} characters`)
    .refine(isPlainText, PLAIN_TEXT_MESSAGE)
    .nullish()
    .transform((v) => (v ? v : null));

/** The fields of a site, as the create and edit forms send them (before the postcode check). */
export const siteObject = z.object({
  name: text("site name", 120),
  addressLine1: text("first address line", 200),
  addressLine2: optionalText("second address line", 200),
  city: text("city", 100),
  region: optionalText("region", 100),
  postcode: z.string({ message: "Enter a postcode" }).trim().max(12, "A postcode has at most 12 characters").refine(isPlainText, PLAIN_TEXT_MESSAGE),
  countryCode: z.string({ message: "Choose a country" }).trim().toUpperCase().refine(isCountryCode, "Choose a country"),
  contactName: optionalText("contact name", 120),
  contactEmail: z
    .string()
    .trim()
    .max(254, "An email address has at most 254 characters")
    .nullish()
    .transform((v) => (v ? v.toLowerCase() : null))
    .refine((v) => v === null || z.email().safeParse(v).success, "Enter a valid email address"),
  contactPhone: optionalText("contact phone", 40).refine((v) => v === null || /^\+?[0-9 ()./-]{5,40}$/.test(v), "Enter a phone number (digits, spaces and + ( ) - only)"),
  subAccountId: z.string({ message: "Choose a sub-account" }).uuid("Choose a sub-account"),
});

type HasPostcode = { countryCode: string; postcode: string };

function checkPostcode(site: HasPostcode, ctx: z.RefinementCtx) {
  const problem = postcodeProblem(site.countryCode, site.postcode);
  if (problem) ctx.addIssue({ code: "custom", path: ["postcode"], message: problem });
}

function normalise<T extends HasPostcode>(site: T): T {
  return { ...site, postcode: normalisePostcode(site.countryCode, site.postcode) };
}

/** Creating a site: its fields, the postcode checked for the country and normalised. */
export const createSiteInput = siteObject.superRefine(checkPostcode).transform(normalise);

/** Editing a site: its id and all its fields (the form always sends the whole site). */
export const updateSiteInput = siteObject
  .extend({ id: z.string().uuid("Unknown site") })
  .superRefine(checkPostcode)
  .transform(normalise);

export type SiteFields = z.output<typeof createSiteInput>;
export type SiteFieldsInput = z.input<typeof createSiteInput>;
export type UpdateSiteInput = z.output<typeof updateSiteInput>;
