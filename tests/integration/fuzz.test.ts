/**
 * Fuzzes every route handler, server action and page (list pages' query parameters, detail pages'
 * ids) with malformed input, as several principals: every answer must be a 4xx (with a JSON error
 * message) or the page, never a 5xx; and the database must be unchanged afterwards. The audit log
 * may only grow by refused attempts ("denied", with their recorded input bounded) and by the
 * reads that are recorded (the exports the fuzz downloaded, the import previews it ran).
 *
 * Inputs come from one table of malformed values. A mutation of a valid input changes one field;
 * values that could legitimately be accepted in that field (a name with an emoji is a fine name)
 * are only tried on a base the principal is refused anyway (a target in another enterprise), so
 * nothing the fuzz sends may write.
 */
import { eq, gt, sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { auditEvents, billDisputes, billLines, bills, contracts, notifications, orders, outboxMessages } from "@/db/schema";
import { demoId } from "@/lib/demo/ids";
import type { RequestContext } from "@/lib/auth/principal";
import { REDACT_LIMITS } from "@/lib/audit/redact";
import { resetDemoData } from "../support/db";
import { contextFor } from "../support/principals";

// Who is asking, and the request's headers and cookies, as the tests say.
const asking = vi.hoisted(() => ({ ctx: null as unknown, headers: new Headers({ host: "portal.test" }), cookies: new Map<string, string>() }));
vi.mock("@/lib/auth/principal", async () => {
  const { redirect } = await import("next/navigation");
  return {
    currentContext: async () => asking.ctx,
    currentBackgroundContext: async () => asking.ctx,
    currentPrincipal: async () => (asking.ctx as { principal?: unknown } | null)?.principal ?? null,
    currentSession: async () => null,
    requireContext: async () => {
      if (!asking.ctx) redirect("/login");
      return asking.ctx;
    },
  };
});
vi.mock("next/headers", () => {
  const store = {
    get: (name: string) => (asking.cookies.has(name) ? { name, value: asking.cookies.get(name)! } : undefined),
    getAll: () => [...asking.cookies].map(([name, value]) => ({ name, value })),
    has: (name: string) => asking.cookies.has(name),
    set: (name: string, value: string) => void asking.cookies.set(name, value),
    delete: (name: string) => void asking.cookies.delete(name),
  };
  return { headers: async () => asking.headers, cookies: async () => store };
});

// ---------------------------------------------------------------------------------------------
// The table of malformed values.

/**
 * What a field holds: a uuid, free text, a note (free text that may run to a thousand characters
 * or more), a short code (currency, role), a decimal amount, a date, an e-mail, a whole number (a
 * quantity, a row version), a checkbox.
 */
type Kind = "uuid" | "text" | "note" | "code" | "amount" | "date" | "email" | "count" | "flag";
type Fuzz = { label: string; value: unknown; /** kinds in which this value may be a legitimate input */ fine?: Kind[] };

const MB = 1024 * 1024;
const deepObject = (depth: number): unknown => {
  let v: unknown = { leaf: "x" };
  for (let i = 0; i < depth; i++) v = { d: v };
  return v;
};
const TEXT_ONLY: Kind[] = ["text"];

function fuzzValues(foreign: { id: string; label: string }[]): Fuzz[] {
  return [
    // Wrong types.
    // An amount may be sent as a number (a price of 0 or 1.50), a count may be 0, a checkbox a boolean.
    { label: "number 0", value: 0, fine: ["amount", "count"] },
    { label: "number -1", value: -1 },
    { label: "number 1.5", value: 1.5, fine: ["amount"] },
    { label: "number 1e309 (Infinity)", value: 1e309 },
    { label: "-Infinity", value: -Infinity },
    { label: "NaN", value: NaN },
    { label: "2^53+1", value: 2 ** 53 + 1 },
    { label: "true", value: true, fine: ["flag"] },
    { label: "false", value: false, fine: ["flag"] },
    { label: "empty array", value: [] },
    { label: "array of strings", value: ["a", "b"] },
    { label: "array of a uuid", value: [demoId("node:manchester")] },
    { label: "empty object", value: {} },
    { label: "nested object", value: { a: { b: { c: [1, { d: "e" }] } } } },
    { label: "object 1000 deep", value: deepObject(1000) },
    { label: "object with __proto__", value: JSON.parse('{"__proto__":{"isAdmin":true},"role":"csp_admin"}') },
    // Huge strings.
    { label: "1 MB of a", value: "a".repeat(MB) },
    { label: "1 MB of é", value: "é".repeat(MB / 2) },
    { label: "400 nines", value: "9".repeat(400), fine: ["note"] },
    // Control characters and odd Unicode.
    { label: "NUL", value: "\u0000" },
    { label: "text with NUL", value: "Acme\u0000UK" },
    // Stored as they are by fields that allow them; refused by those that say so (sites).
    { label: "control characters", value: "a\u0001\u0007\u001b[31mred\u007f", fine: TEXT_ONLY },
    { label: "CR LF", value: "line\r\nSet-Cookie: x=1", fine: TEXT_ONLY },
    { label: "lone high surrogate", value: "x\uD800" },
    { label: "lone low surrogate", value: "\uDC00y" },
    { label: "RTL override", value: "\u202Etxt.exe", fine: TEXT_ONLY },
    { label: "zero-width", value: "a\u200B\u200C\u200D\uFEFFb", fine: TEXT_ONLY },
    { label: "emoji ZWJ", value: "🧑🏽‍💻👨‍👩‍👧", fine: TEXT_ONLY },
    { label: "noncharacter U+FFFF", value: "\uFFFF", fine: TEXT_ONLY },
    { label: "fullwidth", value: "ｆｕｌｌｗｉｄｔｈ", fine: TEXT_ONLY },
    { label: "combining marks", value: "Z̴̡̛a̷l̸g̶o̵", fine: TEXT_ONLY },
    // Malformed URL escapes and injection-looking text, taken literally.
    { label: "malformed escape", value: "%E0%A4%A", fine: TEXT_ONLY },
    { label: "escaped NUL", value: "%00", fine: TEXT_ONLY },
    { label: "escaped 0xFF", value: "%FF", fine: TEXT_ONLY },
    { label: "SQL", value: "x'); DROP TABLE users;--", fine: TEXT_ONLY },
    { label: "LIKE wildcards", value: "%_\\", fine: TEXT_ONLY },
    { label: "HTML", value: "<script>alert(1)</script>", fine: TEXT_ONLY },
    { label: "path", value: "../../etc/passwd", fine: TEXT_ONLY },
    { label: "prototype key", value: "__proto__", fine: TEXT_ONLY },
    // Numbers as text.
    { label: "'1e309'", value: "1e309", fine: TEXT_ONLY },
    { label: "'-1'", value: "-1", fine: TEXT_ONLY },
    { label: "'NaN'", value: "NaN", fine: TEXT_ONLY },
    { label: "'0x10'", value: "0x10", fine: TEXT_ONLY },
    { label: "'1,000.005'", value: "1,000.005", fine: TEXT_ONLY },
    { label: "99999999999999999999.99", value: "99999999999999999999.99", fine: TEXT_ONLY },
    // Dates that are not.
    { label: "year 0", value: "0000-01-01", fine: TEXT_ONLY },
    { label: "year 1", value: "0001-01-01", fine: TEXT_ONLY },
    { label: "30 February", value: "2027-02-30", fine: TEXT_ONLY },
    { label: "far date", value: "+275760-09-13", fine: TEXT_ONLY },
    // Ids that are malformed, of nothing, or of something the principal may not see.
    { label: "nil uuid", value: "00000000-0000-0000-0000-000000000000", fine: ["text", "uuid"] },
    { label: "random uuid", value: "3b241101-e2bb-4255-8caf-4136c566a962", fine: ["text", "uuid"] },
    { label: "uuid with a g", value: "3b241101-e2bb-4255-8caf-4136c566a96g", fine: TEXT_ONLY },
    { label: "uuid without dashes", value: "3b241101e2bb42558caf4136c566a962", fine: TEXT_ONLY },
    { label: "uuid in braces", value: "{3b241101-e2bb-4255-8caf-4136c566a962}", fine: TEXT_ONLY },
    { label: "uuid + NUL", value: "3b241101-e2bb-4255-8caf-4136c566a962\u0000" },
    { label: "uuid + space", value: "3b241101-e2bb-4255-8caf-4136c566a962 ", fine: TEXT_ONLY },
    { label: "bigint id", value: "123456789012345678901234567890", fine: TEXT_ONLY },
    ...foreign.map((f) => ({ label: `foreign id (${f.label})`, value: f.id, fine: ["text", "uuid"] as Kind[] })),
  ];
}

/** Whole inputs that are not the expected object at all. */
const WHOLE_INPUTS: Fuzz[] = [
  { label: "undefined", value: undefined },
  { label: "null", value: null },
  { label: "string", value: "userId=1" },
  { label: "number", value: 42 },
  { label: "array", value: [] },
  { label: "Map", value: new Map([["userId", "x"]]) },
  { label: "Date", value: new Date(0) },
  { label: "1000 deep", value: deepObject(1000) },
];

/** Strings a URL may carry (already decoded, as Next hands them to a page). */
function stringValues(values: Fuzz[]): string[] {
  return values.filter((f) => typeof f.value === "string").map((f) => f.value as string);
}

// ---------------------------------------------------------------------------------------------
// Principals, the database before and after, and what each call answered.

type Who = "uk.admin" | "orderer" | "approver" | "globex.admin" | "am" | "csp.admin" | "signed out";
const EMAILS: Record<Exclude<Who, "signed out">, string> = {
  "uk.admin": "uk.admin@acme.example",
  orderer: "orderer@acme.example",
  approver: "approver@acme.example",
  "globex.admin": "admin@globex.example",
  am: "am@csp.example",
  "csp.admin": "csp.admin@csp.example",
};
const WHO: Who[] = ["uk.admin", "orderer", "approver", "globex.admin", "am", "csp.admin", "signed out"];

let db: Db;
const contexts = new Map<Who, RequestContext | null>();
const problems: string[] = [];
let calls = 0;

function as(who: Who) {
  asking.ctx = contexts.get(who) ?? null;
  asking.headers = new Headers({ host: "portal.test", "x-request-id": "fuzz" });
  asking.cookies = new Map();
}

const short = (v: unknown) => {
  let s: string;
  try {
    s = typeof v === "string" ? v : (JSON.stringify(v) ?? String(v));
  } catch {
    s = String(v);
  }
  return JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}…(${s.length})` : s);
};

/** An error in a line: the database's own message rather than the whole failed query. */
function describeError(error: unknown): string {
  const cause = (error as { cause?: unknown } | null)?.cause;
  const message = cause instanceof Error ? `${(error as Error).name}: ${cause.message}` : String(error);
  return message.slice(0, 200);
}

/** A thrown error that Next turns into a 3xx or 4xx (redirect, notFound, forbidden). */
function nextHttpError(error: unknown): number | null {
  const digest = (error as { digest?: unknown } | null)?.digest;
  if (typeof digest !== "string") return null;
  if (digest.startsWith("NEXT_REDIRECT")) return 307;
  const m = /^NEXT_HTTP_ERROR_FALLBACK;(\d{3})$/.exec(digest);
  return m ? Number(m[1]) : null;
}

async function checkResponse(label: string, res: Response, options: { jsonErrors?: boolean } = {}) {
  calls++;
  // Read the whole body: a streamed CSV or NDJSON that fails half-way is a 5xx too.
  let text: string;
  try {
    text = await res.text();
  } catch (error) {
    problems.push(`${label}: body stream failed: ${describeError(error)}`);
    return;
  }
  if (res.status >= 500) {
    problems.push(`${label}: ${res.status} ${text.slice(0, 200)}`);
    return;
  }
  if (res.status >= 400 && options.jsonErrors !== false) {
    let body: { error?: unknown } | null = null;
    try {
      body = JSON.parse(text) as { error?: unknown };
    } catch {
      // not JSON
    }
    if (typeof body?.error !== "string" || !body.error.trim()) problems.push(`${label}: ${res.status} without a JSON error message: ${text.slice(0, 100)}`);
  }
  if ((res.headers.get("content-type") ?? "").includes("ndjson")) {
    for (const line of text.split("\n").filter(Boolean)) {
      const event = JSON.parse(line) as { type: string; status?: number };
      if (event.type === "error" && (event.status ?? 500) >= 500) problems.push(`${label}: stream error ${line.slice(0, 200)}`);
      if (event.type === "report" && (event as { report?: { applied?: boolean } }).report?.applied) problems.push(`${label}: an import was applied`);
    }
  }
}

async function callRoute(label: string, run: () => Promise<Response>, options: { jsonErrors?: boolean } = {}) {
  try {
    await checkResponse(label, await run(), options);
  } catch (error) {
    calls++;
    const status = nextHttpError(error);
    if (status === null || status >= 500) problems.push(`${label}: threw ${describeError(error)}`);
  }
}

type ActionResult = { ok: boolean; status?: number; error?: string };

async function callAction(label: string, run: () => Promise<ActionResult>) {
  calls++;
  try {
    const result = await run();
    if (result.ok) problems.push(`${label}: accepted (the fuzz only sends input that must be refused)`);
    else if (!result.status || result.status >= 500 || result.status < 400) problems.push(`${label}: ${result.status} ${result.error}`);
    else if (typeof result.error !== "string" || !result.error.trim()) problems.push(`${label}: ${result.status} without a message`);
  } catch (error) {
    const status = nextHttpError(error);
    if (status === null || status >= 500) problems.push(`${label}: threw ${describeError(error)}`);
  }
}

/** For pages and form-state actions: must not throw (except Next's redirect/notFound). */
async function callPage(label: string, run: () => Promise<unknown>) {
  calls++;
  try {
    await run();
  } catch (error) {
    const status = nextHttpError(error);
    if (status === null || status >= 500) problems.push(`${label}: threw ${describeError(error)}`);
  }
}

type Snapshot = { tables: Record<string, string>; lastEventId: number };

async function snapshot(): Promise<Snapshot> {
  const rows = (await db.execute(sql`select tablename from pg_tables where schemaname = 'public' order by tablename`)) as unknown as { rows: { tablename: string }[] };
  const tables: Record<string, string> = {};
  for (const { tablename } of rows.rows) {
    if (tablename === "audit_events" || tablename.startsWith("__drizzle")) continue;
    const r = (await db.execute(sql.raw(`select count(*)::int as n, md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h from "${tablename}" x`))) as unknown as {
      rows: { n: number; h: string }[];
    };
    tables[tablename] = `${r.rows[0]!.n} rows, ${r.rows[0]!.h}`;
  }
  const [last] = await db.select({ id: sql<number>`coalesce(max(${auditEvents.id}), 0)::int` }).from(auditEvents);
  return { tables, lastEventId: last!.id };
}

/** Reads that are recorded: the exports the fuzz downloads and the import previews it runs. */
const RECORDED_READS = new Set(["user.export", "audit.export", "access_review.export", "user.import_preview", "user.import_attempt", "bill.export", "bill.export_pdf"]);
const MAX_RECORDED = REDACT_LIMITS.maxJson + 100;

/** The database is as it was: every table identical; the audit log grew only by refusals (bounded) and exports. */
async function expectUnchanged(before: Snapshot) {
  const after = await snapshot();
  expect(after.tables).toEqual(before.tables);
  const events = await db.select().from(auditEvents).where(gt(auditEvents.id, before.lastEventId));
  const unexpected = events.filter((e) => e.outcome !== "denied" && !(e.outcome === "success" && RECORDED_READS.has(e.action)));
  expect(unexpected.map((e) => `${e.action} ${e.outcome}: ${e.summary}`)).toEqual([]);
  for (const e of events) {
    const size = JSON.stringify(e.after ?? null).length + JSON.stringify(e.before ?? null).length;
    if (size > MAX_RECORDED) problems.push(`audit event ${e.action} records ${size} characters of input`);
    if (e.summary.length > 1000) problems.push(`audit event ${e.action} has a summary of ${e.summary.length} characters`);
    if ((e.requestId ?? "").length > 100) problems.push(`audit event ${e.action} has a request id of ${e.requestId!.length} characters`);
  }
  return events;
}

function expectNoProblems() {
  const found = problems.splice(0);
  if (found.length) throw new Error(`${found.length} of ${calls} calls misbehaved:\n${found.slice(0, 80).join("\n")}`);
}

// ---------------------------------------------------------------------------------------------
// Ids.

const user = (email: string) => demoId(`user:${email}`);
const node = (key: string) => demoId(`node:${key}`);
const site = (key: string) => demoId(`site:${key}`);
const offering = (code: string) => demoId(`offering:${code}`);
const UK_USER = user("approver@acme.example");
const MANCHESTER = node("manchester");
/** Acme's framework contract: the version in force, and the amendment in draft (the account manager's). */
const CONTRACT = demoId("contract:acme-framework");
const CONTRACT_DRAFT = demoId("contract:acme-framework:v3");

/** Ids the principal may not see: another enterprise's (and for Acme UK, Acme Germany's). */
function foreignIds(who: Who): { id: string; label: string }[] {
  // The account manager looks after Acme Corp only; the CSP administrator reads every node and contract, but no customer's people or sites.
  if (who === "am") return [
    { id: user("admin@globex.example"), label: "Globex user" },
    { id: node("globex-rd"), label: "Globex node" },
    { id: site("globex-rd"), label: "Globex site" },
  ];
  if (who === "csp.admin") return [
    { id: user("admin@globex.example"), label: "Globex user" },
    { id: site("globex-rd"), label: "Globex site" },
    { id: user("approver@acme.example"), label: "Acme user" },
  ];
  if (who === "globex.admin") return [
    { id: user("approver@acme.example"), label: "Acme user" },
    { id: node("manchester"), label: "Acme node" },
    { id: site("manchester"), label: "Acme site" },
  ];
  return [
    { id: user("admin@globex.example"), label: "Globex user" },
    { id: node("globex-rd"), label: "Globex node" },
    { id: site("globex-rd"), label: "Globex site" },
    { id: user("de.billing@acme.example"), label: "Acme Germany user" },
    { id: node("berlin"), label: "Acme Germany node" },
  ];
}
/** One id the principal may not see, for a target field. */
function refusedTarget(who: Who, kind: "user" | "node" | "site"): string {
  if (who === "globex.admin") return kind === "user" ? user("approver@acme.example") : kind === "node" ? node("manchester") : site("manchester");
  return kind === "user" ? user("admin@globex.example") : kind === "node" ? node("globex-rd") : site("globex-rd");
}

// ---------------------------------------------------------------------------------------------
// Server actions: a valid input for uk.admin, mutated field by field, and a refused input.

type Field = { name: string; kind: Kind; optional?: boolean };
type ActionSpec = {
  name: string;
  run: (input: unknown) => Promise<ActionResult>;
  fields: Field[];
  /** An input the sender may send (it would succeed); only ever sent with one field made invalid. */
  valid: Record<string, unknown>;
  /** Who may send the valid input: uk.admin unless said. */
  sender?: Who;
  /** Why the valid input is refused even as it is (nothing of the kind in the demo data to act on). */
  refusedAlone?: string;
  /** An input the principal is refused whatever else it holds (its target is out of scope). */
  refused: (who: Who) => Record<string, unknown>;
};

async function actionSpecs(): Promise<ActionSpec[]> {
  const userActions = await import("@/lib/users/actions");
  const siteActions = await import("@/lib/sites/actions");
  const invitationActions = await import("@/lib/invitations/actions");
  const sessionActions = await import("@/lib/sessions/actions");
  const contractActions = await import("@/lib/contracts/actions");
  const catalogActions = await import("@/lib/catalog/actions");
  const orderActions = await import("@/lib/orders/actions");
  const approvalActions = await import("@/lib/approvals/actions");
  const billActions = await import("@/lib/billing/bill-actions");
  // Acme UK's bills: one paid in full (nothing more to pay, whatever the amount) and one still open.
  const ukBills = await db.select({ id: bills.id, totalMinor: bills.totalMinor, paidMinor: bills.paidMinor }).from(bills).where(eq(bills.billingAccountId, node("acme-uk-ba")));
  const paidBill = ukBills.find((b) => b.paidMinor >= b.totalMinor)!;
  const openBill = ukBills.find((b) => b.paidMinor === 0)!;
  const [ukLine] = await db.select({ id: billLines.id }).from(billLines).where(eq(billLines.billId, openBill.id)).limit(1);
  const [settled] = await db.select({ id: billDisputes.id }).from(billDisputes).limit(1);
  // The demo's orders get new ids with every seed: looked up by their fixed numbers.
  const order = async (number: string) => (await db.select({ id: orders.id, rowVersion: orders.rowVersion }).from(orders).where(eq(orders.number, number)))[0]!;
  const [draft, submitted, pending, approved, inProgress] = await Promise.all(["ORD-1001", "ORD-1002", "ORD-1003", "ORD-1004", "ORD-1006"].map(order));
  const [amendment] = await db.select({ rowVersion: contracts.rowVersion }).from(contracts).where(eq(contracts.id, CONTRACT_DRAFT));
  const siteFields: Field[] = [
    { name: "name", kind: "text" },
    { name: "addressLine1", kind: "text" },
    { name: "addressLine2", kind: "text", optional: true },
    { name: "city", kind: "text" },
    { name: "region", kind: "text", optional: true },
    { name: "postcode", kind: "code" },
    { name: "countryCode", kind: "code" },
    { name: "contactName", kind: "text", optional: true },
    { name: "contactEmail", kind: "email", optional: true },
    { name: "contactPhone", kind: "text", optional: true },
    { name: "subAccountId", kind: "uuid" },
  ];
  const siteInput = { name: "Fuzz Site", addressLine1: "1 Fuzz Street", addressLine2: null, city: "Manchester", region: null, postcode: "M1 1AA", countryCode: "GB", contactName: null, contactEmail: null, contactPhone: null, subAccountId: MANCHESTER };

  // Contracts: the account manager drafts (Acme Corp), the CSP administrator activates.
  const contractFields: Field[] = [
    { name: "name", kind: "text" },
    { name: "slaTier", kind: "code" },
    { name: "paymentTerms", kind: "code" },
    { name: "startsOn", kind: "date" },
    { name: "endsOn", kind: "date" },
    { name: "note", kind: "note", optional: true },
    { name: "items.0.offeringId", kind: "uuid" },
    { name: "items.0.currency", kind: "code" },
    { name: "items.0.oneOff", kind: "amount" },
    { name: "items.0.recurring", kind: "amount" },
    // Blank means no commitment.
    { name: "items.0.committedQuantity", kind: "count", optional: true },
    { name: "items.0.bands.0.minQuantity", kind: "count" },
    { name: "items.0.bands.0.recurring", kind: "amount" },
  ];
  const contractInput = {
    name: "Fuzz Framework Agreement",
    slaTier: "Gold",
    paymentTerms: "net_30",
    startsOn: "2027-01-01",
    endsOn: "2029-12-31",
    note: "Fuzz note",
    items: [{ offeringId: offering("FIBRE-1G"), currency: "GBP", oneOff: "0.00", recurring: "380.00", committedQuantity: "4", bands: [{ minQuantity: "10", recurring: "350.00" }] }],
  };

  // The catalog: its keeper is the CSP administrator. A code, a category and a unit are free text
  // (anything a code's pattern takes is a fine code: "NAN", "0X10").
  const offeringFields: Field[] = [
    { name: "name", kind: "text" },
    { name: "description", kind: "note", optional: true },
    { name: "category", kind: "text" },
    { name: "unit", kind: "text" },
    // A checkbox: absent (or blank) is unchecked.
    { name: "isActive", kind: "flag", optional: true },
    { name: "validFrom", kind: "date" },
    { name: "validTo", kind: "date", optional: true },
    { name: "prices", kind: "code" },
    { name: "prices.0.currency", kind: "code" },
    // A blank amount beside a given one is 0.
    { name: "prices.0.oneOff", kind: "amount", optional: true },
    { name: "prices.0.recurring", kind: "amount", optional: true },
  ];
  const offeringInput = {
    name: "Fuzz Offering",
    description: "",
    category: "Connectivity",
    unit: "line",
    isActive: true,
    validFrom: "2027-01-01",
    validTo: "",
    prices: [{ currency: "GBP", oneOff: "100.00", recurring: "50.00" }],
  };
  // A new offering the CSP administrator is refused twice over (a code taken, a validity that ends
  // before it starts), so that no one field can make it right.
  const takenOffering = { ...offeringInput, code: "FIBRE-1G", validTo: "2020-01-01" };

  // Orders: the orderer (London HQ) orders against the contract in force.
  const orderFields: Field[] = [
    { name: "contractId", kind: "uuid" },
    { name: "purchaseOrderNumber", kind: "text", optional: true },
    { name: "requestedOn", kind: "date", optional: true },
    { name: "note", kind: "note", optional: true },
    { name: "lines.0.offeringId", kind: "uuid" },
    { name: "lines.0.siteId", kind: "uuid" },
    { name: "lines.0.subAccountId", kind: "uuid" },
    { name: "lines.0.quantity", kind: "count" },
  ];
  const orderLine = { offeringId: offering("FIBRE-1G"), siteId: site("london"), subAccountId: node("london"), quantity: "1" };
  const orderInput = { contractId: CONTRACT, purchaseOrderNumber: "PO-FUZZ-1", requestedOn: "2027-02-01", note: "Fuzz note", lines: [orderLine] };
  // An order for a site and a sub-account out of the principal's scope.
  const foreignLines = (who: Who) => [{ ...orderLine, siteId: refusedTarget(who, "site"), subAccountId: refusedTarget(who, "node") }];
  // A request key is an opaque token: any 16 to 100 letters, digits, dashes or underscores.
  const requestKey: Field = { name: "requestKey", kind: "text" };

  return [
    {
      name: "grantRoleAction",
      run: userActions.grantRoleAction,
      fields: [
        { name: "userId", kind: "uuid" },
        { name: "role", kind: "code" },
        { name: "scopeNodeId", kind: "uuid" },
        { name: "approvalLimit", kind: "amount", optional: true },
        { name: "spendLimit", kind: "amount", optional: true },
        { name: "limitCurrency", kind: "code", optional: true },
        { name: "expiresOn", kind: "date", optional: true },
      ],
      valid: { userId: UK_USER, role: "orderer", scopeNodeId: MANCHESTER },
      refused: (who) => ({ userId: refusedTarget(who, "user"), role: "orderer", scopeNodeId: MANCHESTER }),
    },
    {
      name: "revokeRoleAction",
      run: userActions.revokeRoleAction,
      fields: [
        { name: "userId", kind: "uuid" },
        { name: "assignmentId", kind: "uuid" },
      ],
      valid: { userId: UK_USER, assignmentId: demoId("assignment:approver@acme.example:0") },
      refused: (who) => ({ userId: refusedTarget(who, "user"), assignmentId: demoId(who === "globex.admin" ? "assignment:approver@acme.example:0" : "assignment:admin@globex.example:0") }),
    },
    {
      name: "deactivateUserAction",
      run: userActions.deactivateUserAction,
      fields: [{ name: "userId", kind: "uuid" }],
      valid: { userId: UK_USER },
      refused: (who) => ({ userId: refusedTarget(who, "user") }),
    },
    {
      name: "reactivateUserAction",
      run: userActions.reactivateUserAction,
      fields: [{ name: "userId", kind: "uuid" }],
      valid: { userId: UK_USER },
      refusedAlone: "the user is active: nothing to reactivate (409)",
      refused: (who) => ({ userId: refusedTarget(who, "user") }),
    },
    {
      name: "createSiteAction",
      run: siteActions.createSiteAction,
      fields: siteFields,
      valid: siteInput,
      refused: (who) => ({ ...siteInput, subAccountId: refusedTarget(who, "node") }),
    },
    {
      name: "updateSiteAction",
      run: siteActions.updateSiteAction,
      fields: [{ name: "id", kind: "uuid" }, ...siteFields],
      valid: { ...siteInput, id: site("manchester") },
      refused: (who) => ({ ...siteInput, id: refusedTarget(who, "site"), subAccountId: refusedTarget(who, "node") }),
    },
    {
      name: "inviteUserAction",
      run: invitationActions.inviteUserAction,
      fields: [
        { name: "email", kind: "email" },
        { name: "name", kind: "text" },
        { name: "unitNodeId", kind: "uuid" },
        { name: "assignments", kind: "code", optional: true },
      ],
      valid: { email: "fuzz.new@acme.example", name: "Fuzz New", unitNodeId: MANCHESTER, assignments: [] },
      refused: (who) => ({ email: "fuzz.new@acme.example", name: "Fuzz New", unitNodeId: refusedTarget(who, "node"), assignments: [] }),
    },
    {
      name: "resendInvitationAction",
      run: invitationActions.resendInvitationAction,
      fields: [{ name: "userId", kind: "uuid" }],
      // An active user has no invitation to resend: refused with 409 whatever the mutation.
      valid: { userId: UK_USER },
      refusedAlone: "an active user has no invitation (409)",
      refused: (who) => ({ userId: refusedTarget(who, "user") }),
    },
    {
      name: "revokeInvitationAction",
      run: invitationActions.revokeInvitationAction,
      fields: [{ name: "userId", kind: "uuid" }],
      valid: { userId: UK_USER },
      refusedAlone: "an active user has no invitation (409)",
      refused: (who) => ({ userId: refusedTarget(who, "user") }),
    },
    {
      name: "endUserSessionsAction",
      run: sessionActions.endUserSessionsAction,
      fields: [{ name: "userId", kind: "uuid" }],
      valid: { userId: UK_USER },
      refused: (who) => ({ userId: refusedTarget(who, "user") }),
    },
    {
      // Without a session of the asker's own to keep, every ending is "not found".
      name: "endSessionAction",
      run: sessionActions.endSessionAction,
      fields: [{ name: "sessionId", kind: "uuid" }],
      valid: { sessionId: UK_USER },
      refusedAlone: "the asker has no session (404)",
      refused: () => ({ sessionId: UK_USER }),
    },
    {
      name: "changePasswordAction",
      run: sessionActions.changePasswordAction,
      fields: [
        { name: "current", kind: "text" },
        { name: "password", kind: "text" },
        { name: "confirm", kind: "text" },
      ],
      valid: { current: "trellis-demo", password: "a brand new passphrase", confirm: "a brand new passphrase" },
      refusedAlone: "the asker has no session (404)",
      refused: () => ({ current: "trellis-demo", password: "a brand new passphrase", confirm: "a brand new passphrase" }),
    },
    {
      name: "createContractAction",
      run: contractActions.createContractAction,
      fields: [{ name: "nodeId", kind: "uuid" }, ...contractFields],
      valid: { ...contractInput, nodeId: node("acme") },
      sender: "am",
      // Globex: not the account manager's (404); readable but not the CSP administrator's or its own admin's to draft (403).
      refused: () => ({ ...contractInput, nodeId: node("globex") }),
    },
    {
      name: "updateContractAction",
      run: contractActions.updateContractAction,
      fields: [{ name: "id", kind: "uuid" }, { name: "rowVersion", kind: "count" }, ...contractFields],
      valid: { ...contractInput, id: CONTRACT_DRAFT, rowVersion: amendment!.rowVersion },
      sender: "am",
      // The draft is the account manager's own: it is refused the version in force (409); everyone else the draft (404 for customers, 403 for the CSP administrator).
      refused: (who) => ({ ...contractInput, id: who === "am" ? CONTRACT : CONTRACT_DRAFT, rowVersion: amendment!.rowVersion }),
    },
    {
      name: "amendContractAction",
      run: contractActions.amendContractAction,
      fields: [{ name: "id", kind: "uuid" }],
      valid: { id: CONTRACT },
      sender: "am",
      refusedAlone: "version 3 is in draft already: one amendment at a time (409)",
      // A draft is amended by editing it (409); no one else may draft (403, or 404 for Globex).
      refused: (who) => ({ id: who === "am" ? CONTRACT_DRAFT : CONTRACT }),
    },
    {
      name: "activateContractAction",
      run: contractActions.activateContractAction,
      fields: [
        { name: "id", kind: "uuid" },
        { name: "rowVersion", kind: "count" },
      ],
      valid: { id: CONTRACT_DRAFT, rowVersion: amendment!.rowVersion },
      sender: "csp.admin",
      // The version in force is active already (409); the draft is no one else's to activate (its drafter: 403; customers: 404).
      refused: (who) => (who === "csp.admin" ? { id: CONTRACT, rowVersion: 1 } : { id: CONTRACT_DRAFT, rowVersion: amendment!.rowVersion }),
    },
    {
      name: "createOfferingAction",
      run: catalogActions.createOfferingAction,
      fields: [{ name: "code", kind: "text" }, ...offeringFields],
      valid: { ...offeringInput, code: "FUZZ-1" },
      sender: "csp.admin",
      refused: () => takenOffering,
    },
    {
      name: "updateOfferingAction",
      run: catalogActions.updateOfferingAction,
      fields: [{ name: "id", kind: "uuid" }, { name: "version", kind: "date" }, ...offeringFields],
      valid: { ...offeringInput, id: offering("FIBRE-1G"), version: "2025-01-01T00:00:00.000Z" },
      sender: "csp.admin",
      // An edit from a version that is not the offering's last change: stale (409) for its keeper, 403 for everyone else.
      refused: () => ({ ...offeringInput, id: offering("SDWAN-EDGE"), version: "2020-01-01T00:00:00.000Z" }),
    },
    {
      name: "createOrderAction",
      run: orderActions.createOrderAction,
      fields: [...orderFields, requestKey],
      valid: { ...orderInput, requestKey: "fuzz-create-0000000001" },
      sender: "orderer",
      refused: (who) => ({ ...orderInput, lines: foreignLines(who), requestKey: "fuzz-create-0000000002" }),
    },
    {
      name: "updateOrderAction",
      run: orderActions.updateOrderAction,
      fields: [{ name: "orderId", kind: "uuid" }, { name: "rowVersion", kind: "count" }, ...orderFields],
      valid: { ...orderInput, orderId: draft!.id, rowVersion: draft!.rowVersion },
      sender: "orderer",
      refused: (who) => ({ ...orderInput, orderId: draft!.id, rowVersion: draft!.rowVersion, lines: foreignLines(who) }),
    },
    {
      name: "submitOrderAction",
      run: orderActions.submitOrderAction,
      fields: [{ name: "orderId", kind: "uuid" }, { name: "rowVersion", kind: "count" }, requestKey],
      valid: { orderId: draft!.id, rowVersion: draft!.rowVersion, requestKey: "fuzz-submit-0000000001" },
      sender: "orderer",
      // Submitted already (409 for its orderer), and no one else's to submit (403, or 404 for Globex).
      refused: () => ({ orderId: submitted!.id, rowVersion: submitted!.rowVersion, requestKey: "fuzz-submit-0000000002" }),
    },
    {
      name: "cancelOrderAction",
      run: orderActions.cancelOrderAction,
      fields: [
        { name: "orderId", kind: "uuid" },
        { name: "reason", kind: "note", optional: true },
      ],
      valid: { orderId: submitted!.id, reason: "Fuzz" },
      sender: "orderer",
      // Work has started (409 for its orderer); no one else's to cancel.
      refused: () => ({ orderId: inProgress!.id, reason: "Fuzz" }),
    },
    {
      name: "decideOrderAction",
      run: orderActions.decideOrderAction,
      fields: [
        { name: "orderId", kind: "uuid" },
        { name: "level", kind: "count" },
        { name: "decision", kind: "code" },
        { name: "comment", kind: "note", optional: true },
      ],
      valid: { orderId: pending!.id, level: 1, decision: "approved", comment: "Fuzz" },
      sender: "approver",
      // Decided already (409 for the approver); no one else's to decide (403, or 404 for Globex).
      refused: (who) => ({ orderId: who === "approver" ? approved!.id : pending!.id, level: 1, decision: "approved", comment: "Fuzz" }),
    },
    {
      name: "fulfilOrderAction",
      run: orderActions.fulfilOrderAction,
      fields: [
        { name: "orderId", kind: "uuid" },
        { name: "step", kind: "code" },
      ],
      valid: { orderId: approved!.id, step: "start" },
      sender: "am",
      // A draft is not the CSP's to start (409 for the account manager); no one else fulfils.
      refused: (who) => ({ orderId: who === "am" ? draft!.id : approved!.id, step: "start" }),
    },
    {
      name: "setAwayAction",
      run: approvalActions.setAwayAction,
      fields: [
        // Blank: away with no one named.
        { name: "delegateId", kind: "uuid", optional: true },
        { name: "startsOn", kind: "date" },
        { name: "endsOn", kind: "date" },
      ],
      valid: { delegateId: user("finance@acme.example"), startsOn: "2027-03-01", endsOn: "2027-03-05" },
      sender: "approver",
      // A period that is over, with a delegate out of scope: refused to the approver whatever one field says, and to everyone else (403).
      refused: (who) => ({ delegateId: refusedTarget(who, "user"), startsOn: "2020-01-01", endsOn: "2020-01-05" }),
    },
    {
      name: "endAwayAction",
      run: approvalActions.endAwayAction,
      fields: [{ name: "delegationId", kind: "uuid" }],
      valid: { delegationId: UK_USER },
      refusedAlone: "no away period in the demo: every ending is not found",
      sender: "approver",
      refused: () => ({ delegationId: UK_USER }),
    },
    {
      name: "setApprovalPolicyAction",
      run: approvalActions.setApprovalPolicyAction,
      fields: [
        { name: "nodeId", kind: "uuid" },
        { name: "currency", kind: "code" },
        // A blank threshold is left out.
        { name: "thresholds.0", kind: "amount", optional: true },
        { name: "thresholds.1", kind: "amount", optional: true },
        { name: "escalationHours", kind: "count" },
      ],
      valid: { nodeId: node("acme-uk"), currency: "GBP", thresholds: ["5000", "50000"], escalationHours: "24" },
      refused: (who) => ({ nodeId: refusedTarget(who, "node"), currency: "GBP", thresholds: ["5000", "50000"], escalationHours: "24" }),
    },
    {
      name: "recordPaymentAction",
      run: billActions.recordPaymentAction,
      fields: [
        { name: "billId", kind: "uuid" },
        { name: "amount", kind: "amount" },
        { name: "receivedOn", kind: "date" },
        { name: "reference", kind: "text", optional: true },
      ],
      valid: { billId: openBill.id, amount: "10.00", receivedOn: "2026-11-20", reference: "Fuzz" },
      sender: "am",
      // A bill paid in full takes no more (400 for the CSP); no one else records payments.
      refused: () => ({ billId: paidBill.id, amount: "10.00", receivedOn: "2026-11-20", reference: "Fuzz" }),
    },
    {
      name: "raiseDisputeAction",
      run: billActions.raiseDisputeAction,
      fields: [
        { name: "lineId", kind: "uuid" },
        { name: "reason", kind: "note" },
      ],
      valid: { lineId: ukLine!.id, reason: "Fuzz" },
      refusedAlone: "only billing viewers dispute, and none of the fuzz's principals is one",
      refused: () => ({ lineId: ukLine!.id, reason: "Fuzz" }),
    },
    {
      name: "resolveDisputeAction",
      run: billActions.resolveDisputeAction,
      fields: [
        { name: "disputeId", kind: "uuid" },
        { name: "outcome", kind: "code" },
        { name: "resolution", kind: "note" },
      ],
      valid: { disputeId: settled!.id, outcome: "credited", resolution: "Fuzz" },
      sender: "am",
      refusedAlone: "the demo's one dispute is settled: resolving it again is a conflict",
      refused: () => ({ disputeId: settled!.id, outcome: "credited", resolution: "Fuzz" }),
    },
  ];
}

/** Values for a field of the valid input: only those that cannot be a legitimate value there (a note is text too). */
function invalidFor(field: Field, values: Fuzz[]): Fuzz[] {
  const kinds: Kind[] = field.kind === "note" ? ["note", "text"] : [field.kind];
  return values.filter((f) => !f.fine?.some((kind) => kinds.includes(kind)));
}

/**
 * The input with one field set to `value`. A dotted name reaches into the base's nested items
 * ("lines.0.quantity": the first line's quantity); `assignments` becomes one grant scoped to the value.
 */
function withField(base: Record<string, unknown>, field: Field, value: unknown): Record<string, unknown> {
  if (field.name === "assignments") return { ...base, assignments: [{ role: "orderer", scopeNodeId: value }] };
  const set = (target: unknown, [key, ...rest]: string[]): unknown => {
    const copy: Record<string, unknown> | unknown[] = Array.isArray(target) ? [...target] : { ...(target as Record<string, unknown>) };
    (copy as Record<string, unknown>)[key!] = rest.length ? set((copy as Record<string, unknown>)[key!], rest) : value;
    return copy;
  };
  return set(base, field.name.split(".")) as Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------

// Auth.js logs each refusal it makes (failed sign-in, missing CSRF token, unknown action) as an
// error, with its stack; the fuzz provokes them on purpose, and checks the status it answers.
const consoleError = console.error;

beforeAll(async () => {
  console.error = (...args: unknown[]) => {
    if (/\[auth\]\[|@auth\/core/.test(args.map(String).join(" "))) return;
    consoleError(...args);
  };
  db = await resetDemoData();
  for (const who of WHO) contexts.set(who, who === "signed out" ? null : await contextFor(db, EMAILS[who]));
}, 120_000);

// Each test starts from the demo data (the refusals one test records would slow the next one's exports).
beforeEach(async () => {
  await resetDemoData();
}, 120_000);

afterAll(() => {
  console.error = consoleError;
  asking.ctx = null;
});

describe("fuzzing server actions", () => {
  it("refuses every malformed, foreign or forged input with a 4xx and a message, and writes nothing but bounded refusals", async () => {
    const before = await snapshot();
    // Every table is compared, those of contracts, the catalog, orders and approvals included.
    expect(Object.keys(before.tables)).toEqual(
      expect.arrayContaining(["contracts", "contract_price_items", "contract_volume_bands", "product_offerings", "offering_prices", "orders", "order_lines", "order_events", "request_keys", "approval_decisions", "approval_delegations", "approval_policies", "notifications", "services"]),
    );
    const specs = await actionSpecs();
    for (const spec of specs) {
      for (const who of WHO) {
        as(who);
        const values = fuzzValues(foreignIds(who));
        // The input as a whole is not an object.
        for (const w of WHOLE_INPUTS) await callAction(`${spec.name} as ${who} with ${w.label}`, () => spec.run(w.value));
        if (who === "signed out") continue;
        // The refused input, with each field given every value (and junk keys added).
        const refused = spec.refused(who);
        await callAction(`${spec.name} as ${who}: refused input`, () => spec.run(refused));
        await callAction(`${spec.name} as ${who}: refused input as FormData`, () => {
          const form = new FormData();
          for (const [k, v] of Object.entries(refused)) form.append(k, String(v));
          return spec.run(form);
        });
        await callAction(`${spec.name} as ${who}: refused input + 5000 junk keys`, () =>
          spec.run({ ...Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`junk${i}`, "x".repeat(100)])), ...refused }),
        );
        await callAction(`${spec.name} as ${who}: refused input + secrets`, () => spec.run({ ...refused, password: "hunter2hunter2", token: "t".repeat(43) }));
        for (const field of spec.fields) {
          for (const f of values) {
            await callAction(`${spec.name} as ${who}: refused input, ${field.name} = ${f.label}`, () => spec.run(withField(refused, field, f.value)));
          }
        }
        // The valid input (only its sender may send it) with one field made invalid.
        if (who !== (spec.sender ?? "uk.admin")) continue;
        for (const field of spec.fields) {
          for (const f of invalidFor(field, values)) {
            await callAction(`${spec.name} as ${who}: ${field.name} = ${f.label} ${short(f.value)}`, () => spec.run(withField(spec.valid, field, f.value)));
          }
          if (!field.optional) {
            await callAction(`${spec.name} as ${who}: ${field.name} missing`, () => spec.run(withField(spec.valid, field, undefined)));
            await callAction(`${spec.name} as ${who}: ${field.name} = null`, () => spec.run(withField(spec.valid, field, null)));
            await callAction(`${spec.name} as ${who}: ${field.name} blank`, () => spec.run(withField(spec.valid, field, "   ")));
          }
        }
      }
    }
    expectNoProblems();
    const events = await expectUnchanged(before);
    expectNoProblems();
    // The refusals were recorded, megabyte inputs included, each within the bound.
    expect(events.filter((e) => e.outcome === "denied").length).toBeGreaterThan(1000);
  }, 600_000);

  it("the valid inputs it mutates are accepted as they are, so that each mutation is what is refused", async () => {
    const count = (await actionSpecs()).length;
    for (let i = 0; i < count; i++) {
      // Each from the demo data as it was (the orders' ids are new with every seed).
      if (i > 0) await resetDemoData();
      const spec = (await actionSpecs())[i]!;
      if (spec.refusedAlone) continue;
      as(spec.sender ?? "uk.admin");
      const result = await spec.run(spec.valid);
      if (!result.ok) problems.push(`${spec.name} as ${spec.sender ?? "uk.admin"}: ${result.status} ${result.error}`);
    }
    expectNoProblems();
  }, 600_000);

  it("the public form actions (sign-in, accepting an invitation) answer malformed forms with a message", async () => {
    const before = await snapshot();
    const { signInAction } = await import("@/lib/auth/sign-in");
    const { acceptInvitationAction } = await import("@/lib/invitations/actions");
    const strings = stringValues(fuzzValues(foreignIds("uk.admin")));
    for (const who of ["signed out", "uk.admin"] as Who[]) {
      as(who);
      for (const s of strings) {
        // Sign-in with a malformed e-mail (a well-formed one would count an attempt: that is its job).
        const signIn = new FormData();
        signIn.set("email", s);
        signIn.set("password", s);
        signIn.set("next", s);
        await callPage(`signInAction as ${who}: ${short(s)}`, async () => {
          const state = await signInAction({}, signIn);
          if (!state.error) problems.push(`signInAction ${short(s)}: no error message`);
        });
        const accept = new FormData();
        accept.set("token", s);
        accept.set("password", s);
        accept.set("confirm", s);
        await callPage(`acceptInvitationAction as ${who}: ${short(s)}`, async () => {
          const state = await acceptInvitationAction({}, accept);
          if (state.accepted) problems.push(`acceptInvitationAction ${short(s)}: accepted`);
        });
      }
      // A well-formed token of no invitation, with passwords of every kind.
      for (const s of strings) {
        const accept = new FormData();
        accept.set("token", "A".repeat(43));
        accept.set("password", s);
        accept.set("confirm", s);
        await callPage(`acceptInvitationAction as ${who}: unknown token, password ${short(s)}`, async () => {
          const state = await acceptInvitationAction({}, accept);
          if (state.accepted) problems.push(`acceptInvitationAction: accepted`);
        });
      }
      await callPage(`signInAction as ${who}: empty form`, () => signInAction({}, new FormData()));
      await callPage(`acceptInvitationAction as ${who}: empty form`, () => acceptInvitationAction({}, new FormData()));
    }
    expectNoProblems();
    await expectUnchanged(before);
    expectNoProblems();
  }, 600_000);
});

// ---------------------------------------------------------------------------------------------
// Route handlers.

const ORIGIN = "http://portal.test";
type Handler = (req: NextRequest, ctx: { params: Promise<never> }) => Promise<Response>;
const call = (handler: unknown, req: Request, params: Record<string, unknown> = {}) =>
  (handler as Handler)(req instanceof NextRequest ? req : new NextRequest(req), { params: Promise.resolve(params as never) });

/** Query strings as they arrive on the wire: malformed escapes and all. */
const QUERY_KEYS: Record<string, string[]> = {
  "/users": ["page", "q", "role", "status", "node", "sort", "dir"],
  "/sites": ["page", "q", "country", "subAccount", "sort", "dir"],
  "/sites/new": ["subAccount"],
  "/audit": ["page", "q", "actor", "action", "subject", "outcome", "from", "to"],
  "/access-review": ["page", "q", "flag", "status", "sort"],
  "/orders": ["page", "q", "status", "site", "orderer", "from", "to", "sort", "dir"],
  "/orders/new": [],
  "/approvals": ["page", "q", "sort", "dir"],
  "/contracts": ["page", "q", "status", "sort", "dir"],
  "/contracts/new": [],
  "/catalog": ["page", "q", "category", "availability", "sort", "dir"],
  "/catalog/new": [],
  "/bills": ["page", "q", "status", "account", "from", "to", "node", "currency", "subAccount", "site", "age", "open", "sort", "dir"],
  "/billing": ["node", "from", "to"],
  "/billing/run": ["period"],
  "/api/bills/lines": ["bill", "account", "from", "to", "node", "currency", "subAccount", "site", "age", "open", "status", "q"],
  "/disputes": ["page", "q", "status", "account", "sort", "dir"],
  "/outbox": ["page"],
  "/login": ["callbackUrl", "next"],
};
const ALL_KEYS = [...new Set(Object.values(QUERY_KEYS).flat())];

function queryStrings(ids: string[], keys: string[] = ALL_KEYS): string[] {
  const raw = [
    "%E0%A4%A",
    "%FF",
    "%00",
    "%u0000",
    "%ED%A0%80",
    "%C0%AF",
    "%",
    "%%",
    "%2",
    "a%00b",
    "1e20",
    "1e309",
    "-1",
    "0",
    "1.5",
    "NaN",
    "Infinity",
    "99999999999999999999",
    "0x10",
    "%E2%80%AE",
    "%F0%9F%98%80",
    "%20%20",
    "+",
    "0000-01-01",
    "9999-12-31",
    "2020-02-30",
    "..%2F..%2F",
    "%3Cscript%3E",
    "'%20OR%201%3D1--",
    "a".repeat(10_000),
    ...ids,
  ];
  const out = new Set<string>(["", "?", "?&&", "?=", "?==&=", "?%=%", "?page[]=1", "?page=1&page=2&page=%FF", `?${"x=1&".repeat(2000)}`]);
  for (const k of [...keys, "unknown"]) for (const v of raw) out.add(`?${k}=${v}`);
  return [...out];
}

/** What Next hands a page: the decoded query, repeated keys as arrays. */
function searchParamsOf(query: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(query)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

function malformedIds(who: Who): string[] {
  return [...stringValues(fuzzValues(foreignIds(who))).filter((s) => s.length < 1000), "a".repeat(MB)];
}

describe("fuzzing route handlers", () => {
  it("GET routes answer malformed query strings and ids with a page of data or a 4xx, never a 5xx", async () => {
    const before = await snapshot();
    const assignments = await import("@/app/api/users/[id]/assignments/route");
    const usersExport = await import("@/app/api/users/export/route");
    const auditExport = await import("@/app/api/audit/export/route");
    const reviewExport = await import("@/app/api/access-review/export/route");
    const health = await import("@/app/api/health/route");
    const ready = await import("@/app/api/ready/route");
    const billLines = await import("@/app/api/bills/lines/route");
    const oneBillLines = await import("@/app/api/bills/[id]/lines/route");
    const billPdf = await import("@/app/api/bills/[id]/pdf/route");
    const [acmeBill] = await db.select({ id: bills.id }).from(bills).where(eq(bills.enterpriseId, node("acme"))).limit(1);
    const [globexBill] = await db.select({ id: bills.id }).from(bills).where(eq(bills.enterpriseId, node("globex"))).limit(1);
    for (const who of WHO) {
      as(who);
      const ids = foreignIds(who).map((f) => f.id);
      const sample = (qs: string[]) => (who === "uk.admin" ? qs : qs.filter((_, i) => i % 7 === 0));
      for (const q of sample(queryStrings(ids, QUERY_KEYS["/audit"]))) {
        await callRoute(`GET /api/audit/export${q.slice(0, 80)} as ${who}`, () => call(auditExport.GET, new Request(`${ORIGIN}/api/audit/export${q}`)));
      }
      for (const q of sample(queryStrings(ids, QUERY_KEYS["/access-review"]))) {
        await callRoute(`GET /api/access-review/export${q.slice(0, 80)} as ${who}`, () => call(reviewExport.GET, new Request(`${ORIGIN}/api/access-review/export${q}`)));
      }
      await callRoute(`GET /api/users/export as ${who}`, () => call(usersExport.GET, new Request(`${ORIGIN}/api/users/export?page=%FF&q=%00`)));
      for (const id of malformedIds(who)) {
        await callRoute(`GET /api/users/${short(id)}/assignments as ${who}`, () => call(assignments.GET, new Request(`${ORIGIN}/api/users/x/assignments`), { id }));
      }
      for (const q of sample(queryStrings(ids, QUERY_KEYS["/api/bills/lines"]))) {
        await callRoute(`GET /api/bills/lines${q.slice(0, 80)} as ${who}`, () => call(billLines.GET, new Request(`${ORIGIN}/api/bills/lines${q}`)));
      }
      for (const id of [...malformedIds(who).filter((_, i) => who === "uk.admin" || i % 3 === 0), acmeBill!.id, globexBill!.id]) {
        await callRoute(`GET /api/bills/${short(id)}/lines as ${who}`, () => call(oneBillLines.GET, new Request(`${ORIGIN}/api/bills/x/lines`), { id }));
        await callRoute(`GET /api/bills/${short(id)}/pdf as ${who}`, () => call(billPdf.GET, new Request(`${ORIGIN}/api/bills/x/pdf`), { id }));
      }
      await callRoute(`GET /api/users/[id]/assignments as ${who} with an array id`, () => call(assignments.GET, new Request(`${ORIGIN}/api/users/x/assignments`), { id: ["a", "b"] }));
    }
    await callRoute("GET /api/health", async () => health.GET());
    await callRoute("GET /api/ready", () => ready.GET());
    expectNoProblems();
    await expectUnchanged(before);
    expectNoProblems();
  }, 600_000);

  it("the JSON API bounds and checks its body: 413 past 64 KB (whatever Content-Length says), 415, 400 for malformed JSON", async () => {
    const before = await snapshot();
    const assignments = await import("@/app/api/users/[id]/assignments/route");
    const one = await import("@/app/api/users/[id]/assignments/[assignmentId]/route");
    const post = (id: unknown, body: BodyInit | null, headers: Record<string, string> = { "content-type": "application/json" }) =>
      call(assignments.POST, new Request(`${ORIGIN}/api/users/x/assignments`, { method: "POST", headers, body, ...(body instanceof ReadableStream ? { duplex: "half" } : {}) } as RequestInit), { id });
    const stream = (bytes: number, chunk = 16 * 1024) => {
      let sent = 0;
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent >= bytes) return controller.close();
          const n = Math.min(chunk, bytes - sent);
          sent += n;
          controller.enqueue(new TextEncoder().encode(" ".repeat(n)));
        },
      });
    };
    // A grant uk.admin may not make (a CSP role): refused (403) if it got that far.
    const refusedGrant = JSON.stringify({ role: "csp_admin", scopeNodeId: MANCHESTER });
    const bodies: [string, () => BodyInit | null, Record<string, string>?, number?][] = [
      ["no body", () => null],
      ["empty", () => ""],
      ["malformed JSON", () => "{"],
      ["trailing garbage", () => `${refusedGrant}x`],
      ["JSON null", () => "null"],
      ["JSON array", () => "[]"],
      ["JSON string", () => '"orderer"'],
      ["JSON number 1e309", () => "1e309"],
      ["nested 30000 deep", () => `${"[".repeat(30_000)}${"]".repeat(30_000)}`],
      ["invalid UTF-8", () => new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])],
      ["NUL in JSON", () => '{"role":"orderer\\u0000","scopeNodeId":"x"}'],
      ["lone surrogate escape", () => '{"role":"\\ud800","scopeNodeId":"\\udc00"}'],
      ["__proto__", () => `{"__proto__":{"userId":"${UK_USER}"},"role":"csp_admin","scopeNodeId":"${MANCHESTER}"}`],
      ["userId in body is ignored", () => JSON.stringify({ role: "csp_admin", scopeNodeId: MANCHESTER, userId: user("admin@globex.example") })],
      ["fields of the wrong type", () => JSON.stringify({ role: ["orderer"], scopeNodeId: { $ne: null }, approvalLimit: 1e300, expiresOn: 20270101 })],
      ["text/plain", () => refusedGrant, { "content-type": "text/plain" }, 415],
      ["form", () => "role=orderer", { "content-type": "application/x-www-form-urlencoded" }, 415],
      ["no content type", () => refusedGrant, {}, 415],
      ["application/jsonp", () => refusedGrant, { "content-type": "application/jsonp" }, 415],
      ["65 KB", () => JSON.stringify({ role: "csp_admin", pad: "x".repeat(65 * 1024) }), undefined, 413],
      ["1 MB", () => JSON.stringify({ role: "csp_admin", pad: "x".repeat(MB) }), undefined, 413],
      ["declared 10 GB", () => refusedGrant, { "content-type": "application/json", "content-length": String(10 * 1024 ** 3) }, 413],
      ["declared small, streams 1 MB", () => stream(MB), { "content-type": "application/json", "content-length": "10" }, 413],
      ["no length, streams 1 MB", () => stream(MB), { "content-type": "application/json" }, 413],
      ["no length, streams 64 KB + 1", () => stream(64 * 1024 + 1, 1000), { "content-type": "application/json" }, 413],
      ["malformed content length", () => refusedGrant, { "content-type": "application/json", "content-length": "-1" }],
    ];
    for (const who of WHO) {
      as(who);
      for (const [label, body, headers, expected] of bodies) {
        await callRoute(`POST assignments as ${who}: ${label}`, async () => {
          const res = await post(UK_USER, body(), headers);
          if (expected && who !== "signed out" && res.status !== expected) problems.push(`POST assignments as ${who}: ${label}: ${res.status}, expected ${expected}`);
          return res;
        });
      }
      for (const id of malformedIds(who)) {
        await callRoute(`POST /api/users/${short(id)}/assignments as ${who}`, () => post(id, JSON.stringify({ role: "orderer", scopeNodeId: MANCHESTER })));
        await callRoute(`DELETE /api/users/${short(id)}/assignments/… as ${who}`, () =>
          call(one.DELETE, new Request(`${ORIGIN}/api/users/x/assignments/y`, { method: "DELETE" }), { id, assignmentId: demoId("assignment:approver@acme.example:0") }),
        );
        await callRoute(`DELETE /api/users/…/assignments/${short(id)} as ${who}`, () =>
          call(one.DELETE, new Request(`${ORIGIN}/api/users/x/assignments/y`, { method: "DELETE" }), { id: UK_USER, assignmentId: id }),
        );
      }
      // An assignment that is not the user's.
      await callRoute(`DELETE someone else's assignment as ${who}`, () =>
        call(one.DELETE, new Request(`${ORIGIN}/api/users/x/assignments/y`, { method: "DELETE" }), { id: UK_USER, assignmentId: demoId("assignment:finance@acme.example:0") }),
      );
    }
    expectNoProblems();
    await expectUnchanged(before);
    expectNoProblems();
  }, 600_000);

  it("the order decision and notification routes answer malformed ids and bodies with a 4xx, and mark nothing read but one's own", async () => {
    // Someone else's unread notification: no one here may mark it read.
    const [others] = await db.insert(notifications).values({ userId: user("finance@acme.example"), enterpriseId: node("acme"), kind: "fuzz", title: "Not yours" }).returning({ id: notifications.id });
    const before = await snapshot();
    const decisions = await import("@/app/api/orders/[id]/decisions/route");
    const bell = await import("@/app/api/notifications/route");
    const orderId = async (number: string) => (await db.select({ id: orders.id }).from(orders).where(eq(orders.number, number)))[0]!.id;
    const pending = await orderId("ORD-1003");
    const approved = await orderId("ORD-1004");
    const json = { "content-type": "application/json" };
    const decide = (id: unknown, body: BodyInit | null, headers: Record<string, string> = json) =>
      call(decisions.POST, new Request(`${ORIGIN}/api/orders/x/decisions`, { method: "POST", headers, body }), { id });
    const mark = (body: BodyInit | null, headers: Record<string, string> = json) => call(bell.POST, new Request(`${ORIGIN}/api/notifications`, { method: "POST", headers, body }));
    // Bodies that carry no decision and no ids: malformed, not an object, not JSON, too large.
    const approve = JSON.stringify({ level: 1, decision: "approved", ids: [others!.id] });
    const bodies: [string, BodyInit | null, Record<string, string>?][] = [
      ["no body", null],
      ["empty", ""],
      ["malformed JSON", "{"],
      ["trailing garbage", `${approve}x`],
      ["JSON null", "null"],
      ["JSON array", `[${approve}]`],
      ["JSON string", '"approved"'],
      ["JSON number 1e309", "1e309"],
      ["nested 30000 deep", `${"[".repeat(30_000)}${"]".repeat(30_000)}`],
      ["invalid UTF-8", new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])],
      ["NUL in JSON", '{"level":1,"decision":"approved\u0000","ids":["\u0000"]}'],
      ["lone surrogate escape", '{"level":"\ud800","decision":"\udc00","ids":["\ud800"]}'],
      ["__proto__", `{"__proto__":{"level":1,"decision":"approved","ids":"all"}}`],
      ["fields of the wrong type", JSON.stringify({ level: [1], decision: { $ne: null }, comment: 1e300, ids: { $in: [others!.id] } })],
      ["text/plain", approve, { "content-type": "text/plain" }],
      ["form", "level=1&decision=approved&ids=all", { "content-type": "application/x-www-form-urlencoded" }],
      ["no content type", approve, {}],
      ["65 KB", JSON.stringify({ level: 1, pad: "x".repeat(65 * 1024) })],
      ["declared 10 GB", approve, { ...json, "content-length": String(10 * 1024 ** 3) }],
    ];
    for (const who of WHO) {
      as(who);
      const values = fuzzValues(foreignIds(who));
      for (const [label, body, headers] of bodies) {
        await callRoute(`POST decisions as ${who}: ${label}`, () => decide(pending, body, headers));
        await callRoute(`POST /api/notifications as ${who}: ${label}`, () => mark(body, headers));
      }
      for (const id of malformedIds(who)) {
        await callRoute(`POST /api/orders/${short(id)}/decisions as ${who}`, () => decide(id, JSON.stringify({ level: 1, decision: "approved", comment: "Fuzz" })));
      }
      await callRoute(`POST decisions as ${who} with an array id`, () => decide([pending], JSON.stringify({ level: 1, decision: "approved" })));
      // The order is the path's, never the body's: a decided order, with a waiting one named in the body.
      await callRoute(`POST decisions as ${who}: orderId in body is ignored`, () => decide(approved, JSON.stringify({ orderId: pending, level: 1, decision: "approved", comment: "Fuzz" })));
      for (const f of values) {
        await callRoute(`POST decisions as ${who}: level = ${f.label}`, () => decide(pending, JSON.stringify({ level: f.value, decision: "rejected" })));
        await callRoute(`POST decisions as ${who}: decision = ${f.label}`, () => decide(pending, JSON.stringify({ level: 1, decision: f.value })));
        await callRoute(`POST /api/notifications as ${who}: ids = ${f.label}`, () => mark(JSON.stringify({ ids: f.value })));
        if (typeof f.value === "string") await callRoute(`POST /api/notifications as ${who}: ids = [${f.label}]`, () => mark(JSON.stringify({ ids: [f.value] })));
      }
      await callRoute(`POST /api/notifications as ${who}: someone else's`, async () => {
        const res = await mark(JSON.stringify({ ids: [others!.id] }));
        if (res.status === 200 && (await res.clone().json()).marked !== 0) problems.push(`POST /api/notifications as ${who}: marked someone else's notification read`);
        return res;
      });
      await callRoute(`POST /api/notifications as ${who}: 101 ids`, () => mark(JSON.stringify({ ids: Array.from({ length: 101 }, () => others!.id) })));
      for (const q of ["", "?limit=%FF", "?page=-1&unread=%00", `?${"x=1&".repeat(2000)}`]) {
        await callRoute(`GET /api/notifications${q.slice(0, 40)} as ${who}`, () => call(bell.GET, new Request(`${ORIGIN}/api/notifications${q}`)));
      }
    }
    expectNoProblems();
    await expectUnchanged(before);
    expectNoProblems();
  }, 600_000);

  it("the CSV import route refuses what is not a CSV within 5 MB, and answers malformed files with a report", async () => {
    const before = await snapshot();
    const { POST } = await import("@/app/(portal)/users/import/run/route");
    const header = "email,name,unit,role,scope,approval_limit,currency,expires_at";
    // Every file has a row that cannot be imported, so "apply" imports nothing (all or nothing).
    const bad = "not-an-email,Bad Row,Acme UK Ltd,,,,,";
    const files: [string, string | Uint8Array<ArrayBuffer>][] = [
      ["empty", ""],
      ["header only with junk", `${header}\n${bad}`],
      ["NUL in cells", `${header}\nnul\u0000@acme.example,Na\u0000me,Acme\u0000UK,orderer\u0000,Lon\u0000don,\u0000,GB\u0000P,2027\u0000-01-01\n${bad}`],
      ["control characters", `${header}\nctl@acme.example,\u0001\u0007\u001b,\u0002,\u0003,\u0004,\u0005,\u0006,\u0008\n${bad}`],
      ["odd unicode", `${header}\n\u202Eemoji🧑🏽‍💻@acme.example,\uD800,\uDC00,\uFFFF,%E0%A4%A,%00,%FF,\u200B\n${bad}`],
      ["huge cell", `${header}\nbig@acme.example,${"x".repeat(MB)},Acme UK Ltd,,,,,\n${bad}`],
      ["unbalanced quote", `${header}\n"open,${bad}`],
      ["formula cells", `${header}\n=cmd|' /C calc'!A0,+1,-1,@SUM(A1),'=x,,,\n${bad}`],
      ["foreign unit and scope", `${header}\nfx@acme.example,Foreign,Globex Inc,orderer,Research & Development,,,\n${bad}`],
      ["ids as units", `${header}\nid@acme.example,Ids,${node("globex-rd")},orderer,${node("berlin")},,,\n${bad}`],
      ["numbers", `${header}\nnum@acme.example,Num,Acme UK Ltd,approver,Acme UK Ltd,1e309,GBP,0000-01-01\nnum2@acme.example,Num,Acme UK Ltd,approver,Acme UK Ltd,-1,XXX,9999-99-99\n${bad}`],
      ["many columns", `${header}${",extra".repeat(5000)}\n${bad}`],
      ["20,001 rows", `${header}\n${Array.from({ length: 20_001 }, (_, i) => `r${i}@acme.example,R,Acme UK Ltd,,,,,`).join("\n")}\n${bad}`],
      ["invalid UTF-8", new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(`${header}\n`), 0xff, 0xfe, 0xc0, 0xaf, 0x0a, ...new TextEncoder().encode(bad)])],
      ["UTF-16 with BOM", new Uint8Array([0xff, 0xfe, ...[...`${header}\n${bad}`].flatMap((c) => [c.charCodeAt(0), 0])])],
      ["lone CRs", `${header}\r${bad}\r\r`],
    ];
    const run = (mode: string, body: BodyInit) => call(POST, new Request(`${ORIGIN}/users/import/run?mode=${mode}`, { method: "POST", headers: { "content-type": "text/csv" }, body }));
    for (const who of WHO) {
      as(who);
      // Imports and previews are rate-limited per admin (30 an hour): every file is previewed, some
      // applied, odd modes (which mean preview) tried on two, then more runs than the limit allows.
      type Run = [string, (typeof files)[number]];
      const runs: Run[] =
        who === "uk.admin"
          ? [
              ...files.map((f): Run => ["preview", f]),
              ...files.slice(1, 7).map((f): Run => ["apply", f]),
              ...["%FF", "APPLY", "apply%00"].flatMap((m) => files.slice(1, 3).map((f): Run => [m, f])),
              ...Array.from({ length: 10 }, (): Run => ["preview", files[1]!]),
            ]
          : files.slice(0, 2).flatMap((f): Run[] => [["preview", f], ["apply", f]]);
      for (const [mode, [label, body]] of runs) await callRoute(`POST import?mode=${mode} as ${who}: ${label}`, () => run(mode, body));
      await callRoute(`POST import as ${who}: not text/csv`, () => call(POST, new Request(`${ORIGIN}/users/import/run?mode=apply`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })));
      await callRoute(`POST import as ${who}: 6 MB`, async () => {
        const res = await call(POST, new Request(`${ORIGIN}/users/import/run?mode=apply`, { method: "POST", headers: { "content-type": "text/csv" }, body: `${header}\n${"x".repeat(6 * MB)}` }));
        if (who === "uk.admin" && res.status !== 413) problems.push(`6 MB import: ${res.status}, expected 413`);
        return res;
      });
      await callRoute(`POST import as ${who}: declared 5 MB + 1`, () =>
        call(POST, new Request(`${ORIGIN}/users/import/run?mode=apply`, { method: "POST", headers: { "content-type": "text/csv", "content-length": String(5 * MB + 1) }, body: header })),
      );
    }
    expectNoProblems();
    await expectUnchanged(before);
    expectNoProblems();
  }, 600_000);

  it("sign-out and next-auth's routes answer malformed requests without a 5xx", async () => {
    const before = await snapshot();
    const signOut = await import("@/app/api/session/sign-out/route");
    const nextAuth = await import("@/app/api/auth/[...nextauth]/route");
    const origins = ["null", "", "http://evil.example", "http://portal.test", "not a url", "http://%E0%A4%A", "file:///etc/passwd", "http://portal.test:99999"];
    for (const who of WHO) {
      as(who);
      for (const origin of origins) {
        await callRoute(`POST sign-out as ${who} from ${short(origin)}`, () =>
          signOut.POST(new Request(`${ORIGIN}/api/session/sign-out`, { method: "POST", headers: { origin, host: "portal.test" }, body: "x".repeat(100) })),
        );
      }
    }
    as("signed out");
    const segments = [["session"], ["csrf"], ["providers"], ["signin"], ["signout"], ["error"], ["callback", "credentials"], ["signin", "credentials"], ["%E0%A4%A"], ["%00"], [".."], ["x".repeat(10_000)], []];
    const queries = ["", "?callbackUrl=%E0%A4%A", "?callbackUrl=http://evil.example", "?error=%00", "?callbackUrl=javascript:alert(1)", `?callbackUrl=${"a".repeat(10_000)}`];
    for (const seg of segments) {
      for (const q of queries) {
        const url = `${ORIGIN}/api/auth/${seg.join("/")}${q}`;
        // next-auth's own refusals ("Bad request.") are text: only the status is ours to check.
        await callRoute(`GET ${url.slice(0, 100)}`, () => call(nextAuth.GET, new NextRequest(url), { nextauth: seg }), { jsonErrors: false });
      }
      const url = `${ORIGIN}/api/auth/${seg.join("/")}`;
      const forms: [string, BodyInit, Record<string, string>][] = [
        ["malformed form", "email=%E0%A4%A&password=%00&csrfToken=x", { "content-type": "application/x-www-form-urlencoded" }],
        ["JSON", '{"email":1}', { "content-type": "application/json" }],
        ["1 MB form", `email=${"a".repeat(MB)}`, { "content-type": "application/x-www-form-urlencoded" }],
        ["no type", "\u0000\u0001", {}],
      ];
      for (const [label, body, headers] of forms) {
        await callRoute(`POST ${url.slice(0, 100)}: ${label}`, async () => {
          const res = await call(nextAuth.POST, new NextRequest(url, { method: "POST", headers, body }), { nextauth: seg });
          if (label === "1 MB form" && res.status !== 413) problems.push(`POST ${url.slice(0, 60)} with 1 MB: ${res.status}, expected 413`);
          return res;
        }, { jsonErrors: false });
      }
    }
    expectNoProblems();
    await expectUnchanged(before);
    expectNoProblems();
  }, 600_000);
});

// ---------------------------------------------------------------------------------------------
// Pages: list pages' query parameters and detail pages' ids, through the page functions themselves
// (parsing, then the queries they run with what the parsing yields).

type PageFn = (props: { searchParams?: Promise<Record<string, string | string[] | undefined>>; params?: Promise<Record<string, string>> }) => Promise<unknown>;

describe("fuzzing pages", () => {
  it("list pages parse any query string into a valid page and filters, and their queries run", async () => {
    const before = await snapshot();
    const pages: [string, () => Promise<{ default: unknown }>][] = [
      ["/users", () => import("@/app/(portal)/users/page")],
      ["/sites", () => import("@/app/(portal)/sites/page")],
      ["/sites/new", () => import("@/app/(portal)/sites/new/page")],
      ["/audit", () => import("@/app/(portal)/audit/page")],
      ["/access-review", () => import("@/app/(portal)/access-review/page")],
      ["/orders", () => import("@/app/(portal)/orders/page")],
      ["/orders/new", () => import("@/app/(portal)/orders/new/page")],
      ["/approvals", () => import("@/app/(portal)/approvals/page")],
      ["/contracts", () => import("@/app/(portal)/contracts/page")],
      ["/contracts/new", () => import("@/app/(portal)/contracts/new/page")],
      ["/catalog", () => import("@/app/(portal)/catalog/page")],
      ["/catalog/new", () => import("@/app/(portal)/catalog/new/page")],
      ["/bills", () => import("@/app/(portal)/bills/page")],
      ["/disputes", () => import("@/app/(portal)/disputes/page")],
      ["/billing", () => import("@/app/(portal)/billing/page")],
      ["/billing/run", () => import("@/app/(portal)/billing/run/page")],
      ["/outbox", () => import("@/app/(portal)/outbox/page")],
      ["/login", () => import("@/app/login/page")],
    ];
    for (const [path, load] of pages) {
      const Page = (await load()).default as PageFn;
      for (const who of WHO) {
        as(who);
        const queries = queryStrings(foreignIds(who).map((f) => f.id), QUERY_KEYS[path]);
        for (const q of who === "uk.admin" || who === "orderer" ? queries : queries.filter((_, i) => i % 5 === 0)) {
          await callPage(`${path}${q.slice(0, 80)} as ${who}`, () => Page({ searchParams: Promise.resolve(searchParamsOf(q)) }));
        }
        // Values Next itself would not produce, but a page must survive: arrays and raw control characters.
        await callPage(`${path} with arrays as ${who}`, () => Page({ searchParams: Promise.resolve({ page: ["1", "2"], q: ["\u0000", "x"], sort: [], status: ["%FF"] }) }));
      }
    }
    expectNoProblems();
    await expectUnchanged(before);
  }, 600_000);

  it("the parsers behind the list pages always yield a page number in range and bounded, storable filters", async () => {
    const { usersList } = await import("@/lib/users/list");
    const { auditList } = await import("@/lib/audit/list");
    const { accessReviewList } = await import("@/lib/access-review/list");
    const { sitesList } = await import("@/lib/sites/list");
    const { ordersList } = await import("@/lib/orders/list");
    const { billsList } = await import("@/lib/billing/list");
    const { outboxList } = await import("@/lib/mail/list");
    const { contractsList } = await import("@/lib/contracts/list");
    const { catalogList } = await import("@/lib/catalog/list");
    const { approvalsInbox } = await import("@/lib/orders/inbox");
    const { MAX_PAGE } = await import("@/lib/list/params");
    const lists = [usersList, auditList, accessReviewList, sitesList, ordersList, billsList, outboxList, contractsList, catalogList, approvalsInbox];
    const ctx = contexts.get("uk.admin")!;
    for (const q of queryStrings(foreignIds("uk.admin").map((f) => f.id))) {
      const record = searchParamsOf(q);
      const parsed = lists.flatMap((list) => [list.parse(record), list.parse(new URLSearchParams(q))]);
      for (const p of parsed) {
        expect(Number.isSafeInteger(p.page) && p.page >= 1 && p.page <= MAX_PAGE, `${q}: page ${p.page}`).toBe(true);
        for (const [k, v] of Object.entries(p)) {
          if (typeof v !== "string") continue;
          expect(v.length, `${q}: ${k}`).toBeLessThanOrEqual(100);
          expect(/[\u0000]/.test(v), `${q}: ${k} holds NUL`).toBe(false);
        }
      }
    }
    // The last page there could be, on every list, with a search made only of LIKE's wildcards.
    const deepest = { page: "100000", q: "%_\\" };
    await usersList.page(db, ctx, usersList.parse(deepest));
    await accessReviewList.page(db, ctx, accessReviewList.parse(deepest));
    await sitesList.page(db, ctx, sitesList.parse(deepest));
    await ordersList.page(db, ctx, ordersList.parse(deepest));
    await billsList.page(db, ctx, billsList.parse(deepest));
    await outboxList.page(db, ctx, outboxList.parse(deepest));
    await contractsList.page(db, ctx, contractsList.parse(deepest));
    await catalogList.page(db, ctx, catalogList.parse(deepest));
    const approver = contexts.get("approver")!;
    await approvalsInbox.page(db, { ...approver, userId: approver.principal.userId }, approvalsInbox.parse(deepest));
    await auditList.page(db, { ability: ctx.ability, timeZone: "Pacific/Kiritimati" }, auditList.parse({ page: "100000", q: "%_\\", from: "0100-01-01", to: "9999-12-31" }));
    await auditList.page(db, { ability: ctx.ability, timeZone: "Pacific/Pago_Pago" }, auditList.parse({ from: "9999-12-31", to: "0100-01-01" }));
  });

  it("detail pages answer malformed, unknown and foreign ids with not found", async () => {
    const before = await snapshot();
    const [order] = await db.select({ id: orders.id }).from(orders).where(eq(orders.enterpriseId, node("globex"))).limit(1);
    const [bill] = await db.select({ id: bills.id }).from(bills).limit(1);
    const [mail] = await db.select({ id: outboxMessages.id }).from(outboxMessages).limit(1);
    const pages: [string, () => Promise<{ default: unknown }>][] = [
      ["/users/[id]", () => import("@/app/(portal)/users/[id]/page")],
      ["/sites/[id]", () => import("@/app/(portal)/sites/[id]/page")],
      ["/sites/[id]/edit", () => import("@/app/(portal)/sites/[id]/edit/page")],
      ["/accounts/[id]", () => import("@/app/(portal)/accounts/[id]/page")],
      ["/orders/[id]", () => import("@/app/(portal)/orders/[id]/page")],
      ["/orders/[id]/edit", () => import("@/app/(portal)/orders/[id]/edit/page")],
      ["/bills/[id]", () => import("@/app/(portal)/bills/[id]/page")],
      ["/outbox/[id]", () => import("@/app/(portal)/outbox/[id]/page")],
      ["/contracts/[id]", () => import("@/app/(portal)/contracts/[id]/page")],
      ["/contracts/[id]/edit", () => import("@/app/(portal)/contracts/[id]/edit/page")],
      ["/catalog/[id]/edit", () => import("@/app/(portal)/catalog/[id]/edit/page")],
    ];
    // Ids of rows that exist, some visible to some principals only: the draft contract (the CSP's
    // until it is activated), an offering (edited by its keeper only).
    const extra = [order?.id, bill?.id, mail?.id, CONTRACT_DRAFT, offering("FIBRE-1G"), "1", "-1", "0", "99999999999999999999", "1e309"].filter((x): x is string => typeof x === "string");
    // Pages that do show something for a visible id (so the harness itself is known to work).
    const [ukOrder] = await db.select({ id: orders.id }).from(orders).where(eq(orders.enterpriseId, node("acme"))).limit(1);
    const [draftOrder] = await db.select({ id: orders.id }).from(orders).where(eq(orders.number, "ORD-1001"));
    const [ukBill] = await db.select({ id: bills.id }).from(bills).where(eq(bills.billingAccountId, node("acme-uk-ba"))).limit(1);
    const visible: Record<string, [Who, string]> = {
      "/users/[id]": ["uk.admin", UK_USER],
      "/sites/[id]": ["uk.admin", site("manchester")],
      "/sites/[id]/edit": ["uk.admin", site("manchester")],
      "/accounts/[id]": ["uk.admin", MANCHESTER],
      "/orders/[id]": ["uk.admin", ukOrder!.id],
      "/orders/[id]/edit": ["orderer", draftOrder!.id],
      "/contracts/[id]": ["uk.admin", CONTRACT],
      "/contracts/[id]/edit": ["am", CONTRACT_DRAFT],
      "/bills/[id]": ["uk.admin", ukBill!.id],
      "/catalog/[id]/edit": ["csp.admin", offering("FIBRE-1G")],
    };
    for (const [path, load] of pages) {
      const Page = (await load()).default as PageFn;
      if (visible[path]) {
        const [who, id] = visible[path];
        as(who);
        expect(await Page({ params: Promise.resolve({ id }) }), path).toBeTruthy();
      }
      for (const who of WHO) {
        as(who);
        for (const id of [...malformedIds(who), ...extra]) {
          await callPage(`${path} id=${short(id)} as ${who}`, () => Page({ params: Promise.resolve({ id }) }));
        }
      }
    }
    expectNoProblems();
    await expectUnchanged(before);
  }, 600_000);
});
