import { count } from "drizzle-orm";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { invitations, outboxMessages, users } from "@/db/schema";
import { demoId } from "@/lib/demo/ids";
import { NotFoundError } from "@/lib/errors";
import { inviteUser } from "@/lib/invitations/invite";
import { inviteInput } from "@/lib/invitations/schemas";
import { resetDemoData } from "../support/db";
import { contextFor } from "../support/principals";

// With SMTP_URL set, mail goes to that server through nodemailer, after the transaction commits.
const smtp = vi.hoisted(() => {
  process.env.SMTP_URL = "smtp://mail.test:2525";
  process.env.MAIL_FROM = "Acme Portal <portal@acme.example>";
  return { urls: [] as string[], sendMail: null as unknown as ReturnType<typeof import("vitest").vi.fn> };
});
vi.mock("nodemailer", async (importOriginal) => {
  type Nodemailer = typeof import("nodemailer");
  const original = (await importOriginal()) as Nodemailer & { default: Nodemailer };
  const { vi: v } = await import("vitest");
  smtp.sendMail = v.fn(async () => ({ messageId: "<1@mail.test>" }));
  const createTransport = (options: unknown) => {
    if (typeof options === "string") {
      smtp.urls.push(options);
      return { sendMail: smtp.sendMail };
    }
    return original.default.createTransport(options as never);
  };
  return { ...original, default: { ...original.default, createTransport }, createTransport };
});

const node = (key: string) => demoId(`node:${key}`);
let db: Db;
// A later test file in the same worker must not inherit the mail server.
afterAll(() => {
  delete process.env.SMTP_URL;
  delete process.env.MAIL_FROM;
});
beforeEach(async () => {
  smtp.sendMail.mockClear();
  db = await resetDemoData();
});

const input = (assignments: { role: string; scopeNodeId: string }[]) =>
  inviteInput.parse({ email: "smtp.person@acme.example", name: "Smtp Person", unitNodeId: node("manchester"), assignments });

describe("mail through SMTP", () => {
  it("sends the invitation to the SMTP server from MAIL_FROM, and writes nothing to the outbox", async () => {
    const ctx = await contextFor(db, "uk.admin@acme.example");
    const result = await inviteUser(db, ctx, input([{ role: "orderer", scopeNodeId: node("manchester") }]), "https://portal.acme.example");
    expect(result.delivery).toEqual({ mode: "smtp", sent: 1, failed: 0 });
    expect(smtp.urls).toEqual(["smtp://mail.test:2525"]);
    expect(smtp.sendMail).toHaveBeenCalledTimes(1);
    const [mail] = smtp.sendMail.mock.calls[0] as [{ from: string; to: { address: string }; subject: string; text: string; html: string }];
    expect(mail.from).toBe("Acme Portal <portal@acme.example>");
    expect(mail.to).toEqual({ name: "Smtp Person", address: "smtp.person@acme.example" });
    expect(mail.text).toContain(result.link);
    expect(mail.html).toContain(result.link);
    expect(result.link.startsWith("https://portal.acme.example/invitations/")).toBe(true);
    expect((await db.select({ n: count() }).from(outboxMessages))[0]!.n).toBe(0);
  });

  it("sends nothing when the invitation is refused and rolled back", async () => {
    const ctx = await contextFor(db, "uk.admin@acme.example");
    await expect(inviteUser(db, ctx, input([{ role: "orderer", scopeNodeId: node("berlin") }]), "https://portal.acme.example")).rejects.toBeInstanceOf(NotFoundError);
    expect(smtp.sendMail).not.toHaveBeenCalled();
  });

  it("a mail server that refuses the mail leaves the invitation in place and says so", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    smtp.sendMail.mockRejectedValueOnce(new Error("421 try later"));
    const ctx = await contextFor(db, "uk.admin@acme.example");
    const result = await inviteUser(db, ctx, input([]), "https://portal.acme.example");
    expect(result.delivery).toEqual({ mode: "smtp", sent: 0, failed: 1 });
    expect((await db.select({ n: count() }).from(users))[0]!.n).toBeGreaterThan(0);
    expect((await db.select({ n: count() }).from(invitations))[0]!.n).toBe(1);
  });
});
