import { cn } from "./cn";

const tones = {
  neutral: "bg-slate-100 text-slate-700 ring-slate-200",
  blue: "bg-brand-50 text-brand-700 ring-brand-100",
  green: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  amber: "bg-amber-50 text-amber-800 ring-amber-200",
  red: "bg-rose-50 text-rose-700 ring-rose-200",
  violet: "bg-violet-50 text-violet-700 ring-violet-200",
} as const;

export type Tone = keyof typeof tones;

export function Badge({ tone = "neutral", className, children }: { tone?: Tone; className?: string; children: React.ReactNode }) {
  return <span className={cn("inline-flex items-center rounded-md px-2 py-0.5 text-xs font-medium ring-1 ring-inset whitespace-nowrap", tones[tone], className)}>{children}</span>;
}

const statusTones: Record<string, Tone> = {
  draft: "neutral",
  submitted: "blue",
  pending_approval: "amber",
  approved: "green",
  rejected: "red",
  in_progress: "violet",
  completed: "green",
  cancelled: "neutral",
  active: "green",
  deactivated: "red",
  issued: "blue",
  paid: "green",
  overdue: "red",
  part_paid: "amber",
  open: "amber",
  credited: "green",
};

export function statusTone(status: string): Tone {
  return statusTones[status] ?? "neutral";
}
