/** The onboarding form's state (strings as typed) and the payload the server checks. */
export type Path = (string | number)[];

export type SiteDraft = { name: string; addressLine1: string; city: string; postcode: string; countryCode: string; contactName: string };
export type SubDraft = { key: string; name: string; code: string; kind: string; hasSite: boolean; site: SiteDraft };
export type BaDraft = { key: string; name: string; code: string; currency: string; paymentTerms: string; billingCycle: string; billToName: string; billToEmail: string; subAccounts: SubDraft[] };
export type LeDraft = { key: string; name: string; countryCode: string; currency: string; registrationNumber: string; taxId: string; billingAccounts: BaDraft[] };
export type Draft = { enterprise: { name: string; code: string }; legalEntities: LeDraft[]; admin: { name: string; email: string }; accountManagerIds: string[] };

export const STEPS = ["Enterprise", "Legal entities", "Billing accounts", "Sub-accounts and sites", "Admin and account managers", "Review"] as const;

const key = () => crypto.randomUUID();

export const blankSubAccount = (countryCode = ""): SubDraft => ({ key: key(), name: "", code: "", kind: "site", hasSite: true, site: { name: "", addressLine1: "", city: "", postcode: "", countryCode, contactName: "" } });
export const blankBillingAccount = (currency = ""): BaDraft => ({ key: key(), name: "", code: "", currency, paymentTerms: "net_30", billingCycle: "monthly", billToName: "", billToEmail: "", subAccounts: [blankSubAccount()] });
export const blankLegalEntity = (): LeDraft => ({ key: key(), name: "", countryCode: "", currency: "", registrationNumber: "", taxId: "", billingAccounts: [blankBillingAccount()] });

/** The step a problem belongs to, by where it is in the payload. */
export function stepOf(path: readonly string[] | Path): number {
  const p = path.map(String);
  if (p[0] === "enterprise") return 0;
  if (p[0] === "legalEntities") {
    if (p[4] === "subAccounts") return 3;
    if (p[2] === "billingAccounts") return 2;
    return 1;
  }
  return 4;
}

/**
 * What the server checks: the draft without the form's keys; a billing account's currency defaults
 * to its legal entity's, a site's country to its legal entity's; a sub-account without a site sends none.
 */
export function payloadOf(d: Draft) {
  return {
    enterprise: d.enterprise,
    admin: d.admin,
    accountManagerIds: d.accountManagerIds,
    legalEntities: d.legalEntities.map(({ key: _k, billingAccounts, ...le }) => ({
      ...le,
      billingAccounts: billingAccounts.map(({ key: _b, subAccounts, ...ba }) => ({
        ...ba,
        currency: ba.currency || le.currency,
        subAccounts: subAccounts.map(({ key: _s, hasSite, site, ...sub }) => ({ ...sub, site: hasSite ? { ...site, countryCode: site.countryCode || le.countryCode } : null })),
      })),
    })),
  };
}

/** Fills what is still blank from the legal entity: a billing account's currency, a site's country. */
export function withDefaults(d: Draft): Draft {
  return {
    ...d,
    legalEntities: d.legalEntities.map((le) => ({
      ...le,
      billingAccounts: le.billingAccounts.map((ba) => ({
        ...ba,
        currency: ba.currency || le.currency,
        subAccounts: ba.subAccounts.map((sub) => ({ ...sub, site: { ...sub.site, countryCode: sub.site.countryCode || le.countryCode } })),
      })),
    })),
  };
}
