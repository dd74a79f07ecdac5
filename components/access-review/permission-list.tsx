import { describeAssignment, describeExpiry } from "@/lib/access-review/describe";
import { isAssignmentExpired, isAssignmentExpiring } from "@/lib/access-review/flags";
import type { ReviewAssignmentRow } from "@/lib/access-review/queries";
import { cn } from "@/components/ui/cn";

/** A person's assignments as sentences; ended ones struck through, ending ones marked. */
export function PermissionList({ assignments, now, locale, timeZone }: { assignments: ReviewAssignmentRow[]; now: Date; locale: string; timeZone: string }) {
  if (assignments.length === 0) return <span className="text-sm text-slate-500">No roles in your scope</span>;
  return (
    <ul className="space-y-1">
      {assignments.map((a) => {
        const expired = isAssignmentExpired(a, now);
        const expiring = isAssignmentExpiring(a, now);
        const ends = describeExpiry(a.expiresAt, now, locale, timeZone);
        return (
          <li key={a.id} className="text-sm leading-snug">
            <span className={cn(expired ? "text-slate-500 line-through" : "text-slate-800")}>{describeAssignment(a, locale)}</span>
            {ends ? <span className={cn("ml-1.5 text-xs whitespace-nowrap", expired ? "text-rose-600" : expiring ? "font-medium text-violet-700" : "text-slate-500")}>({ends})</span> : null}
          </li>
        );
      })}
    </ul>
  );
}
