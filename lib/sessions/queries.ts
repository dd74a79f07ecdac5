import "server-only";
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { userSessions } from "@/db/schema";
import type { AppAbility } from "@/lib/authz/ability";
import { accessibleWhere } from "@/lib/authz/sql";
import { env } from "@/lib/env";
import { describeAgent } from "./rules";

export type OpenSession = { id: string; device: string; address: string | null; createdAt: Date; lastSeenAt: Date; expiresAt: Date; current: boolean };

/** A user's open sessions (not ended, within lifetime and idle timeout) the ability may read, newest first. */
export async function openSessions(db: Executor, ability: AppAbility, userId: string, currentId: string | null, now = new Date()): Promise<OpenSession[]> {
  const idleSince = new Date(now.getTime() - env().SESSION_IDLE_MINUTES * 60_000);
  const rows = await db
    .select({ id: userSessions.id, userAgent: userSessions.userAgent, address: userSessions.ipAddress, createdAt: userSessions.createdAt, lastSeenAt: userSessions.lastSeenAt, expiresAt: userSessions.expiresAt })
    .from(userSessions)
    .where(and(eq(userSessions.userId, userId), isNull(userSessions.endedAt), gt(userSessions.expiresAt, now), gt(userSessions.lastSeenAt, idleSince), accessibleWhere(ability, "read", "Session")))
    .orderBy(desc(userSessions.lastSeenAt))
    .limit(100);
  return rows.map((r) => ({ id: r.id, device: describeAgent(r.userAgent), address: r.address, createdAt: r.createdAt, lastSeenAt: r.lastSeenAt, expiresAt: r.expiresAt, current: r.id === currentId }));
}
