import "server-only";
import { asc, count, desc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { accountNodes, contracts } from "@/db/schema";
import { defineList, direction } from "@/lib/list/define";
import { enumParam, searchParam } from "@/lib/list/params";
import { matchesAny } from "@/lib/list/search";
import { CONTRACT_STATUSES } from "./labels";

const enterprise = alias(accountNodes, "enterprise");

/**
 * The contracts list: every version the ability may read (customers: the agreements covering
 * their scope; account managers: their enterprises' contracts, drafts included; CSP administrators:
 * all), by reference, newest version first; searched by reference, name or customer.
 */
export const contractsList = defineList({
  path: "/contracts",
  subject: "Contract",
  filters: {
    q: searchParam,
    status: enumParam(CONTRACT_STATUSES),
  },
  sorts: {
    reference: { by: (d) => [direction(d)(contracts.reference), desc(contracts.version)] },
    name: { by: (d) => [direction(d)(sql`lower(${contracts.name})`)] },
    customer: { by: (d) => [direction(d)(sql`lower(${accountNodes.name})`)] },
    ends: { by: (d) => [direction(d)(contracts.endsOn)] },
    status: { by: (d) => [direction(d)(sql`array_position(array['draft','active','superseded','expired','terminated']::contract_status[], ${contracts.status})`)] },
  },
  defaultSort: "reference",
  tiebreak: () => [desc(contracts.version), asc(contracts.id)],
  pageSize: 25,
  where: (f) => [
    f.q ? matchesAny(f.q, [contracts.reference, contracts.name, accountNodes.name]) : undefined,
    f.status ? eq(contracts.status, f.status) : undefined,
  ],
  rows: (db, q) =>
    db
      .select({
        id: contracts.id,
        reference: contracts.reference,
        version: contracts.version,
        name: contracts.name,
        status: contracts.status,
        slaTier: contracts.slaTier,
        paymentTerms: contracts.paymentTerms,
        startsOn: contracts.startsOn,
        endsOn: contracts.endsOn,
        nodeName: accountNodes.name,
        enterpriseName: enterprise.name,
      })
      .from(contracts)
      .innerJoin(accountNodes, eq(accountNodes.id, contracts.nodeId))
      .innerJoin(enterprise, eq(enterprise.id, contracts.enterpriseId))
      .where(q.where)
      .orderBy(...q.orderBy)
      .limit(q.limit)
      .offset(q.offset),
  count: async (db, where) => (await db.select({ n: count() }).from(contracts).innerJoin(accountNodes, eq(accountNodes.id, contracts.nodeId)).where(where))[0]?.n ?? 0,
});
