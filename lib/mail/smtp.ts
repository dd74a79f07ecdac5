import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/lib/env";

/** A mail as both transports take it (SMTP, and the development outbox's JSON one). */
export type Envelope = { to: string; toName?: string | null; subject: string; text?: string | null; html?: string | null };

/** nodemailer's message for a mail, from MAIL_FROM. */
export function envelope(mail: Envelope) {
  return {
    from: env().MAIL_FROM,
    to: mail.toName ? { name: mail.toName, address: mail.to } : mail.to,
    subject: mail.subject,
    text: mail.text ?? undefined,
    html: mail.html ?? undefined,
  };
}

let smtp: Transporter | undefined;

/** The SMTP transport (a connection object, no queue: the queue is the mail_queue table). */
function transport(): Transporter {
  smtp ??= nodemailer.createTransport(env().SMTP_URL!);
  return smtp;
}

export async function sendOverSmtp(mail: Envelope): Promise<void> {
  await transport().sendMail(envelope(mail));
}
