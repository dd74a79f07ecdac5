import { jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

/**
 * Idempotency keys: a request that creates or submits something carries a key; the first one
 * records its result in the same transaction as the change, and a retry (double click, a replayed
 * request) gets that result back instead of doing it again.
 */
export const requestKeys = pgTable(
  "request_keys",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    key: text("key").notNull(),
    action: text("action").notNull(),
    result: jsonb("result").$type<unknown>(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] })],
);
