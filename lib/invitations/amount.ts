/**
 * Amounts typed by people (forms, CSV files) are in major units ("50000", "50,000.00"); the
 * database keeps integer minor units. Pure, so the form, the CSV import and their tests agree.
 */
export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** "50,000.5" in GBP → 5000050; null when the text is not a plain non-negative amount. */
export function parseMajorAmount(text: string, currency: string): number | null {
  const cleaned = text.trim().replace(/[,_\s]/g, "");
  if (!/^\d{1,13}(\.\d+)?$/.test(cleaned)) return null;
  const digits = minorDigits(currency);
  const [whole, fraction = ""] = cleaned.split(".");
  if (fraction.length > digits) return null;
  return Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, "0") || "0");
}

/** 5000050 in GBP → "50000.50" (for CSV files: no grouping, a dot, all minor digits). */
export function formatMajorAmount(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  if (digits === 0) return String(minor);
  const sign = minor < 0 ? "-" : "";
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 10 ** digits)}.${String(abs % 10 ** digits).padStart(digits, "0")}`;
}
