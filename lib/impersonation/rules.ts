/**
 * Pure rules of support access (DESIGN.md rule 4): how long an account manager may look in, what
 * ends it, and whether the enterprise's write switch is on.
 */

/** The longest an impersonation may last; the account manager picks one of the configured lengths. */
export const MAX_IMPERSONATION_MINUTES = 60;

/** How long an enterprise admin may switch write support access on for. */
export const WRITE_ACCESS_HOURS = [1, 4, 24, 72] as const;

export const END_REASONS = ["ended", "expired", "access_withdrawn", "session_ended", "replaced"] as const;
export type ImpersonationEndReason = (typeof END_REASONS)[number];

export const END_REASON_LABELS: Record<ImpersonationEndReason, string> = {
  ended: "Ended by the account manager",
  expired: "Reached its time limit",
  access_withdrawn: "Access withdrawn",
  session_ended: "The account manager's session ended",
  replaced: "Replaced by a newer impersonation",
};

/**
 * When an impersonation started at `start` for `minutes` ends: never past the hour, and never past
 * the account manager's own session (its absolute lifetime holds through the impersonation).
 */
export function impersonationExpiry(start: Date, minutes: number, sessionExpiresAt: Date): Date {
  const bounded = Math.min(Math.max(0, minutes), MAX_IMPERSONATION_MINUTES);
  return new Date(Math.min(start.getTime() + Math.round(bounded * 60_000), sessionExpiresAt.getTime()));
}

/** A length as people say it: "30 minutes", "1 hour"; under a minute (a test setting) in seconds. */
export function durationLabel(minutes: number): string {
  if (minutes < 1) return `${Math.round(minutes * 60)} seconds`;
  if (minutes === 60) return "1 hour";
  return minutes === 1 ? "1 minute" : `${minutes} minutes`;
}

export type ImpersonationTimes = { expiresAt: Date; endedAt: Date | null };

/** Open until ended or until its time limit, whichever is first. */
export function impersonationState(i: ImpersonationTimes, now: Date): "open" | "ended" | "expired" {
  if (i.endedAt) return "ended";
  return i.expiresAt.getTime() <= now.getTime() ? "expired" : "open";
}

export type SupportAccess = { supportEnabled: boolean; writeUntil: Date | null };

/** With no row, support access is on and read-only. */
export const DEFAULT_SUPPORT_ACCESS: SupportAccess = { supportEnabled: true, writeUntil: null };

/** Write support access holds while support access is on and its expiry lies ahead. */
export function writeAccessOn(g: SupportAccess, now: Date): boolean {
  return g.supportEnabled && g.writeUntil !== null && g.writeUntil.getTime() > now.getTime();
}

/** Whole minutes left, rounded up, so "1 minute left" shows until the very end. */
export function minutesLeft(expiresAt: Date, now: Date): number {
  return Math.max(0, Math.ceil((expiresAt.getTime() - now.getTime()) / 60_000));
}

/** How long an impersonation lasted (or has lasted), in whole minutes, at least one. */
export function durationMinutes(startedAt: Date, endedAt: Date | null, expiresAt: Date, now: Date): number {
  const end = endedAt ?? (expiresAt.getTime() < now.getTime() ? expiresAt : now);
  return Math.max(1, Math.round((end.getTime() - startedAt.getTime()) / 60_000));
}
