import { CsvError, parse } from "csv-parse/sync";
import { z } from "zod";
import { CUSTOMER_ROLES, ROLE_LABELS, ROLES, isCustomerRole, type CustomerRole } from "@/lib/authz/vocabulary";
import { unescapeCsvCell } from "@/lib/csv-safe";
import { isPlainText, PLAIN_TEXT_MESSAGE } from "@/lib/text";
import { parseMajorAmount } from "@/lib/money";
import { grantShapeProblem } from "@/lib/users/guards";

/**
 * The pure half of the bulk user import: reading the file, checking the header and every row's
 * shape, and the rules between rows. Line numbers are the file's own (line 1 is the header), so an
 * admin can find the row in a spreadsheet. The database half (nodes, scope, existing e-mails, the
 * all-or-nothing apply) is apply.ts.
 */
export const IMPORT_LIMITS = { maxBytes: 5 * 1024 * 1024, maxRows: 20_000 } as const;
export const IMPORT_LIMITS_TEXT = "5 MB and 20,000 rows";

export const REQUIRED_COLUMNS = ["email", "name", "unit"] as const;
export const IMPORT_COLUMNS = ["email", "name", "unit", "role", "scope", "approval_limit", "currency", "expires_at"] as const;
/** Also accepted, so an export can be edited and imported again: spend_limit is read, status ignored. */
export const EXTRA_COLUMNS = ["spend_limit", "status"] as const;
type Column = (typeof IMPORT_COLUMNS)[number] | (typeof EXTRA_COLUMNS)[number];
const KNOWN = new Set<string>([...IMPORT_COLUMNS, ...EXTRA_COLUMNS]);

export type RowError = { line: number | null; message: string };
export type CsvRow = { line: number; values: Partial<Record<Column, string>> };

/** A row whose shape is right; unit and scope are still the names or codes the file gives. */
export type ImportRow = {
  line: number;
  email: string;
  name: string;
  unit: string;
  role: CustomerRole | null;
  scope: string | null;
  approvalLimitMinor: number | null;
  spendLimitMinor: number | null;
  limitCurrency: string | null;
  expiresAt: Date | null;
};

/** Spreadsheet-safe exports prefix formula-looking cells with a quote; importing undoes it. */
export const unescapeCell = unescapeCsvCell;

/**
 * Reads the file: size and row limits, CSV syntax, the header (line 1). Blank lines are skipped but
 * still counted, so line numbers match the file.
 */
export function readImportCsv(text: string): { rows: CsvRow[]; errors: RowError[] } {
  if (new TextEncoder().encode(text).length > IMPORT_LIMITS.maxBytes) {
    return { rows: [], errors: [{ line: null, message: `The file is larger than 5 MB. Split it into files of at most ${IMPORT_LIMITS_TEXT}.` }] };
  }
  const normalized = text.replace(/\r\n?/g, "\n");
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(normalized, { bom: true, info: true, skip_empty_lines: true, relax_column_count: true }) as unknown as typeof records;
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines ?? null;
      return { rows: [], errors: [{ line, message: `The file is not valid CSV: ${error.message.replace(/^[^:]*:\s*/, "")}` }] };
    }
    throw error;
  }
  const withLines = records
    .map(({ record, info }) => ({
      // info.lines is the record's last line; a quoted field may span several lines.
      line: info.lines - record.reduce((n, field) => n + (field.match(/\n/g)?.length ?? 0), 0),
      cells: record.map((c) => c.trim()),
    }))
    .filter((r) => r.cells.some((c) => c !== ""));
  if (withLines.length === 0) return { rows: [], errors: [{ line: null, message: "The file is empty. The first line must be the header: " + IMPORT_COLUMNS.join(",") }] };

  const [header, ...body] = withLines;
  const columns = header!.cells.map((c) => c.toLowerCase());
  const errors: RowError[] = [];
  const unknown = columns.filter((c) => !KNOWN.has(c));
  if (unknown.length) errors.push({ line: header!.line, message: `Unknown column${unknown.length > 1 ? "s" : ""} ${unknown.map((c) => `"${c}"`).join(", ")}. The columns are: ${IMPORT_COLUMNS.join(", ")}.` });
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length) errors.push({ line: header!.line, message: `Missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}. The columns are: ${IMPORT_COLUMNS.join(", ")}.` });
  const repeated = columns.filter((c, i) => columns.indexOf(c) !== i);
  if (repeated.length) errors.push({ line: header!.line, message: `Column ${repeated[0]} appears twice.` });
  if (body.length > IMPORT_LIMITS.maxRows) errors.push({ line: null, message: `The file has ${body.length.toLocaleString("en-GB")} rows; at most ${IMPORT_LIMITS.maxRows.toLocaleString("en-GB")} can be imported at once.` });
  if (body.length === 0 && errors.length === 0) errors.push({ line: null, message: "The file has a header but no rows to import." });
  if (errors.length) return { rows: [], errors };

  const rows: CsvRow[] = [];
  for (const r of body) {
    if (r.cells.length !== columns.length) {
      errors.push({ line: r.line, message: `Expected ${columns.length} values (like the header), found ${r.cells.length}.` });
      continue;
    }
    const values: CsvRow["values"] = {};
    columns.forEach((c, i) => (values[c as Column] = unescapeCell(r.cells[i]!)));
    rows.push({ line: r.line, values });
  }
  return { rows, errors };
}

const ROLE_BY_TEXT = new Map<string, string>(ROLES.flatMap((r) => [[r, r], [ROLE_LABELS[r].toLowerCase(), r]] as [string, string][]));

const cell = z.string().trim().max(500, "Too long (at most 500 characters)");
const rowShape = z.object({
  email: cell.toLowerCase().pipe(z.string().min(1, "The email is missing").email("Not a valid email address").max(254)),
  name: cell.pipe(z.string().min(1, "The name is missing").max(200, "The name is too long (at most 200 characters)").refine(isPlainText, PLAIN_TEXT_MESSAGE)),
  unit: cell.pipe(z.string().min(1, "The unit is missing (a node's code or exact name)")),
  role: cell.optional(),
  scope: cell.optional(),
  approval_limit: cell.optional(),
  spend_limit: cell.optional(),
  currency: cell.optional(),
  expires_at: cell.optional(),
});

/** Checks one row's shape; every problem of the row is reported, each with the row's line. */
export function validateRowShape(row: CsvRow, now = new Date()): { row: ImportRow | null; errors: RowError[] } {
  const errors: RowError[] = [];
  const fail = (message: string) => errors.push({ line: row.line, message });
  const parsed = rowShape.safeParse(row.values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) fail(issue.message);
    return { row: null, errors };
  }
  const v = parsed.data;
  let role: CustomerRole | null = null;
  if (v.role) {
    const key = ROLE_BY_TEXT.get(v.role.toLowerCase());
    if (!key) fail(`Unknown role "${v.role}". Use one of: ${CUSTOMER_ROLES.join(", ")}.`);
    else if (!isCustomerRole(key)) fail(`${ROLE_LABELS[key as keyof typeof ROLE_LABELS]} is a CSP role and cannot be granted here.`);
    else role = key;
  }
  if (!v.role && (v.scope || v.approval_limit || v.spend_limit || v.expires_at)) fail("A scope, limit or expiry needs a role.");
  if (v.role && !v.scope) fail("The scope is missing (the code or exact name of the node the role holds on).");

  const currency = v.currency ? v.currency.toUpperCase() : null;
  if (currency && !/^[A-Z]{3}$/.test(currency)) fail(`"${v.currency}" is not a three-letter currency code.`);
  const amount = (text: string | undefined, what: string) => {
    if (!text) return null;
    const minor = parseMajorAmount(text, currency ?? "GBP");
    if (minor === null) fail(`The ${what} "${text}" is not an amount such as 50000 or 50000.00.`);
    return minor;
  };
  const approvalLimitMinor = amount(v.approval_limit, "approval limit");
  const spendLimitMinor = amount(v.spend_limit, "spend limit");
  let expiresAt: Date | null = null;
  if (v.expires_at) {
    expiresAt = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v.expires_at) ? new Date(v.expires_at) : null;
    if (!expiresAt || Number.isNaN(expiresAt.getTime())) {
      fail(`The expiry "${v.expires_at}" is not a date such as 2027-03-31.`);
      expiresAt = null;
    }
  }
  if (role && errors.length === 0) {
    const problem = grantShapeProblem({ role, approvalLimitMinor, spendLimitMinor, limitCurrency: approvalLimitMinor != null || spendLimitMinor != null ? currency : null, expiresAt }, now);
    if (problem) fail(problem);
  }
  if (errors.length) return { row: null, errors };
  return {
    row: {
      line: row.line,
      email: v.email,
      name: v.name,
      unit: v.unit,
      role,
      scope: role ? v.scope! : null,
      approvalLimitMinor,
      spendLimitMinor,
      limitCurrency: approvalLimitMinor != null || spendLimitMinor != null ? currency : null,
      expiresAt,
    },
    errors,
  };
}

/**
 * Rules between rows: several rows with one e-mail add several assignments to one person, so
 * they must agree on the name and the unit, and must not repeat an assignment.
 */
export function crossRowErrors(rows: ImportRow[]): RowError[] {
  const errors: RowError[] = [];
  const first = new Map<string, ImportRow>();
  const seen = new Map<string, number>();
  for (const row of rows) {
    const earlier = first.get(row.email);
    if (!earlier) first.set(row.email, row);
    else {
      if (earlier.name !== row.name) errors.push({ line: row.line, message: `The name differs from line ${earlier.line} for the same email (${row.email}).` });
      if (earlier.unit !== row.unit) errors.push({ line: row.line, message: `The unit differs from line ${earlier.line} for the same email (${row.email}).` });
      if (!row.role) errors.push({ line: row.line, message: `Line ${earlier.line} already lists ${row.email}; a further row must add a role.` });
    }
    if (row.role) {
      const key = `${row.email}|${row.role}|${row.scope}|${row.limitCurrency ?? ""}`;
      const at = seen.get(key);
      if (at !== undefined) errors.push({ line: row.line, message: `Repeats the assignment on line ${at}.` });
      else seen.set(key, row.line);
    }
  }
  return errors;
}

export type ImportPerson = { line: number; email: string; name: string; unit: string; assignments: ImportRow[] };

/** One person per e-mail, in file order, with the rows that carry a role as assignments. */
export function groupPeople(rows: ImportRow[]): ImportPerson[] {
  const people = new Map<string, ImportPerson>();
  for (const row of rows) {
    let p = people.get(row.email);
    if (!p) people.set(row.email, (p = { line: row.line, email: row.email, name: row.name, unit: row.unit, assignments: [] }));
    if (row.role) p.assignments.push(row);
  }
  return [...people.values()];
}

/** Errors sorted by line (file-level first), at most `max` of them, for the report. */
export function sortErrors(errors: RowError[], max = 1000): { errors: RowError[]; more: number } {
  const sorted = [...errors].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { errors: sorted.slice(0, max), more: Math.max(0, sorted.length - max) };
}

export const TEMPLATE_CSV = [
  IMPORT_COLUMNS.join(","),
  "jane.doe@example.com,Jane Doe,UK-MAN,orderer,UK-MAN,,,",
  "sam.lee@example.com,Sam Lee,Acme UK Ltd,approver,Acme UK Ltd,50000.00,GBP,2027-12-31",
  "sam.lee@example.com,Sam Lee,Acme UK Ltd,billing_viewer,Acme UK Billing,,,",
].join("\n");
