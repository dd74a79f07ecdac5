/** Money is integer minor units with a currency; shown in the user's locale, never added across currencies. */
export function formatMoney(minor: number, currency: string, locale = "en-GB"): string {
  const digits = new Intl.NumberFormat(locale, { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return new Intl.NumberFormat(locale, { style: "currency", currency }).format(minor / 10 ** digits);
}

/** Times are stored in UTC and shown in the user's time zone and locale. */
export function formatDateTime(value: Date | string | null | undefined, locale = "en-GB", timeZone = "UTC"): string {
  if (!value) return "—";
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone }).format(new Date(value));
}

export function formatDate(value: Date | string | null | undefined, locale = "en-GB", timeZone = "UTC"): string {
  if (!value) return "—";
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone }).format(new Date(value));
}

export function formatPeriod(periodStart: string, locale = "en-GB"): string {
  return new Intl.DateTimeFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${periodStart}T00:00:00Z`));
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

export const BILL_STATUS_LABELS: Record<string, string> = { issued: "Issued", paid: "Paid", overdue: "Overdue" };
