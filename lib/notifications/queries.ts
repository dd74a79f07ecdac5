import "server-only";
import { and, count, desc, isNull } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { notifications } from "@/db/schema";
import type { AppAbility } from "@/lib/authz/ability";
import { accessibleWhere } from "@/lib/authz/sql";

export type NotificationItem = { id: string; kind: string; title: string; body: string; href: string | null; createdAt: string; read: boolean };

/** The bell: how many of the viewer's notifications are unread, and the latest ones. Only one's own (the ability). */
export async function myNotifications(db: Executor, ability: AppAbility, limit = 15): Promise<{ unread: number; items: NotificationItem[] }> {
  const mine = accessibleWhere(ability, "read", "Notification");
  const [[unread], rows] = await Promise.all([
    db.select({ n: count() }).from(notifications).where(and(mine, isNull(notifications.readAt))),
    db
      .select({ id: notifications.id, kind: notifications.kind, title: notifications.title, body: notifications.body, href: notifications.href, createdAt: notifications.createdAt, readAt: notifications.readAt })
      .from(notifications)
      .where(mine)
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(limit),
  ]);
  return {
    unread: unread?.n ?? 0,
    items: rows.map(({ readAt, createdAt, ...r }) => ({ ...r, createdAt: createdAt.toISOString(), read: readAt !== null })),
  };
}
