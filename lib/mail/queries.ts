import "server-only";
import { and, count, desc, eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { outboxMessages } from "@/db/schema";
import type { AppAbility } from "@/lib/authz/ability";
import { authorizeById } from "@/lib/authz/guard";
import { accessibleWhere } from "@/lib/authz/sql";

export const OUTBOX_PAGE_SIZE = 25;

/** The development outbox the ability may read, newest first, one page with the total. */
export async function listOutbox(db: Executor, ability: AppAbility, page: number, pageSize = OUTBOX_PAGE_SIZE) {
  const where = accessibleWhere(ability, "read", "OutboxMessage");
  const [rows, [total]] = await Promise.all([
    db
      .select({ id: outboxMessages.id, to: outboxMessages.to, subject: outboxMessages.subject, createdAt: outboxMessages.createdAt })
      .from(outboxMessages)
      .where(where)
      .orderBy(desc(outboxMessages.createdAt), desc(outboxMessages.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(outboxMessages).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/** One message; 404 (NotFoundError) when it is not readable. */
export async function getOutboxMessage(db: Executor, ability: AppAbility, id: string) {
  await authorizeById(db, ability, "read", "OutboxMessage", id);
  const [row] = await db.select().from(outboxMessages).where(and(eq(outboxMessages.id, id), accessibleWhere(ability, "read", "OutboxMessage")));
  return row!;
}
