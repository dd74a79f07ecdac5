import "server-only";
import { formatDateTime, formatMoney } from "@/lib/format";
import type { Notice, Recipient } from "@/lib/notifications/notify";

/** What the notices about an order say: worded here once, in each recipient's locale and time zone. */
export type OrderNewsSubject = { id: string; number: string; enterpriseId: string; totalMinor: number; currency: string; ordererName: string };

const amount = (o: OrderNewsSubject, r: Recipient) => formatMoney(o.totalMinor, o.currency, r.locale);
const href = (o: OrderNewsSubject) => `/orders/${o.id}`;

export function waitingNotice(r: Recipient, o: OrderNewsSubject, level: number, levels: number, opts: { forName?: string; escalated?: boolean } = {}): Notice {
  const stage = levels > 1 ? ` (level ${level} of ${levels})` : "";
  const lines = [`${o.ordererName}'s order ${o.number} for ${amount(o, r)} (first-year value) waits for a decision${stage}.`];
  if (opts.forName) lines.push(`${opts.forName} is away and named you to decide in their place.`);
  if (opts.escalated) lines.push("It has waited longer than your organisation's escalation time, so it now comes to you as well.");
  return {
    recipient: r,
    enterpriseId: o.enterpriseId,
    kind: opts.escalated ? "order.escalated" : "order.waiting",
    title: `${o.number} waits for your approval`,
    lines,
    href: href(o),
    action: "Open the order",
    data: { orderId: o.id, level },
  };
}

export function decidedNotice(r: Recipient, o: OrderNewsSubject, decision: "approved" | "rejected", by: string, comment: string | null, at: Date): Notice {
  const when = formatDateTime(at, r.locale, r.timeZone);
  const lines = [`Your order ${o.number} for ${amount(o, r)} was ${decision} by ${by} on ${when}.`];
  if (comment) lines.push(`Their comment: “${comment}”`);
  return {
    recipient: r,
    enterpriseId: o.enterpriseId,
    kind: `order.${decision}`,
    title: `${o.number} was ${decision}`,
    lines,
    href: href(o),
    action: "Open the order",
    data: { orderId: o.id, decision },
  };
}
