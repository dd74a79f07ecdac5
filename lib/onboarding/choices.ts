/* Pure, zod-free and client-safe: the choices the onboarding form offers and its schema checks. */
import { PRICE_CURRENCIES } from "@/lib/contracts/labels";

export const CURRENCIES = PRICE_CURRENCIES;
export const PAYMENT_TERMS = ["net_30", "net_60", "net_90"] as const;
export const BILLING_CYCLES = ["monthly", "quarterly"] as const;
export const SUB_ACCOUNT_KINDS = ["department", "cost_centre", "project", "site"] as const;
