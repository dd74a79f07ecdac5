import { z } from "zod";

/**
 * Text typed by people, checked once for what no form field should hold: control characters
 * (PostgreSQL cannot store NUL at all, and the others are invisible or rewrite a terminal) and
 * broken UTF-16 (a lone surrogate, which cannot be encoded and breaks jsonb). Pure and client-safe.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]+/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export const PLAIN_TEXT_MESSAGE = "Remove the control characters or broken symbols from this text";

/** Whether a single-line text field's value is free of control characters and broken UTF-16. */
export function isPlainText(value: string): boolean {
  return !CONTROL.test(value) && !LONE_SURROGATE.test(value);
}

/**
 * A search term from a URL: control characters become spaces and broken symbols go (a search is
 * forgiving, never an error), then trimmed; more than 100 characters is not a search term.
 */
export const searchText = z
  .string()
  .transform((s) => s.replace(CONTROLS, " ").replace(LONE_SURROGATES, ""))
  .pipe(z.string().trim().max(100));
