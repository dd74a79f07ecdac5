import "server-only";
import { and, count, desc, eq, gt, isNull } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { userSessions } from "@/db/schema";
import type { AppAbility } from "@/lib/authz/ability";
import { accessibleWhere } from "@/lib/authz/sql";
import { env } from "@/lib/env";
import { describeAgent } from "./rules";

export type OpenSession = { id: string; device: string; address: string | null; createdAt: Date; lastSeenAt: Date; expiresAt: Date; current: boolean };

/** A user's open sessions (not ended, within lifetime and idle timeout) that the ability may read. */
function openAndReadable(ability: AppAbility, userId: string, now: Date) {
  const idleSince = new Date(now.getTime() - env().SESSION_IDLE_MINUTES * 60_000);
  return and(eq(userSessions.userId, userId), isNull(userSessions.endedAt), gt(userSessions.expiresAt, now), gt(userSessions.lastSeenAt, idleSince), accessibleWhere(ability, "read", "Session"));
}

/** How many open sessions of a user the ability may read (for the admin's "end sessions" control). */
export async function openSessionCount(db: Executor, ability: AppAbility, userId: string, now = new Date()): Promise<number> {
  const [row] = await db.select({ n: count() }).from(userSessions).where(openAndReadable(ability, userId, now));
  return row?.n ?? 0;
}

/** A user's open sessions the ability may read, most recently active first. */
export async function openSessions(db: Executor, ability: AppAbility, userId: string, currentId: string | null, now = new Date()): Promise<OpenSession[]> {
  const rows = await db
    .select({ id: userSessions.id, userAgent: userSessions.userAgent, address: userSessions.ipAddress, createdAt: userSessions.createdAt, lastSeenAt: userSessions.lastSeenAt, expiresAt: userSessions.expiresAt })
    .from(userSessions)
    .where(openAndReadable(ability, userId, now))
    .orderBy(desc(userSessions.lastSeenAt))
    .limit(100);
  return rows.map((r) => ({ id: r.id, device: describeAgent(r.userAgent), address: r.address, createdAt: r.createdAt, lastSeenAt: r.lastSeenAt, expiresAt: r.expiresAt, current: r.id === currentId }));
}
