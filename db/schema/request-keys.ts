import { jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { accountNodes } from "./accounts";
import { users } from "./users";

/**
 * Idempotency keys: a request that creates or submits something carries a key; the first one
 * records its result in the same transaction as the change, and a retry (double click, a replayed
 * request) gets that result back instead of doing it again. A key belongs to the enterprise of the
 * person making the request (CSP staff have none, and make no such request), so it is written with
 * the change it guards in one tenant (ADR 17); a person is in one enterprise, so the key is still
 * unique per person.
 */
export const requestKeys = pgTable(
  "request_keys",
  {
    enterpriseId: uuid("enterprise_id")
      .notNull()
      .references(() => accountNodes.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    key: text("key").notNull(),
    action: text("action").notNull(),
    result: jsonb("result").$type<unknown>(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.enterpriseId, t.userId, t.key] })],
);
