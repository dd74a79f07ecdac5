import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { getDb, type Executor } from "@/db/client";
import { outboxMessages } from "@/db/schema";
import { env } from "@/lib/env";
import { enqueueMail, sendQueued } from "./queue";
import { envelope } from "./smtp";

/**
 * Mail goes through nodemailer. With SMTP_URL set it is queued in the caller's transaction
 * (mail_queue, lib/mail/queue.ts) and sent to that server once the transaction has committed; a
 * rolled-back change sends nothing, and a mail the instance could not send is sent by `npm run jobs`.
 * Without it, nodemailer's JSON transport builds the message and it is stored in the development
 * outbox (outbox_messages) in the caller's transaction, so the whole journey works on a fresh machine.
 */
export type OutgoingMail = { to: string; toName?: string; subject: string; text: string; html: string; enterpriseId: string | null; purpose?: string };
/** `failed`: mails the server did not take now; they stay queued and are tried again. */
export type DeliveryResult = { mode: "smtp" | "outbox"; sent: number; failed: number };
export type Deliver = () => Promise<DeliveryResult>;

export function mailMode(): "smtp" | "outbox" {
  return env().SMTP_URL ? "smtp" : "outbox";
}

let json: Transporter | undefined;

function jsonTransport(): Transporter {
  json ??= nodemailer.createTransport({ jsonTransport: true });
  return json;
}

type Built = { to: { address: string }[]; subject: string; text: string; html?: string };

/**
 * Queues mails with the caller's transaction. Returns the delivery to run once the transaction
 * has committed (a no-op for the outbox, whose rows commit with the transaction).
 */
export async function queueMail(tx: Executor, mails: OutgoingMail[]): Promise<Deliver> {
  if (mails.length === 0) return async () => ({ mode: mailMode(), sent: 0, failed: 0 });
  if (mailMode() === "smtp") {
    const ids = await enqueueMail(tx, mails);
    return async () => ({ mode: "smtp", ...(await sendQueued(await getDb(), ids)) });
  }
  const rows: (typeof outboxMessages.$inferInsert)[] = [];
  for (const mail of mails) {
    const info = await jsonTransport().sendMail(envelope(mail));
    const built = JSON.parse(info.message as unknown as string) as Built;
    rows.push({
      enterpriseId: mail.enterpriseId,
      to: built.to.map((t) => t.address).join(", "),
      subject: built.subject,
      text: built.text,
      html: built.html ?? null,
      purpose: mail.purpose ?? null,
    });
  }
  for (let i = 0; i < rows.length; i += 500) await tx.insert(outboxMessages).values(rows.slice(i, i + 500));
  return async () => ({ mode: "outbox", sent: rows.length, failed: 0 });
}
