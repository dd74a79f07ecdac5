import "server-only";
import { and, count, desc, eq, type SQL } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { outboxMessages } from "@/db/schema";
import type { AppAbility } from "@/lib/authz/ability";
import { authorizeById } from "@/lib/authz/guard";
import { accessibleWhere } from "@/lib/authz/sql";
import { NotFoundError } from "@/lib/errors";

export const OUTBOX_PAGE_SIZE = 25;

/** Outbox messages the reader may see: mail to people inside its scope (lib/authz decides). */
function visible(ability: AppAbility): SQL {
  return accessibleWhere(ability, "read", "OutboxMessage");
}

/** The development outbox the reader may see, newest first, one page with the total. */
export async function listOutbox(db: Executor, ability: AppAbility, page: number, pageSize = OUTBOX_PAGE_SIZE) {
  const where = visible(ability);
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

/** One message; NotFoundError when it is not visible to the reader. */
export async function getOutboxMessage(db: Executor, ability: AppAbility, id: string) {
  await authorizeById(db, ability, "read", "OutboxMessage", id);
  const [row] = await db.select().from(outboxMessages).where(and(eq(outboxMessages.id, id), visible(ability)));
  if (!row) throw new NotFoundError();
  return row;
}
