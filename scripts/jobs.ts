/**
 * `npm run jobs`: the work that happens with time rather than with a request — today, escalating
 * approval levels that waited past their policy's time. Run it from a scheduler (cron, a Kubernetes
 * CronJob) every few minutes; any number of instances may run it at once, each escalation happens
 * once (lib/orders/escalate.ts). Nothing in the web app runs a timer.
 */
import { closeDb, getDb } from "../db/client";
import { escalateDueOrders } from "../lib/orders/escalate";

const db = await getDb();
let total = 0;
for (;;) {
  const made = await escalateDueOrders(db);
  total += made;
  if (made === 0) break;
}
console.log(`jobs: ${total} approval level${total === 1 ? "" : "s"} escalated`);
await closeDb();
