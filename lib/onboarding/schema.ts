import { z } from "zod";
import { BILLING_CYCLES, CURRENCIES, PAYMENT_TERMS, SUB_ACCOUNT_KINDS } from "./choices";
import { isCountryCode } from "@/lib/sites/countries";
import { optionalText, postcodeProblem, siteObject, text } from "@/lib/sites/schemas";

/**
 * The whole of an enterprise's onboarding (issue 10): the enterprise, its legal entities, their
 * billing accounts (currency, terms, cycle, bill-to contact), the sub-accounts and their sites, the
 * first enterprise admin, and its account managers. One payload, checked here in full (the guided
 * form checks each step with the same pieces) and written in one transaction.
 */
export { BILLING_CYCLES, CURRENCIES, PAYMENT_TERMS, SUB_ACCOUNT_KINDS };

/** Bounds that keep one request reasonable; a larger tree grows later through the portal. */
export const MAX_LEGAL_ENTITIES = 20;
export const MAX_BILLING_ACCOUNTS = 20;
export const MAX_SUB_ACCOUNTS = 50;

const code = optionalText("code", 20).refine((v) => v === null || /^[A-Za-z0-9_-]+$/.test(v), "A code has letters, digits, - and _ only");
const email = (label: string) =>
  z
    .string({ message: `Enter the ${label}` })
    .trim()
    .toLowerCase()
    .max(254, "An email address has at most 254 characters")
    .pipe(z.email(`Enter a valid ${label}`));

export const onboardSite = siteObject.omit({ subAccountId: true });

export const onboardSubAccount = z.object({
  name: text("sub-account name", 120),
  code,
  kind: z.enum(SUB_ACCOUNT_KINDS, { message: "Choose what the sub-account stands for" }),
  site: onboardSite.nullish().transform((v) => v ?? null),
});

export const onboardBillingAccount = z.object({
  name: text("billing account name", 120),
  code,
  currency: z.enum(CURRENCIES, { message: "Choose a currency" }),
  paymentTerms: z.enum(PAYMENT_TERMS, { message: "Choose payment terms" }),
  billingCycle: z.enum(BILLING_CYCLES, { message: "Choose a billing cycle" }),
  billToName: text("bill-to contact's name", 120),
  billToEmail: email("bill-to email address"),
  subAccounts: z.array(onboardSubAccount).min(1, "Add at least one sub-account").max(MAX_SUB_ACCOUNTS, `At most ${MAX_SUB_ACCOUNTS} sub-accounts per billing account`),
});

export const onboardLegalEntity = z.object({
  name: text("legal entity name", 160),
  countryCode: z.string({ message: "Choose a country" }).trim().toUpperCase().refine(isCountryCode, "Choose a country"),
  currency: z.enum(CURRENCIES, { message: "Choose a currency" }),
  registrationNumber: optionalText("registration number", 40),
  taxId: optionalText("tax id", 40),
  billingAccounts: z.array(onboardBillingAccount).min(1, "Add at least one billing account").max(MAX_BILLING_ACCOUNTS, `At most ${MAX_BILLING_ACCOUNTS} billing accounts per legal entity`),
});

export const onboardEnterprise = z.object({
  name: text("enterprise name", 160),
  code,
});

export const onboardAdmin = z.object({ name: text("admin's name", 120), email: email("admin's email address") });

const lower = (s: string) => s.trim().toLowerCase();

/** Repeated names among siblings are refused where they are (a tree is read by its names). */
function uniqueNames(items: { name: string }[], path: (string | number)[], what: string, ctx: z.RefinementCtx) {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(lower(item.name))) ctx.addIssue({ code: "custom", path: [...path, i, "name"], message: `Another ${what} here has this name` });
    seen.add(lower(item.name));
  });
}

export const onboardInput = z
  .object({
    enterprise: onboardEnterprise,
    legalEntities: z.array(onboardLegalEntity).min(1, "Add at least one legal entity").max(MAX_LEGAL_ENTITIES, `At most ${MAX_LEGAL_ENTITIES} legal entities`),
    admin: onboardAdmin,
    accountManagerIds: z.array(z.string().uuid("Choose an account manager from the list")).max(10).default([]),
  })
  .superRefine((v, ctx) => {
    uniqueNames(v.legalEntities, ["legalEntities"], "legal entity", ctx);
    v.legalEntities.forEach((le, i) => {
      uniqueNames(le.billingAccounts, ["legalEntities", i, "billingAccounts"], "billing account", ctx);
      le.billingAccounts.forEach((ba, j) => {
        uniqueNames(ba.subAccounts, ["legalEntities", i, "billingAccounts", j, "subAccounts"], "sub-account", ctx);
        ba.subAccounts.forEach((sub, k) => {
          const problem = sub.site ? postcodeProblem(sub.site.countryCode, sub.site.postcode) : null;
          if (problem) ctx.addIssue({ code: "custom", path: ["legalEntities", i, "billingAccounts", j, "subAccounts", k, "site", "postcode"], message: problem });
        });
      });
    });
    if (new Set(v.accountManagerIds).size !== v.accountManagerIds.length) ctx.addIssue({ code: "custom", path: ["accountManagerIds"], message: "An account manager is chosen twice" });
  });

export type OnboardInput = z.output<typeof onboardInput>;
export type OnboardLegalEntity = z.output<typeof onboardLegalEntity>;
