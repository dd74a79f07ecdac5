import { index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { accountNodes } from "./accounts";

/**
 * Mail for the SMTP server, written in the transaction of the change that sends it (a transactional
 * outbox): the instance that made the change sends it right after the commit and deletes the row;
 * `npm run jobs` sends what an instance did not (killed in that instant, or the server refused it),
 * with growing waits. A row holds a mail not yet delivered — a mail's text can carry an invitation
 * link, so a sent mail is not kept, and one given up keeps only its envelope and the last error.
 */
export const mailQueue = pgTable(
  "mail_queue",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    enterpriseId: uuid("enterprise_id").references(() => accountNodes.id),
    toAddress: text("to_address").notNull(),
    toName: text("to_name"),
    subject: text("subject").notNull(),
    text: text("text"),
    html: text("html"),
    purpose: text("purpose"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** Sends so far, each one claimed before it is tried. */
    attempts: integer("attempts").notNull().default(0),
    /** When the sweep may take the row: after a grace for the instance's own send, after a claim's lease, or after a failure's wait. */
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull(),
    lastError: text("last_error"),
    givenUpAt: timestamp("given_up_at", { withTimezone: true }),
  },
  (t) => [index("mail_queue_enterprise_idx").on(t.enterpriseId, t.createdAt), index("mail_queue_due_idx").on(t.nextAttemptAt)],
);
