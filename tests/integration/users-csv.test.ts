import { parse } from "csv-parse/sync";
import { count, eq, inArray } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { auditEvents, invitations, outboxMessages, roleAssignments, users } from "@/db/schema";
import { findInvitationLink } from "@/lib/mail/templates";
import { findOpenInvitation } from "@/lib/invitations/accept";
import { ForbiddenError, TooManyRequestsError } from "@/lib/errors";
import { applyImport, IMPORT_RUNS_PER_HOUR, previewImport, type ImportProgress } from "@/lib/user-import/apply";
import { streamCsvExport } from "@/lib/list/export";
import { EXPORT_COLUMNS, usersExport } from "@/lib/users/export";
import { usersList } from "@/lib/users/list";
import { resetDemoData } from "../support/db";
import { contextFor } from "../support/principals";

// Lets a test make the mail step fail part-way through an import, to show all of it rolls back.
const mail = vi.hoisted(() => ({ failOnCall: 0, calls: 0 }));
vi.mock("@/lib/mail/send", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/mail/send")>();
  return {
    ...original,
    queueMail: async (...args: Parameters<typeof original.queueMail>) => {
      mail.calls += 1;
      if (mail.calls === mail.failOnCall) throw new Error("mail store unavailable");
      return original.queueMail(...args);
    },
  };
});

const ORIGIN = "http://portal.test";
const HEADER = "email,name,unit,role,scope,approval_limit,currency,expires_at";

let db: Db;
beforeEach(async () => {
  Object.assign(mail, { failOnCall: 0, calls: 0 });
  db = await resetDemoData();
});

async function counts() {
  const n = async (table: typeof users | typeof roleAssignments | typeof invitations | typeof outboxMessages | typeof auditEvents) => (await db.select({ n: count() }).from(table))[0]!.n;
  return { users: await n(users), assignments: await n(roleAssignments), invitations: await n(invitations), outbox: await n(outboxMessages), audit: await n(auditEvents) };
}

const GOOD = [
  HEADER,
  "ana.one@acme.example,Ana One,UK-MAN,orderer,UK-MAN,,,",
  "ben.two@acme.example,Ben Two,Acme UK Ltd,approver,Acme UK Ltd,20000.00,GBP,2030-01-31",
  "ben.two@acme.example,Ben Two,Acme UK Ltd,billing_viewer,Acme UK Billing,,,",
  "cara.three@acme.example,Cara Three,London HQ,,,,,",
].join("\n");

describe("CSV import", () => {
  it("a file with one bad row is rejected whole, with that row's line, and the database is unchanged", async () => {
    const ctx = await contextFor(db, "uk.admin@acme.example");
    const bad = [HEADER, "ana.one@acme.example,Ana One,UK-MAN,orderer,UK-MAN,,,", "ben.two@acme.example,Ben Two,UK-MAN,approver,UK-MAN,,GBP,", "cara.three@acme.example,Cara Three,UK-LON,,,,,"].join("\n");
    const before = await counts();
    for (const [run, recorded] of [
      [() => previewImport(db, ctx, bad), 1],
      [() => applyImport(db, ctx, bad, ORIGIN), 1],
    ] as const) {
      const report = await run();
      expect(report.ok).toBe(false);
      expect(report.errors).toEqual([{ line: 3, message: "An approver needs an approval limit and its currency." }]);
      expect(report.applied).toBeUndefined();
      // Each run writes only the record that it ran.
      before.audit += recorded;
      expect(await counts()).toEqual(before);
    }
    expect(await db.select().from(users).where(eq(users.email, "ana.one@acme.example"))).toEqual([]);
  });

  it("checks scope per row: uk.admin cannot place or grant anything in Acme Germany, and taken e-mails are reported", async () => {
    const ctx = await contextFor(db, "uk.admin@acme.example");
    const csv = [
      HEADER,
      "ana.one@acme.example,Ana One,UK-MAN,orderer,UK-MAN,,,",
      "dora@acme.example,Dora,DE-BER,,,,,",
      "eve@acme.example,Eve,UK-MAN,billing_viewer,Acme Germany Billing,,,",
      "orderer@acme.example,Oliver Ord,UK-LON,,,,,",
      "fred@acme.example,Fred,UK-MAN,enterprise_admin,Acme Corp,,,",
    ].join("\n");
    const before = await counts();
    const report = await applyImport(db, ctx, csv, ORIGIN);
    expect(report.ok).toBe(false);
    expect(report.errors).toEqual([
      { line: 3, message: 'No node with the code or name "DE-BER" in your scope (unit).' },
      { line: 4, message: 'No node with the code or name "Acme Germany Billing" in your scope (scope).' },
      { line: 5, message: "A user with the email orderer@acme.example already exists." },
      { line: 6, message: 'No node with the code or name "Acme Corp" in your scope (scope).' },
    ]);
    expect(await counts()).toEqual({ ...before, audit: before.audit + 1 }); // only the record of the run
  });

  it("a preview does not tell an admin which addresses exist elsewhere, and is audited and limited", async () => {
    const ctx = await contextFor(db, "uk.admin@acme.example", "req-preview");
    const csv = [HEADER, "admin@globex.example,G,UK-MAN,,,,,", "cfo@acme.example,C,UK-MAN,,,,,", "finance@acme.example,F,UK-MAN,,,,,", "nobody.yet@acme.example,N,UK-MAN,,,,,"].join("\n");
    const report = await previewImport(db, ctx, csv);
    expect(report.errors).toEqual([
      { line: 2, message: "admin@globex.example cannot be invited." },
      { line: 3, message: "cfo@acme.example cannot be invited." },
      { line: 4, message: "A user with the email finance@acme.example already exists." },
    ]);
    const [event] = await db.select().from(auditEvents).where(eq(auditEvents.requestId, "req-preview"));
    expect(event).toMatchObject({ action: "user.import_preview", actorId: ctx.principal.userId, summary: "Previewed a user import of 4 rows" });
    // A failing apply is a run too: recorded and counted.
    await applyImport(db, ctx, csv, ORIGIN);
    for (let i = 2; i < IMPORT_RUNS_PER_HOUR; i++) await previewImport(db, ctx, csv);
    await expect(previewImport(db, ctx, csv)).rejects.toBeInstanceOf(TooManyRequestsError);
    await expect(applyImport(db, ctx, GOOD, ORIGIN)).rejects.toBeInstanceOf(TooManyRequestsError);
    const runs = await db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.actorId, ctx.principal.userId));
    expect(runs.filter((r) => r.action.startsWith("user.import"))).toHaveLength(IMPORT_RUNS_PER_HOUR);
  });

  it("refuses someone who may not create users", async () => {
    const ctx = await contextFor(db, "orderer@acme.example");
    await expect(previewImport(db, ctx, GOOD)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("a preview of a good file reports who would be invited and writes nothing", async () => {
    const ctx = await contextFor(db, "uk.admin@acme.example");
    const before = await counts();
    const report = await previewImport(db, ctx, GOOD);
    expect(report).toMatchObject({ ok: true, mode: "preview", rows: 4, people: 3, assignments: 3, errors: [] });
    before.audit += 1;
    expect(report.sample).toEqual([
      { line: 2, email: "ana.one@acme.example", name: "Ana One", unit: "Manchester Branch", roles: ["Orderer · Manchester Branch"] },
      { line: 3, email: "ben.two@acme.example", name: "Ben Two", unit: "Acme UK Ltd", roles: ["Approver · Acme UK Ltd", "Billing viewer · Acme UK Billing"] },
      { line: 5, email: "cara.three@acme.example", name: "Cara Three", unit: "London HQ", roles: [] },
    ]);
    expect(await counts()).toEqual(before);
  });

  it("a good file creates everyone: invited users, assignments, invitations, mails and audit events", async () => {
    const ctx = await contextFor(db, "uk.admin@acme.example", "req-import");
    const before = await counts();
    const report = await applyImport(db, ctx, GOOD, ORIGIN);
    expect(report).toMatchObject({ ok: true, mode: "apply", applied: { users: 3, assignments: 3, invitations: 3 }, mail: { mode: "outbox", sent: 3, failed: 0 } });
    expect(await counts()).toEqual({
      users: before.users + 3,
      assignments: before.assignments + 3,
      invitations: before.invitations + 3,
      outbox: before.outbox + 3,
      audit: before.audit + 3 + 3 + 1 + 1, // invites, grants, the import, and the record of the run
    });
    const created = await db.select().from(users).where(inArray(users.email, ["ana.one@acme.example", "ben.two@acme.example", "cara.three@acme.example"]));
    expect(created.every((u) => u.status === "invited" && u.passwordHash === null)).toBe(true);
    const ben = created.find((u) => u.email === "ben.two@acme.example")!;
    const benRoles = await db.select().from(roleAssignments).where(eq(roleAssignments.userId, ben.id));
    expect(benRoles.map((r) => [r.role, r.approvalLimitMinor, r.limitCurrency, r.expiresAt?.toISOString() ?? null]).sort()).toEqual([
      ["approver", 2_000_000, "GBP", "2030-01-31T00:00:00.000Z"],
      ["billing_viewer", null, null, null],
    ]);
    // Each mail carries a working link for its own person.
    const mails = await db.select().from(outboxMessages);
    for (const person of created) {
      const mail = mails.find((m) => m.to === person.email)!;
      const token = findInvitationLink(mail.text)!.split("/invitations/")[1]!;
      expect(await findOpenInvitation(db, token)).toMatchObject({ email: person.email });
    }
    const actions = (await db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.requestId, "req-import"))).map((e) => e.action).sort();
    expect(actions).toEqual(["role.grant", "role.grant", "role.grant", "user.import", "user.import_attempt", "user.invite", "user.invite", "user.invite"]);
    // The same file again: every row now names a taken e-mail, and nothing is written.
    const again = await applyImport(db, ctx, GOOD, ORIGIN);
    expect(again.ok).toBe(false);
    expect(again.errors.map((e) => e.line)).toEqual([2, 3, 4, 5]);
  });

  it("a large file is checked and written in chunks with progress, in one transaction", async () => {
    const ctx = await contextFor(db, "uk.admin@acme.example");
    const rows = Array.from({ length: 1200 }, (_, i) => `bulk${String(i).padStart(4, "0")}@acme.example,Bulk ${i},UK-MAN,orderer,UK-MAN,,,`);
    const progress: ImportProgress[] = [];
    const before = await counts();
    const report = await applyImport(db, ctx, [HEADER, ...rows].join("\n"), ORIGIN, (p) => void progress.push(p));
    expect(report.applied).toEqual({ users: 1200, assignments: 1200, invitations: 1200 });
    expect(progress.filter((p) => p.phase === "validating").map((p) => p.done)).toEqual([500, 1000, 1200]);
    expect(progress.filter((p) => p.phase === "writing").map((p) => p.done)).toEqual([200, 400, 600, 800, 1000, 1200]);
    expect((await counts()).users).toBe(before.users + 1200);
  });

  it("a failure part-way through the write rolls back every chunk already written", async () => {
    const ctx = await contextFor(db, "uk.admin@acme.example");
    const rows = Array.from({ length: 450 }, (_, i) => `roll${i}@acme.example,Roll ${i},UK-MAN,orderer,UK-MAN,,,`);
    const before = await counts();
    mail.failOnCall = 2; // the second chunk of 200
    await expect(applyImport(db, ctx, [HEADER, ...rows].join("\n"), ORIGIN)).rejects.toThrow("mail store unavailable");
    expect(mail.calls).toBe(2);
    expect(await counts()).toEqual({ ...before, audit: before.audit + 1 }); // only the record of the run
  });
});

async function exportFor(email: string) {
  const ctx = await contextFor(db, email);
  const text = await new Response(streamCsvExport(usersList, usersExport, { db, ...ctx, filters: usersList.filtersOf(usersList.parse({})), requestId: null })).text();
  return parse(text, { columns: true, bom: true }) as Record<(typeof EXPORT_COLUMNS)[number], string>[];
}

describe("CSV export", () => {
  it("uk.admin's export has exactly the users whose unit is in Acme UK Ltd, one row per assignment, and no German user", async () => {
    const rows = await exportFor("uk.admin@acme.example");
    expect(Object.keys(rows[0]!)).toEqual([...EXPORT_COLUMNS]);
    expect([...new Set(rows.map((r) => r.email))]).toEqual([
      "approver@acme.example",
      "billing@acme.example",
      "finance@acme.example",
      "orderer@acme.example",
      "siteadmin@acme.example",
      "uk.admin@acme.example",
    ]);
    expect(rows.some((r) => r.email === "de.billing@acme.example" || r.scope.includes("Germany"))).toBe(false);
    expect(rows.find((r) => r.email === "approver@acme.example")).toMatchObject({ unit: "Acme UK Ltd", status: "active", role: "approver", scope: "Acme UK Ltd", approval_limit: "50000.00", currency: "GBP" });
    expect(rows.find((r) => r.email === "orderer@acme.example")).toMatchObject({ role: "orderer", scope: "Acme UK Ltd", spend_limit: "25000.00", currency: "GBP" });
  });

  it("admin@acme.example's export covers the whole enterprise (two rows for the CFO) and nothing of Globex", async () => {
    const rows = await exportFor("admin@acme.example");
    const emails = rows.map((r) => r.email);
    expect(emails).toContain("de.billing@acme.example");
    expect(emails.filter((e) => e === "cfo@acme.example")).toHaveLength(2);
    expect(emails.some((e) => e.endsWith("globex.example") || e.endsWith("csp.example"))).toBe(false);
  });

  it("streams in pages: a scope of more users than one page comes out whole and in order", async () => {
    const ctx = await contextFor(db, "uk.admin@acme.example");
    const rows = Array.from({ length: 1100 }, (_, i) => `p${String(i).padStart(4, "0")}@acme.example,P ${i},UK-MAN,,,,,`);
    expect((await applyImport(db, ctx, [HEADER, ...rows].join("\n"), ORIGIN)).ok).toBe(true);
    const exported = await exportFor("uk.admin@acme.example");
    const emails = exported.map((r) => r.email);
    expect(emails).toHaveLength(1100 + 6);
    expect([...emails].sort()).toEqual(emails);
  });
});
