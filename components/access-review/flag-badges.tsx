import { Badge } from "@/components/ui/badge";
import { FLAG_LABELS, type ReviewFlag } from "@/lib/access-review/flags";

const TONES: Record<ReviewFlag, "amber" | "violet" | "red"> = { dormant: "amber", expiring: "violet", expired: "red" };
const TITLES: Record<ReviewFlag, string> = {
  dormant: "No sign-in for 90 days (or never, for an account over 90 days old)",
  expiring: "An assignment ends within 14 days",
  expired: "An assignment has ended and no longer counts",
};

export function FlagBadges({ flags }: { flags: ReviewFlag[] }) {
  if (flags.length === 0) return <span className="text-xs text-slate-500">None</span>;
  return (
    <ul className="flex flex-wrap gap-1" aria-label="Flags">
      {flags.map((f) => (
        <li key={f} title={TITLES[f]}>
          <Badge tone={TONES[f]}>{FLAG_LABELS[f]}</Badge>
        </li>
      ))}
    </ul>
  );
}
