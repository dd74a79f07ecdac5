import { count, eq } from "drizzle-orm";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { invitations, mailQueue, outboxMessages } from "@/db/schema";
import { demoId } from "@/lib/demo/ids";
import { inviteUser } from "@/lib/invitations/invite";
import { inviteInput } from "@/lib/invitations/schemas";
import { sendDueMail, sendQueued } from "@/lib/mail/queue";
import { MAIL_GRACE_SECONDS, MAIL_LEASE_SECONDS, MAIL_MAX_ATTEMPTS, retryDelaySeconds } from "@/lib/mail/retry";
import { queueMail, type OutgoingMail } from "@/lib/mail/send";
import { resetDemoData } from "../support/db";
import { contextFor } from "../support/principals";

// Mail over SMTP is a row of mail_queue from the commit on: sent by the instance after the commit,
// or by the jobs' sweep when the instance could not (killed, or the server refused).
const smtp = vi.hoisted(() => {
  process.env.SMTP_URL = "smtp://mail.test:2525";
  return { sendMail: null as unknown as ReturnType<typeof import("vitest").vi.fn> };
});
vi.mock("nodemailer", async (importOriginal) => {
  type Nodemailer = typeof import("nodemailer");
  const original = (await importOriginal()) as Nodemailer & { default: Nodemailer };
  const { vi: v } = await import("vitest");
  smtp.sendMail = v.fn(async () => ({ messageId: "<1@mail.test>" }));
  const createTransport = (options: unknown) => (typeof options === "string" ? { sendMail: smtp.sendMail } : original.default.createTransport(options as never));
  return { ...original, default: { ...original.default, createTransport }, createTransport };
});

let db: Db;
afterAll(() => {
  delete process.env.SMTP_URL;
});
beforeEach(async () => {
  smtp.sendMail.mockReset();
  smtp.sendMail.mockImplementation(async () => ({ messageId: "<1@mail.test>" }));
  vi.spyOn(console, "warn").mockImplementation(() => undefined);
  db = await resetDemoData();
});

const acme = demoId("node:acme");
const mail = (n: number): OutgoingMail => ({ to: `person${n}@acme.example`, toName: `Person ${n}`, subject: `Hello ${n}`, text: `Your link: https://portal.example/invitations/secret-${n}`, html: `<p>secret-${n}</p>`, enterpriseId: acme, purpose: "test" });
const later = (from: Date, seconds: number) => new Date(from.getTime() + seconds * 1000);
const queued = () => db.select().from(mailQueue).orderBy(mailQueue.toAddress);
const sentTo = () => smtp.sendMail.mock.calls.map((c) => ((c as [{ to: { address: string } }])[0].to.address)).sort();

/** A change that committed its mail, and an instance that died before sending it. */
async function commitWithoutSending(mails: OutgoingMail[]) {
  await db.transaction(async (tx) => {
    await queueMail(tx, mails); // the returned delivery is never run
  });
}

describe("the SMTP mail queue", () => {
  it("the instance sends right after the commit, and a sent mail is not kept", async () => {
    const ctx = await contextFor(db, "uk.admin@acme.example");
    const input = inviteInput.parse({ email: "queued.person@acme.example", name: "Queued Person", unitNodeId: demoId("node:manchester"), assignments: [] });
    const result = await inviteUser(db, ctx, input, "https://portal.acme.example");
    expect(result.delivery).toEqual({ mode: "smtp", sent: 1, failed: 0 });
    expect(sentTo()).toEqual(["queued.person@acme.example"]);
    expect(await queued()).toEqual([]);
    expect((await db.select({ n: count() }).from(outboxMessages))[0]!.n).toBe(0);
  });

  it("a rolled-back change queues nothing", async () => {
    await expect(
      db.transaction(async (tx) => {
        await queueMail(tx, [mail(1)]);
        throw new Error("the change fails after queueing its mail");
      }),
    ).rejects.toThrow("the change fails");
    expect(await queued()).toEqual([]);
    expect(smtp.sendMail).not.toHaveBeenCalled();
  });

  it("a mail whose instance died after the commit is sent by the sweep once the grace has passed, and only once", async () => {
    const now = new Date();
    await commitWithoutSending([mail(1), mail(2)]);
    expect((await queued()).map((r) => [r.attempts, r.givenUpAt])).toEqual([
      [0, null],
      [0, null],
    ]);
    // The instance's own send comes first: the sweep leaves fresh rows alone.
    expect(await sendDueMail(db, now)).toEqual({ sent: 0, failed: 0 });
    expect(await sendDueMail(db, later(now, MAIL_GRACE_SECONDS + 1))).toEqual({ sent: 2, failed: 0 });
    expect(sentTo()).toEqual(["person1@acme.example", "person2@acme.example"]);
    const calls = smtp.sendMail.mock.calls.map((c) => (c as [{ subject: string; text: string; html: string; to: { name: string; address: string } }])[0]);
    const first = calls.find((c) => c.to.address === "person1@acme.example");
    expect(first).toMatchObject({ subject: "Hello 1", text: mail(1).text, html: mail(1).html, to: { name: "Person 1" } });
    expect(await queued()).toEqual([]);
    expect(await sendDueMail(db, later(now, 3600))).toEqual({ sent: 0, failed: 0 });
    expect(smtp.sendMail).toHaveBeenCalledTimes(2);
  });

  it("an instance that wakes after the sweep sent its mail sends nothing", async () => {
    const now = new Date();
    const ids = await db.transaction(async (tx) => {
      await queueMail(tx, [mail(1)]);
      return (await tx.select({ id: mailQueue.id }).from(mailQueue)).map((r) => r.id);
    });
    expect(await sendDueMail(db, later(now, MAIL_GRACE_SECONDS + 1))).toEqual({ sent: 1, failed: 0 });
    expect(await sendQueued(db, ids, later(now, MAIL_GRACE_SECONDS + 2))).toEqual({ sent: 0, failed: 0 });
    expect(smtp.sendMail).toHaveBeenCalledTimes(1);
  });

  it("a refused mail stays queued with the server's answer and is tried again after a growing wait", async () => {
    smtp.sendMail.mockRejectedValueOnce(new Error("421 4.7.0 try again later"));
    const ctx = await contextFor(db, "uk.admin@acme.example");
    const input = inviteInput.parse({ email: "refused.person@acme.example", name: "Refused Person", unitNodeId: demoId("node:manchester"), assignments: [] });
    const before = new Date();
    const result = await inviteUser(db, ctx, input, "https://portal.acme.example");
    expect(result.delivery).toEqual({ mode: "smtp", sent: 0, failed: 1 });
    expect((await db.select({ n: count() }).from(invitations).where(eq(invitations.email, "refused.person@acme.example")))[0]!.n).toBe(1);
    const [row] = await queued();
    expect(row).toMatchObject({ toAddress: "refused.person@acme.example", attempts: 1, lastError: "421 4.7.0 try again later", givenUpAt: null });
    expect(row!.text).toContain(result.link);
    const wait = (row!.nextAttemptAt.getTime() - before.getTime()) / 1000;
    expect(wait).toBeGreaterThanOrEqual(retryDelaySeconds(1) - 1);
    expect(wait).toBeLessThan(retryDelaySeconds(1) + 30);

    expect(await sendDueMail(db, later(row!.nextAttemptAt, -1))).toEqual({ sent: 0, failed: 0 });
    expect(await sendDueMail(db, row!.nextAttemptAt)).toEqual({ sent: 1, failed: 0 });
    expect(smtp.sendMail).toHaveBeenCalledTimes(2);
    const [retried] = smtp.sendMail.mock.calls[1] as [{ text: string }];
    expect(retried.text).toContain(result.link);
    expect(await queued()).toEqual([]);
  });

  it("a mail refused every time is given up after its last try, keeping the envelope and error but not the text", async () => {
    smtp.sendMail.mockRejectedValue(new Error("550 5.1.1 no such user"));
    let now = new Date();
    await commitWithoutSending([mail(1)]);
    now = later(now, MAIL_GRACE_SECONDS + 1);
    for (let attempt = 1; attempt <= MAIL_MAX_ATTEMPTS; attempt++) {
      expect(await sendDueMail(db, now), `try ${attempt}`).toEqual({ sent: 0, failed: 1 });
      const [row] = await queued();
      expect(row!.attempts).toBe(attempt);
      if (attempt < MAIL_MAX_ATTEMPTS) now = row!.nextAttemptAt;
    }
    const [row] = await queued();
    expect(row).toMatchObject({ toAddress: "person1@acme.example", subject: "Hello 1", text: null, html: null, lastError: "550 5.1.1 no such user", attempts: MAIL_MAX_ATTEMPTS });
    expect(row!.givenUpAt).not.toBeNull();
    expect(await sendDueMail(db, later(now, 365 * 86400))).toEqual({ sent: 0, failed: 0 });
    expect(smtp.sendMail).toHaveBeenCalledTimes(MAIL_MAX_ATTEMPTS);
  });

  it("a try claimed by a sender that died is taken again only after the lease", async () => {
    const now = new Date();
    await commitWithoutSending([mail(1)]);
    // The claim as a sender makes it, then nothing: the process is gone.
    await db.update(mailQueue).set({ attempts: 1, nextAttemptAt: later(now, MAIL_LEASE_SECONDS) });
    expect(await sendDueMail(db, later(now, MAIL_GRACE_SECONDS + 1))).toEqual({ sent: 0, failed: 0 });
    expect(await sendDueMail(db, later(now, MAIL_LEASE_SECONDS))).toEqual({ sent: 1, failed: 0 });
    expect(await queued()).toEqual([]);
  });

  it("sweeps running at once send each mail once", async () => {
    const now = new Date();
    await commitWithoutSending(Array.from({ length: 30 }, (_, i) => mail(i)));
    smtp.sendMail.mockImplementation(async () => {
      await new Promise((resolve) => setTimeout(resolve, 2));
      return { messageId: "<1@mail.test>" };
    });
    const at = later(now, MAIL_GRACE_SECONDS + 1);
    const rounds = await Promise.all([sendDueMail(db, at, 10), sendDueMail(db, at, 10), sendDueMail(db, at, 10), sendDueMail(db, at, 10)]);
    expect(rounds.reduce((n, r) => n + r.sent, 0)).toBe(30);
    expect(new Set(sentTo()).size).toBe(30);
    expect(smtp.sendMail).toHaveBeenCalledTimes(30);
    expect(await queued()).toEqual([]);
  });
});
