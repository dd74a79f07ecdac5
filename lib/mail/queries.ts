import "server-only";
import { and, eq, type SQL } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { outboxMessages } from "@/db/schema";
import type { AppAbility } from "@/lib/authz/ability";
import { authorizeById } from "@/lib/authz/guard";
import { accessibleWhere } from "@/lib/authz/sql";
import { NotFoundError } from "@/lib/errors";

/** Outbox messages the reader may see: mail to people inside its scope (lib/authz decides). */
function visible(ability: AppAbility): SQL {
  return accessibleWhere(ability, "read", "OutboxMessage");
}

/** One message; NotFoundError when it is not visible to the reader. */
export async function getOutboxMessage(db: Executor, ability: AppAbility, id: string) {
  await authorizeById(db, ability, "read", "OutboxMessage", id);
  const [row] = await db.select().from(outboxMessages).where(and(eq(outboxMessages.id, id), visible(ability)));
  if (!row) throw new NotFoundError();
  return row;
}
