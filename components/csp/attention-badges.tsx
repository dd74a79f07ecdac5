import { Badge, type Tone } from "@/components/ui/badge";
import { formatMoney } from "@/lib/format";
import { ATTENTION_LEVEL_LABELS, attentionCount, attentionLevel, RENEWAL_WINDOW_DAYS, STALE_APPROVAL_HOURS, type Attention, type AttentionLevel } from "@/lib/csp/attention";

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** What needs attention in an enterprise, as short badges; a calm line when nothing does. */
export function AttentionBadges({ attention, locale }: { attention: Attention; locale: string }) {
  if (attentionCount(attention) === 0) return <span className="text-sm text-slate-500">Nothing needs attention</span>;
  const a = attention;
  return (
    <ul className="flex flex-wrap gap-1.5" aria-label="Needs attention">
      {a.staleApprovals ? (
        <li>
          <Badge tone="amber">
            {plural(a.staleApprovals, "approval", "approvals")} waiting over {STALE_APPROVAL_HOURS} h
          </Badge>
        </li>
      ) : null}
      {a.overdueBills ? (
        <li>
          <Badge tone="red">
            {plural(a.overdueBills, "overdue bill", "overdue bills")} · {a.overdue.map((o) => formatMoney(o.amountMinor, o.currency, locale)).join(" · ")}
          </Badge>
        </li>
      ) : null}
      {a.openDisputes ? (
        <li>
          <Badge tone="violet">{plural(a.openDisputes, "open dispute", "open disputes")}</Badge>
        </li>
      ) : null}
      {a.pendingInvitations ? (
        <li>
          <Badge tone="blue">{plural(a.pendingInvitations, "pending invitation", "pending invitations")}</Badge>
        </li>
      ) : null}
      {a.renewals ? (
        <li>
          <Badge tone="neutral">
            {plural(a.renewals, "contract", "contracts")} ending within {RENEWAL_WINDOW_DAYS} days
          </Badge>
        </li>
      ) : null}
    </ul>
  );
}

const LEVEL_TONES: Record<AttentionLevel, Tone> = { act: "red", watch: "amber", none: "green" };

/** The enterprise's overall level (lib/csp/attention.ts attentionLevel) as one badge. */
export function AttentionLevelBadge({ attention }: { attention: Attention }) {
  const level = attentionLevel(attention);
  return <Badge tone={LEVEL_TONES[level]}>{ATTENTION_LEVEL_LABELS[level]}</Badge>;
}

/**
 * One count in a console column: a coloured badge when there is something, a quiet "0" when not
 * (zero is the normal state, so it should not catch the eye); `one`/`many` name it for screen readers.
 */
export function AttentionCount({ n, tone, one, many }: { n: number; tone: Tone; one: string; many: string }) {
  if (n === 0)
    return (
      <span className="text-slate-400 tabular-nums">
        0<span className="sr-only"> {many}</span>
      </span>
    );
  return (
    <Badge tone={tone} className="tabular-nums">
      {n}
      <span className="sr-only"> {n === 1 ? one : many}</span>
    </Badge>
  );
}

/** Support access as a badge: off, read-only, or write access until a time. */
export function SupportBadge({ state, until }: { state: "off" | "read_only" | "write"; until?: string | null }) {
  if (state === "off") return <Badge tone="red">Support access off</Badge>;
  if (state === "write") return <Badge tone="amber">Write access{until ? ` until ${until}` : ""}</Badge>;
  return <Badge tone="neutral">Read-only support</Badge>;
}
