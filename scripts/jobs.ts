/**
 * `npm run jobs`: the work that happens with time rather than with a request — escalating approval
 * levels that waited past their policy's time, and sending the mail over SMTP that an instance did
 * not (lib/mail/queue.ts). Run it from a scheduler (cron, a Kubernetes CronJob) every few minutes;
 * any number of machines may run it at once: each escalation happens once (lib/orders/escalate.ts)
 * and each mail is claimed before it is sent. Nothing in the web app runs a timer.
 */
import { closeDb, getDb } from "../db/client";
import { sendDueMail } from "../lib/mail/queue";
import { mailMode } from "../lib/mail/send";
import { escalateDueOrders } from "../lib/orders/escalate";

const db = await getDb();
let total = 0;
for (;;) {
  const made = await escalateDueOrders(db);
  total += made;
  if (made === 0) break;
}
const mail = { sent: 0, failed: 0 };
// Without SMTP_URL every send would fail and burn the mails' tries: leave the queue to a run that has it.
const smtp = mailMode() === "smtp";
if (!smtp) console.warn("jobs: SMTP_URL is not set here, so queued mail is left for a run that has it (and MAIL_FROM)");
for (; smtp; ) {
  const round = await sendDueMail(db);
  mail.sent += round.sent;
  mail.failed += round.failed;
  // A round that sent nothing is done: the failures wait for a later run.
  if (round.sent === 0) break;
}
console.log(`jobs: ${total} approval level${total === 1 ? "" : "s"} escalated; ${mail.sent} queued mail${mail.sent === 1 ? "" : "s"} sent, ${mail.failed} to try again later`);
await closeDb();
