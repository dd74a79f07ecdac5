import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import type { Executor } from "@/db/client";
import { notifications } from "@/db/schema";
import { env } from "@/lib/env";
import { notificationMail } from "@/lib/mail/templates";
import { queueMail, type Deliver } from "@/lib/mail/send";

export type Recipient = { userId: string; name: string; email: string; locale: string; timeZone: string };

export type Notice = {
  recipient: Recipient;
  enterpriseId: string | null;
  kind: string;
  title: string;
  /** The news in sentences, already worded in the recipient's locale and time zone. */
  lines: string[];
  href: string;
  action: string;
  data?: Record<string, unknown>;
};

/** Where links in mails point (APP_URL; localhost for a development machine or a script). */
export function mailOrigin(): string {
  return (env().APP_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/+$/, "");
}

const quiet = new AsyncLocalStorage<true>();

/**
 * Runs `work` without telling anyone: no bell, no mail. For replaying history (the demo seed
 * places its orders through the same functions as the portal) where the news is long past.
 */
export function withoutNotifications<T>(work: () => Promise<T>): Promise<T> {
  return quiet.run(true, work);
}

/**
 * Tells people something in the caller's transaction: a row for the bell and a mail, both
 * committing with the change that caused them (a rolled-back decision notifies no one). Returns
 * the mail delivery to run after the commit.
 */
export async function notify(tx: Executor, notices: Notice[]): Promise<Deliver> {
  if (quiet.getStore()) return async () => ({ mode: "outbox", sent: 0, failed: 0 });
  const unique = [...new Map(notices.map((n) => [`${n.recipient.userId}:${n.kind}:${n.href}`, n])).values()];
  if (unique.length > 0) {
    await tx.insert(notifications).values(
      unique.map((n) => ({ userId: n.recipient.userId, enterpriseId: n.enterpriseId, kind: n.kind, title: n.title, body: n.lines.join(" "), href: n.href, data: n.data ?? null })),
    );
  }
  const origin = mailOrigin();
  return queueMail(
    tx,
    unique.map((n) => ({
      to: n.recipient.email,
      toName: n.recipient.name,
      enterpriseId: n.enterpriseId,
      ...notificationMail({ name: n.recipient.name, title: n.title, lines: n.lines, link: `${origin}${n.href}`, action: n.action }),
    })),
  );
}
