/**
 * What a person types into the "Grant role" form (or posts to the assignments API), and how it
 * becomes a grant: decimal amounts become integer minor units using the currency's own number of
 * fraction digits (never a float in between), an expiry date becomes midnight at the start of that
 * day in the granting admin's time zone. Pure functions, no database.
 */
import { z } from "zod";
import { ROLES } from "@/lib/authz/vocabulary";
import { isCurrencyCode, MAX_AMOUNT_MINOR, toMinorUnits } from "@/lib/money";
import { blankToUndefined } from "@/lib/schema-fields";
import { startOfDayIn as startOfDayInZone } from "@/lib/time";

const optionalText = z.preprocess(blankToUndefined, z.string().max(40).optional());

/** The UTC instant at which the wall clock in `timeZone` shows 00:00 on the given (already validated) day. */
export function startOfDayIn(date: string, timeZone: string): Date {
  const start = startOfDayInZone(date, timeZone);
  if (!start) throw new Error(`Not a calendar date: ${date}`);
  return start;
}

export const grantFormInput = z
  .object({
    userId: z.string().uuid("Unknown user"),
    role: z.enum(ROLES, { message: "Choose a role" }),
    scopeNodeId: z.string({ message: "Choose a node" }).uuid("Choose a node"),
    approvalLimit: optionalText,
    spendLimit: optionalText,
    limitCurrency: z.preprocess(
      (v) => (typeof v === "string" ? (v.trim() === "" ? undefined : v.trim().toUpperCase()) : v),
      z.string().refine(isCurrencyCode, "Choose a currency").optional(),
    ),
    expiresOn: z.preprocess(
      blankToUndefined,
      z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date such as 2027-03-31")
        // A day that exists (not 30 February, not the year 0): what grantFromForm can turn into an instant.
        .refine((s) => startOfDayInZone(s, "UTC") !== null, "Not a real date")
        .optional(),
    ),
  })
  .transform((input, ctx) => {
    const convert = (field: "approvalLimit" | "spendLimit") => {
      const text = input[field];
      if (text === undefined) return null;
      if (!input.limitCurrency) {
        ctx.addIssue({ code: "custom", path: ["limitCurrency"], message: "Choose the limit's currency" });
        return null;
      }
      const result = toMinorUnits(text, input.limitCurrency);
      if ("error" in result) {
        ctx.addIssue({ code: "custom", path: [field], message: result.error });
        return null;
      }
      return result.minor;
    };
    const approvalLimitMinor = convert("approvalLimit");
    const spendLimitMinor = convert("spendLimit");
    return {
      userId: input.userId,
      role: input.role,
      scopeNodeId: input.scopeNodeId,
      approvalLimitMinor,
      spendLimitMinor,
      limitCurrency: approvalLimitMinor != null || spendLimitMinor != null ? (input.limitCurrency ?? null) : null,
      expiresOn: input.expiresOn ?? null,
    };
  });
export type GrantFormOutput = z.output<typeof grantFormInput>;

/** The form's output as a grant, with the expiry resolved in the granting admin's time zone. */
export function grantFromForm(form: GrantFormOutput, timeZone: string) {
  return {
    userId: form.userId,
    role: form.role,
    scopeNodeId: form.scopeNodeId,
    approvalLimitMinor: form.approvalLimitMinor,
    spendLimitMinor: form.spendLimitMinor,
    limitCurrency: form.limitCurrency,
    expiresAt: form.expiresOn ? startOfDayIn(form.expiresOn, timeZone) : null,
  };
}

/** The earliest expiry date the form offers: tomorrow, as a calendar day in `timeZone` (YYYY-MM-DD). */
export function firstExpiryDate(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(now.getTime() + 86_400_000));
}

/** A grant as the domain takes it (amounts already in minor units); the form and the API reach it through grantFromForm. */
const money = z.coerce.number().int("Whole minor units only").min(0).max(MAX_AMOUNT_MINOR);

export const grantInput = z.object({
  userId: z.string().uuid(),
  // Any role parses, so that a forged CSP role reaches the ability and is refused (403) and recorded.
  role: z.enum(ROLES, { message: "Choose a role" }),
  scopeNodeId: z.string().uuid("Choose a node"),
  approvalLimitMinor: money.nullish(),
  spendLimitMinor: money.nullish(),
  limitCurrency: z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/, "A three-letter currency code").nullish(),
  expiresAt: z.coerce.date().nullish(),
});
export type GrantInput = z.infer<typeof grantInput>;
