import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { accountNodes } from "./accounts";
import { ticketStatus } from "./enums";
import { services } from "./orders";
import { sites } from "./sites";
import { users } from "./users";

/** A trouble ticket (TMF621) raised by a technical admin about a site or service. */
export const troubleTickets = pgTable(
  "trouble_tickets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    enterpriseId: uuid("enterprise_id")
      .notNull()
      .references(() => accountNodes.id),
    siteId: uuid("site_id")
      .notNull()
      .references(() => sites.id),
    // The site's sub-account, kept on the ticket so scope checks need no second join.
    nodeId: uuid("node_id")
      .notNull()
      .references(() => accountNodes.id),
    serviceId: uuid("service_id").references(() => services.id),
    raisedById: uuid("raised_by_id")
      .notNull()
      .references(() => users.id),
    title: text("title").notNull(),
    description: text("description").notNull(),
    status: ticketStatus("status").notNull().default("open"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  // The scope filter reaches a ticket through its node (lib/authz/subjects.ts), within the tenant.
  (t) => [index("trouble_tickets_site_idx").on(t.siteId), index("trouble_tickets_enterprise_idx").on(t.enterpriseId, t.nodeId)],
);
