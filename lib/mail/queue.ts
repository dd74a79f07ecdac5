import "server-only";
import { and, asc, eq, inArray, isNull, lt, lte, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { mailQueue } from "@/db/schema";
import { addSeconds, MAIL_GRACE_SECONDS, MAIL_LEASE_SECONDS, MAIL_MAX_ATTEMPTS, refusalOf, retryDelaySeconds } from "./retry";
import type { OutgoingMail } from "./send";
import { sendOverSmtp } from "./smtp";

/**
 * The SMTP side of a transactional outbox. A mail is a row written in the transaction of the change
 * that sends it, so a rolled-back change sends nothing and a committed one cannot lose its mail:
 * the instance sends it right after the commit (sendQueued), and `npm run jobs` (sendDueMail) sends
 * whatever an instance did not — it was killed in that instant, or the server refused the mail.
 * Each try is claimed first with a conditional update, so instances and sweeps running at once send
 * a mail once; a process that dies between the server's acceptance and the row's deletion sends it
 * again after the lease (at least once, never lost).
 */
export type SendResult = { sent: number; failed: number };
type Row = typeof mailQueue.$inferSelect;

const CHUNK = 500;

/** Writes the mails in the caller's transaction; returns their ids for sendQueued after the commit. */
export async function enqueueMail(tx: Executor, mails: OutgoingMail[], now = new Date()): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < mails.length; i += CHUNK) {
    const rows = mails.slice(i, i + CHUNK).map((m) => ({
      enterpriseId: m.enterpriseId,
      toAddress: m.to,
      toName: m.toName ?? null,
      subject: m.subject,
      text: m.text,
      html: m.html,
      purpose: m.purpose ?? null,
      createdAt: now,
      nextAttemptAt: addSeconds(now, MAIL_GRACE_SECONDS),
    }));
    ids.push(...(await tx.insert(mailQueue).values(rows).returning({ id: mailQueue.id })).map((r) => r.id));
  }
  return ids;
}

/**
 * The instance's own send, right after the commit: it takes its rows only if nothing has tried them
 * yet. Never throws: the change is committed, and whatever is not sent here the sweep sends.
 */
export async function sendQueued(db: Executor, ids: string[], now = new Date()): Promise<SendResult> {
  const result: SendResult = { sent: 0, failed: 0 };
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    let claimed: Row[];
    try {
      claimed = await db
        .update(mailQueue)
        .set({ attempts: sql`${mailQueue.attempts} + 1`, nextAttemptAt: addSeconds(now, MAIL_LEASE_SECONDS) })
        .where(and(inArray(mailQueue.id, chunk), eq(mailQueue.attempts, 0), isNull(mailQueue.givenUpAt)))
        .returning();
    } catch (error) {
      console.warn(`${chunk.length} queued mail(s) left for the sweep: ${refusalOf(error)}`);
      result.failed += chunk.length;
      continue;
    }
    for (const row of claimed) result[(await tryToSend(db, row, now)) ? "sent" : "failed"] += 1;
  }
  return result;
}

/**
 * `npm run jobs`: claims up to `limit` mails that are due (past the instance's grace, a failure's
 * wait, or a dead sender's lease), skipping rows another sweep holds, and sends them.
 */
export async function sendDueMail(db: Executor, now = new Date(), limit = 100): Promise<SendResult> {
  const due = db
    .select({ id: mailQueue.id })
    .from(mailQueue)
    // Never past the last try, even when a sender died before recording its failure.
    .where(and(isNull(mailQueue.givenUpAt), lte(mailQueue.nextAttemptAt, now), lt(mailQueue.attempts, MAIL_MAX_ATTEMPTS)))
    .orderBy(asc(mailQueue.nextAttemptAt))
    .limit(limit)
    .for("update", { skipLocked: true });
  const claimed = await db
    .update(mailQueue)
    .set({ attempts: sql`${mailQueue.attempts} + 1`, nextAttemptAt: addSeconds(now, MAIL_LEASE_SECONDS) })
    .where(inArray(mailQueue.id, due))
    .returning();
  const result: SendResult = { sent: 0, failed: 0 };
  for (const row of claimed) result[(await tryToSend(db, row, now)) ? "sent" : "failed"] += 1;
  return result;
}

/** One claimed try. A sent mail's row is deleted; a refused one waits longer each time, then is given up. */
async function tryToSend(db: Executor, row: Row, now: Date): Promise<boolean> {
  try {
    await sendOverSmtp({ to: row.toAddress, toName: row.toName, subject: row.subject, text: row.text, html: row.html });
  } catch (error) {
    const lastError = refusalOf(error);
    const giveUp = row.attempts >= MAIL_MAX_ATTEMPTS;
    const next = addSeconds(now, retryDelaySeconds(row.attempts));
    console.warn(
      giveUp
        ? `mail ${row.id} given up after ${row.attempts} tries: ${lastError}`
        : `mail ${row.id} not sent (try ${row.attempts} of ${MAIL_MAX_ATTEMPTS}), next try after ${next.toISOString()}: ${lastError}`,
    );
    // A given-up mail keeps its envelope and the error, not its text (which may hold an invitation link).
    await db
      .update(mailQueue)
      .set(giveUp ? { lastError, givenUpAt: now, text: null, html: null } : { lastError, nextAttemptAt: next })
      .where(eq(mailQueue.id, row.id))
      .catch((e: unknown) => console.warn(`mail ${row.id}: its failure was not recorded (${refusalOf(e)}); the lease brings it back`));
    return false;
  }
  await db
    .delete(mailQueue)
    .where(eq(mailQueue.id, row.id))
    .catch((e: unknown) => console.warn(`mail ${row.id} was sent but stays queued (${refusalOf(e)}); it may be sent again after the lease`));
  return true;
}
