import "server-only";
import { and, count, desc, eq, sql, type SQL } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { outboxMessages } from "@/db/schema";
import type { AppAbility } from "@/lib/authz/ability";
import { authorizeById } from "@/lib/authz/guard";
import { accessibleWhere } from "@/lib/authz/sql";
import { NotFoundError } from "@/lib/errors";

export const OUTBOX_PAGE_SIZE = 25;

/**
 * Which outbox messages a reader sees: those the ability allows (the reader's enterprise), and of
 * them only mail to people the reader may read. An invitation mail carries a working link that sets
 * the recipient's password, so an admin of one subtree must not see the mail of people outside it.
 */
function visible(ability: AppAbility): SQL {
  return and(
    accessibleWhere(ability, "read", "OutboxMessage"),
    sql`exists (select 1 from users where users.email = ${outboxMessages.to} and ${accessibleWhere(ability, "read", "User")})`,
  )!;
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
