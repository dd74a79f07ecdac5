import { Badge } from "@/components/ui/badge";

const OUTCOMES: Record<string, { label: string; tone: "green" | "red" | "amber" }> = {
  success: { label: "Success", tone: "green" },
  denied: { label: "Denied", tone: "red" },
  failed: { label: "Failed", tone: "amber" },
};

export function OutcomeBadge({ outcome }: { outcome: string }) {
  const o = OUTCOMES[outcome] ?? { label: outcome, tone: "amber" as const };
  return <Badge tone={o.tone}>{o.label}</Badge>;
}

export const OUTCOME_LABELS: Record<string, string> = Object.fromEntries(Object.entries(OUTCOMES).map(([k, v]) => [k, v.label]));
