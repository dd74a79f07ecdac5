import { createHash, randomBytes } from "node:crypto";

/**
 * Invitation tokens: 32 random bytes, base64url (43 characters). Only the SHA-256 of a token is
 * stored, so a copy of the database does not hold working links. Pure helpers, unit-tested.
 */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newInvitationToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashInvitationToken(token) };
}

export function hashInvitationToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Whether a string could be a token at all (anything else is answered "no longer valid" at once). */
export function isWellFormedToken(value: unknown): value is string {
  return typeof value === "string" && TOKEN_PATTERN.test(value);
}

export type InvitationState = "pending" | "expired" | "revoked" | "accepted";

/** Accepted and revoked are final; a pending invitation expires by itself at `expiresAt`. */
export function invitationState(inv: { expiresAt: Date; acceptedAt: Date | null; revokedAt: Date | null }, now = new Date()): InvitationState {
  if (inv.acceptedAt) return "accepted";
  if (inv.revokedAt) return "revoked";
  if (inv.expiresAt.getTime() <= now.getTime()) return "expired";
  return "pending";
}

export function invitationExpiry(now: Date, ttlHours: number): Date {
  return new Date(now.getTime() + ttlHours * 60 * 60 * 1000);
}

export function invitationLink(origin: string, token: string): string {
  return `${origin.replace(/\/+$/, "")}/invitations/${token}`;
}
