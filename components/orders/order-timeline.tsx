import { formatDateTime } from "@/lib/format";
import { ORDER_EVENT_LABELS } from "@/lib/orders/labels";

export type TimelineEntry = { id: string; kind: string; at: Date; actorName: string | null; onBehalfOfName: string | null; level: number | null; comment: string | null; data: Record<string, unknown> | null };


function detail(e: TimelineEntry, money: (minor: number) => string): string | null {
  const d = e.data ?? {};
  const names = Array.isArray(d.routedTo) ? (d.routedTo as string[]) : [];
  switch (e.kind) {
    case "submitted":
      return `${money(Number(d.totalMinor ?? 0))} first-year value; ${Number(d.levels ?? 0) === 0 ? "no approval level needed" : `${d.levels} approval level${Number(d.levels) > 1 ? "s" : ""} needed`}${d.overSpendLimit ? " (past the monthly spend limit)" : ""}.`;
    case "approval_needed":
      return `Level ${e.level}${names.length ? `: routed to ${names.join(", ")}` : ": no approver can decide it yet"}.`;
    case "escalated":
      return `Level ${e.level} waited ${d.afterHours ?? "?"} hours${names.length ? `; now also routed to ${names.join(", ")}` : ""}.`;
    case "completed":
      return d.services ? `${d.services} service${Number(d.services) === 1 ? "" : "s"} installed.` : null;
    default:
      return e.level ? `Level ${e.level}.` : null;
  }
}

/** Every transition of an order with who did it (and for whom) and when, oldest first. */
export function OrderTimeline({ events, locale, timeZone, money }: { events: TimelineEntry[]; locale: string; timeZone: string; money: (minor: number) => string }) {
  return (
    <ol className="space-y-4 px-5 py-4">
      {events.map((e) => {
        const who = e.actorName ? (e.onBehalfOfName ? `${e.actorName} for ${e.onBehalfOfName}` : e.actorName) : "Trellis";
        const text = detail(e, money);
        return (
          <li key={e.id} className="relative border-l-2 border-slate-200 pl-4">
            <p className="text-sm font-medium text-slate-900">
              {ORDER_EVENT_LABELS[e.kind as keyof typeof ORDER_EVENT_LABELS] ?? e.kind} <span className="font-normal text-slate-600">· {who}</span>
            </p>
            <p className="text-xs text-slate-600">
              <time dateTime={e.at.toISOString()}>{formatDateTime(e.at, locale, timeZone)}</time>
            </p>
            {text ? <p className="mt-1 text-sm text-slate-700">{text}</p> : null}
            {e.comment ? <p className="mt-1 text-sm text-slate-700">“{e.comment}”</p> : null}
          </li>
        );
      })}
    </ol>
  );
}
