import { Badge, type Tone } from "@/components/ui/badge";

export const USER_STATUS_LABELS: Record<string, string> = { invited: "Invited", active: "Active", deactivated: "Deactivated" };
const tones: Record<string, Tone> = { invited: "amber", active: "green", deactivated: "neutral" };

export function UserStatusBadge({ status }: { status: string }) {
  return <Badge tone={tones[status] ?? "neutral"}>{USER_STATUS_LABELS[status] ?? status}</Badge>;
}
