/* Pure rules of the mail queue (lib/mail/queue.ts): when a mail is tried again, and when given up. */

/** The instance that made the change sends first; the sweep takes a row only after this grace. */
export const MAIL_GRACE_SECONDS = 60;
/** A send claimed and not finished by then (the process died mid-send) is tried again. */
export const MAIL_LEASE_SECONDS = 5 * 60;
/** Tries in all before a mail is given up: about eight hours of waits with the delays below (1 + 2 + … + 128 minutes, then 4 hours). */
export const MAIL_MAX_ATTEMPTS = 10;

/** Seconds to wait after the `attempts`-th failed try: 1, 2, 4, … minutes, at most 4 hours. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(4 * 60 * 60, 60 * 2 ** Math.max(0, Math.min(20, attempts - 1)));
}

export function addSeconds(at: Date, seconds: number): Date {
  return new Date(at.getTime() + seconds * 1000);
}

/** What is kept of a mail server's refusal: one line, bounded (it lands in a table and a log). */
export function refusalOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, " ").trim().slice(0, 300) || "unknown error";
}
