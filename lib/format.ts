/**
 * Intl formatters are costly to construct (tens of microseconds each) and a page formats dozens of
 * values, so each distinct formatter is built once per process and reused.
 */
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function numberFormat(locale: string, currency: string): Intl.NumberFormat {
  const key = `n|${locale}|${currency}`;
  let f = formatters.get(key) as Intl.NumberFormat | undefined;
  if (!f) formatters.set(key, (f = new Intl.NumberFormat(locale, { style: "currency", currency })));
  return f;
}

function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${locale}|${JSON.stringify(options)}`;
  let f = formatters.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) formatters.set(key, (f = new Intl.DateTimeFormat(locale, options)));
  return f;
}

/** Money is integer minor units with a currency; shown in the user's locale, never added across currencies. */
export function formatMoney(minor: number, currency: string, locale = "en-GB"): string {
  const f = numberFormat(locale, currency);
  const digits = f.resolvedOptions().maximumFractionDigits ?? 2;
  return f.format(minor / 10 ** digits);
}

/** Times are stored in UTC and shown in the user's time zone and locale. */
export function formatDateTime(value: Date | string | null | undefined, locale = "en-GB", timeZone = "UTC"): string {
  if (!value) return "—";
  return dateFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone }).format(new Date(value));
}

export function formatDate(value: Date | string | null | undefined, locale = "en-GB", timeZone = "UTC"): string {
  if (!value) return "—";
  return dateFormat(locale, { dateStyle: "medium", timeZone }).format(new Date(value));
}

export function formatPeriod(periodStart: string, locale = "en-GB"): string {
  return dateFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${periodStart}T00:00:00Z`));
}

export const NODE_KIND_LABELS: Record<string, string> = {
  enterprise: "Enterprise",
  legal_entity: "Legal entity",
  billing_account: "Billing account",
  sub_account: "Sub-account",
};

export const ORDER_STATUS_LABELS: Record<string, string> = {
  draft: "Draft",
  submitted: "Submitted",
  pending_approval: "Pending approval",
  approved: "Approved",
  rejected: "Rejected",
  in_progress: "In progress",
  completed: "Completed",
  cancelled: "Cancelled",
};

export const BILL_STATUS_LABELS: Record<string, string> = { issued: "Issued", part_paid: "Part-paid", overdue: "Overdue", paid: "Paid" };
/** Unpaid bills by days past their due date (lib/billing/state.ts AGEING_BUCKETS). */
export const AGEING_LABELS: Record<string, string> = { current: "Not yet due", "1-30": "1–30 days", "31-60": "31–60 days", "61-90": "61–90 days", "90+": "Over 90 days" };
export const DISPUTE_STATUS_LABELS: Record<string, string> = { open: "Open", credited: "Credited", rejected: "Rejected" };
