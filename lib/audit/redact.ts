/**
 * What the audit log keeps of a refused request's input: enough to see what was attempted, never a
 * secret, and never more than a couple of kilobytes, whatever was sent (the log is append-only, so
 * whatever goes in stays). Pure: no database, no request.
 */

export const REDACT_LIMITS = {
  /** Characters kept of each string (and of each key). */
  maxString: 200,
  maxKey: 60,
  /** Keys kept per object and items per array; the rest is counted, not kept. */
  maxKeys: 30,
  maxItems: 20,
  /** Nesting below this depth is replaced by a marker. */
  maxDepth: 4,
  /** The recorded value, as JSON, is at most this many characters. */
  maxJson: 2048,
} as const;

export const REDACTED = "[redacted]";
const TRUNCATED = "[truncated]";
const MORE = "…";

/** Keys whose values are credentials or could open an account: never recorded. */
const SECRET_KEY = /pass|pwd|token|secret|hash|confirm|credential|api.?key|auth|cookie|session|signature|csrf|otp|^code$|recovery/i;
/** Values that are credentials whatever their key: bcrypt hashes and JSON web tokens. */
const SECRET_VALUE = /^\$2[abxy]?\$\d\d\$|^eyJ[\w-]+\.[\w-]+\./;

/**
 * Text PostgreSQL can store in jsonb and a reader can see: NUL (which jsonb refuses) and lone
 * surrogates become U+FFFD; cut to `max` characters with a marker saying how much was left out.
 */
function cleanString(value: string, max: number): string {
  const cut = value.length > max ? value.slice(0, max) : value;
  const clean = cut.replace(/\u0000/g, "\uFFFD").replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
  return value.length > max ? `${clean}${MORE}[+${value.length - max} chars]` : clean;
}

type Budget = { left: number };

function spend(budget: Budget, value: unknown): void {
  budget.left -= (JSON.stringify(value) ?? "null").length + 1;
}

/** A string cut so that its JSON fits what is left of the budget (escapes make JSON longer). */
function fitString(value: string, budget: Budget): string {
  let max = Math.min(REDACT_LIMITS.maxString, Math.max(0, budget.left - 24));
  let s = cleanString(value, max);
  while (max > 0 && JSON.stringify(s).length > budget.left) {
    max = Math.floor(max / 2);
    s = cleanString(value, max);
  }
  return s;
}

function primitive(value: unknown): { value: unknown } | null {
  if (value === null || value === undefined) return { value: null };
  switch (typeof value) {
    case "number":
      return { value: Number.isFinite(value) ? value : String(value) };
    case "boolean":
      return { value };
    case "bigint":
      return { value: cleanString(value.toString(), 40) };
    case "function":
    case "symbol":
      return { value: `[${typeof value}]` };
  }
  if (value instanceof Date) return { value: Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString() };
  if (typeof Blob !== "undefined" && value instanceof Blob) {
    const name = (value as Blob & { name?: unknown }).name;
    return { value: `[file${typeof name === "string" ? ` ${cleanString(name, 60)}` : ""}, ${value.size} bytes]` };
  }
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return { value: `[${value.byteLength} bytes]` };
  return null;
}

/** Only leaves and keys spend the budget; containers spend their brackets. */
function bound(value: unknown, depth: number, budget: Budget): unknown {
  if (typeof value === "string") {
    const s = SECRET_VALUE.test(value) ? REDACTED : fitString(value, budget);
    spend(budget, s);
    return s;
  }
  const leaf = primitive(value);
  if (leaf) {
    spend(budget, leaf.value);
    return leaf.value;
  }
  if (depth >= REDACT_LIMITS.maxDepth) {
    spend(budget, TRUNCATED);
    return TRUNCATED;
  }
  budget.left -= 2;
  if (typeof FormData !== "undefined" && value instanceof FormData) return boundEntries([...value.entries()], depth, budget);
  if (value instanceof Map) return boundEntries([...value.entries()].map(([k, v]) => [String(k), v]), depth, budget);
  if (Array.isArray(value) || value instanceof Set) {
    const items = Array.isArray(value) ? value : [...value];
    const out: unknown[] = [];
    for (const item of items) {
      if (out.length >= REDACT_LIMITS.maxItems || budget.left <= 0) break;
      out.push(bound(item, depth + 1, budget));
    }
    if (out.length < items.length) {
      const marker = `${MORE}${items.length - out.length} more`;
      spend(budget, marker);
      out.push(marker);
    }
    return out;
  }
  // Own enumerable keys only, so nothing on a prototype (or a forged __proto__) is followed.
  let keys: string[];
  try {
    keys = Object.keys(value as object);
  } catch {
    return "[unreadable]";
  }
  const entries: [string, unknown][] = [];
  for (const key of keys.slice(0, REDACT_LIMITS.maxKeys + 1)) {
    try {
      entries.push([key, (value as Record<string, unknown>)[key]]);
    } catch {
      entries.push([key, "[unreadable]"]);
    }
  }
  return boundEntries(entries, depth, budget, keys.length);
}

/** Key/value pairs (an object's, a FormData's) as a bounded plain object; a repeated key keeps its first value. */
function boundEntries(entries: [string, unknown][], depth: number, budget: Budget, total = entries.length): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  let kept = 0;
  let seen = 0;
  for (const [rawKey, v] of entries) {
    if (kept >= REDACT_LIMITS.maxKeys || budget.left <= 0) break;
    seen++;
    const key = cleanString(rawKey, REDACT_LIMITS.maxKey);
    if (key in out) continue;
    spend(budget, key);
    if (SECRET_KEY.test(rawKey)) {
      spend(budget, REDACTED);
      out[key] = REDACTED;
    } else out[key] = bound(v, depth + 1, budget);
    kept++;
  }
  const left = total - seen;
  if (left > 0) {
    const marker = `${left} more key${left === 1 ? "" : "s"}`;
    spend(budget, marker);
    out[MORE] = marker;
  }
  return { ...out };
}

/**
 * A request's input as the audit log may keep it: secrets (password, token, secret, hash, …)
 * replaced by "[redacted]", each string cut to 200 characters, at most 30 keys per object and 20
 * items per array, nesting at most 4 deep, and the whole at most 2 KB of JSON. FormData becomes a
 * plain object, files a short description. Never throws.
 */
export function redact(value: unknown): unknown {
  try {
    // Room for the markers that say what was left out.
    const budget = { left: REDACT_LIMITS.maxJson - 200 };
    const result = bound(value, 0, budget);
    const json = JSON.stringify(result) ?? "null";
    if (json.length <= REDACT_LIMITS.maxJson) return result;
  } catch {
    // fall through
  }
  return TRUNCATED;
}
