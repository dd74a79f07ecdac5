/**
 * Amounts typed by people (forms, CSV files, the API) are in major units ("50000", "50,000.00");
 * the database keeps integer minor units. Pure and zod-free, so forms, the CSV import, the API and
 * their tests agree, and a client component may import it without pulling a schema library.
 */

/** The largest amount a limit may carry, in minor units (grantInput and the CSV import hold it too). */
export const MAX_AMOUNT_MINOR = 10_000_000_000_000;

let knownCurrencies: Set<string> | null = null;

/** Whether `code` is an ISO 4217 currency this runtime knows. */
export function isCurrencyCode(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  knownCurrencies ??= new Set(Intl.supportedValuesOf("currency"));
  return knownCurrencies.has(code);
}

/** How many digits a currency has after the decimal point (GBP 2, JPY 0, KWD 3), from Intl; 2 for an unknown code. */
export function fractionDigits(currency: string): number {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/**
 * "50000.00" (or "50,000.00", "50000") in `currency` → minor units as an integer, or an error
 * message. Digits are handled as text and BigInt, so no amount is ever rounded through a float.
 */
export function toMinorUnits(amount: string, currency: string): { minor: number } | { error: string } {
  let text = amount.trim().replace(/\s+/g, "");
  if (/^\d{1,3}(,\d{3})+(\.\d*)?$/.test(text)) text = text.replace(/,/g, "");
  const m = /^(\d+)(?:\.(\d*))?$/.exec(text);
  if (!m) return { error: "Enter an amount such as 50000.00" };
  const digits = fractionDigits(currency);
  const fraction = (m[2] ?? "").replace(/0+$/, "");
  if (fraction.length > digits) {
    return { error: digits === 0 ? `${currency} amounts have no decimal places` : `At most ${digits} decimal places for ${currency}` };
  }
  const minor = BigInt(m[1]!) * 10n ** BigInt(digits) + BigInt((fraction + "0".repeat(digits)).slice(0, digits) || "0");
  if (minor > BigInt(MAX_AMOUNT_MINOR)) return { error: "That amount is too large" };
  return { minor: Number(minor) };
}

/** "50,000.5" in GBP → 5000050; null when the text is not a plain non-negative amount. */
export function parseMajorAmount(text: string, currency: string): number | null {
  const result = toMinorUnits(text, currency);
  return "minor" in result ? result.minor : null;
}

/** 5000050 in GBP → "50000.50" (for CSV files: no grouping, a dot, all minor digits). */
export function formatMajorAmount(minor: number, currency: string): string {
  const digits = fractionDigits(currency);
  if (digits === 0) return String(minor);
  const sign = minor < 0 ? "-" : "";
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 10 ** digits)}.${String(abs % 10 ** digits).padStart(digits, "0")}`;
}
