/**
 * Pure rules of a signed-in session (DESIGN.md rule 5, OWASP ASVS V3): an absolute lifetime fixed
 * at sign-in and an idle timeout measured from the last request, whatever the client does.
 */
export type SessionTimes = { createdAt: Date; lastSeenAt: Date; expiresAt: Date; endedAt: Date | null };
export type SessionState = "active" | "ended" | "expired" | "idle";

export const TOUCH_EVERY_MS = 60_000;

export function sessionState(s: SessionTimes, now: Date, idleMinutes: number): SessionState {
  if (s.endedAt) return "ended";
  if (s.expiresAt.getTime() <= now.getTime()) return "expired";
  if (now.getTime() - s.lastSeenAt.getTime() >= idleMinutes * 60_000) return "idle";
  return "active";
}

/** Last seen is written at most once a minute, so a page view stays a read. */
export function needsTouch(s: Pick<SessionTimes, "lastSeenAt">, now: Date): boolean {
  return now.getTime() - s.lastSeenAt.getTime() >= TOUCH_EVERY_MS;
}

export function sessionExpiry(createdAt: Date, maxHours: number): Date {
  return new Date(createdAt.getTime() + maxHours * 3_600_000);
}

export const END_REASONS = ["sign_out", "ended_by_user", "ended_by_admin", "deactivated", "password_changed", "expired", "idle", "replaced"] as const;
export type EndReason = (typeof END_REASONS)[number];

export const END_REASON_LABELS: Record<EndReason, string> = {
  sign_out: "Signed out",
  ended_by_user: "Ended by the user",
  ended_by_admin: "Ended by an admin",
  deactivated: "Account deactivated",
  password_changed: "Password changed",
  expired: "Reached its 8-hour limit",
  idle: "Idle timeout",
  // Starting or ending support access opens a new session (no fixation) in place of the old one.
  replaced: "Replaced by a new session",
};

/** A short description of a browser from its user agent, for the sessions list. */
export function describeAgent(userAgent: string | null): string {
  if (!userAgent) return "Unknown browser";
  const browser = /Edg\//.test(userAgent) ? "Edge" : /Firefox\//.test(userAgent) ? "Firefox" : /Chrome\/|Chromium\//.test(userAgent) ? "Chrome" : /Safari\//.test(userAgent) ? "Safari" : "Browser";
  const os = /Windows/.test(userAgent) ? "Windows" : /Mac OS X|Macintosh/.test(userAgent) ? "macOS" : /Android/.test(userAgent) ? "Android" : /iPhone|iPad/.test(userAgent) ? "iOS" : /Linux/.test(userAgent) ? "Linux" : null;
  return os ? `${browser} on ${os}` : browser;
}
