/**
 * The one spreadsheet formula guard (CSV injection, OWASP) for every export: a text cell that a
 * spreadsheet would evaluate gets a leading apostrophe. Phone numbers and signed numbers
 * ("+44 20…", "-12.5") are left alone. Applied to every cell, e-mail addresses included (an
 * address may legally start with "=" or "+"). The users import undoes it with `unescapeCsvCell`.
 */
export function csvSafe(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = value instanceof Date ? value.toISOString() : typeof value === "object" ? JSON.stringify(value) : String(value);
  if (/^[=@\t\r]/.test(text)) return `'${text}`;
  if (/^[+-]/.test(text) && !/^[+-][0-9 ().-]*$/.test(text)) return `'${text}`;
  return text;
}

/** Undoes csvSafe on an imported cell: a leading apostrophe before a formula character goes. */
export function unescapeCsvCell(value: string): string {
  return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}
