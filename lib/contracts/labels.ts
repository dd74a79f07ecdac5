/* Pure, zod-free and client-safe: the words and limits a contract form and page share. */

export const CONTRACT_STATUSES = ["draft", "active", "superseded", "expired", "terminated"] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

export const CONTRACT_STATUS_LABELS: Record<ContractStatus, string> = {
  draft: "Draft",
  active: "Active",
  superseded: "Superseded",
  expired: "Expired",
  terminated: "Terminated",
};

export const CONTRACT_STATUS_TONES: Record<ContractStatus, "neutral" | "green" | "amber" | "red" | "blue" | "violet"> = {
  draft: "amber",
  active: "green",
  superseded: "neutral",
  expired: "neutral",
  terminated: "red",
};

/** The service levels the CSP sells (response and fix times are in the service description). */
export const SLA_TIERS = ["Bronze", "Silver", "Gold", "Platinum"] as const;
export type SlaTier = (typeof SLA_TIERS)[number];

export const PAYMENT_TERMS = ["net_30", "net_60", "net_90"] as const;
export type PaymentTerms = (typeof PAYMENT_TERMS)[number];
export const PAYMENT_TERMS_LABELS: Record<PaymentTerms, string> = { net_30: "Net 30 days", net_60: "Net 60 days", net_90: "Net 90 days" };

/** The currencies the CSP prices in (list prices and contracts). */
export const PRICE_CURRENCIES = ["GBP", "EUR", "USD"] as const;

export const MAX_PRICE_ITEMS = 100;
export const MAX_BANDS_PER_ITEM = 10;
export const MAX_QUANTITY = 1_000_000;
/** The longest term a framework contract may run, in years. */
export const MAX_TERM_YEARS = 10;
