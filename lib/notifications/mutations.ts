import "server-only";
import { and, inArray, isNull } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { notifications } from "@/db/schema";
import { accessibleWhere } from "@/lib/authz/sql";
import type { Ctx } from "@/lib/context";

/** Marks the viewer's notifications read: the given ones, or all. Someone else's ids change nothing. */
export async function markNotificationsRead(db: Executor, ctx: Ctx, ids: string[] | "all", now = new Date()): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: now })
    .where(and(accessibleWhere(ctx.ability, "update", "Notification"), isNull(notifications.readAt), ids === "all" ? undefined : inArray(notifications.id, ids.length ? ids : ["00000000-0000-0000-0000-000000000000"])))
    .returning({ id: notifications.id });
  return rows.length;
}
