import "server-only";
import { asc, count, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { accountNodes, sites } from "@/db/schema";
import { defineList, direction } from "@/lib/list/define";
import { idParam, optionalParam, searchParam } from "@/lib/list/params";
import { containsPattern, matchesAny } from "@/lib/list/search";

/** The sites list: sites the ability may read, searched by name, city or postcode (spaces in a postcode do not matter). */
export const sitesList = defineList({
  path: "/sites",
  subject: "Site",
  filters: {
    q: searchParam,
    country: optionalParam(z.string().regex(/^[A-Z]{2}$/)),
    subAccount: idParam,
  },
  sorts: {
    name: { by: (d) => [direction(d)(sql`lower(${sites.name})`)] },
    city: { by: (d) => [direction(d)(sql`lower(${sites.city})`)] },
    country: { by: (d) => [direction(d)(sites.countryCode)] },
    subaccount: { by: (d) => [direction(d)(sql`lower(${accountNodes.name})`)] },
    updated: { by: (d) => [direction(d)(sites.updatedAt)], first: "desc" },
  },
  defaultSort: "name",
  tiebreak: () => [asc(sites.id)],
  pageSize: 25,
  where: (f) => [
    f.q ? sql`(${matchesAny(f.q, [sites.name, sites.city, sites.postcode])} or replace(${sites.postcode}, ' ', '') ilike ${containsPattern(f.q.replace(/\s+/g, ""))})` : undefined,
    f.country ? eq(sites.countryCode, f.country) : undefined,
    f.subAccount ? eq(sites.subAccountId, f.subAccount) : undefined,
  ],
  rows: (db, q) =>
    db
      .select({
        id: sites.id,
        name: sites.name,
        addressLine1: sites.addressLine1,
        city: sites.city,
        postcode: sites.postcode,
        countryCode: sites.countryCode,
        contactName: sites.contactName,
        contactEmail: sites.contactEmail,
        updatedAt: sites.updatedAt,
        subAccountId: sites.subAccountId,
        subAccountName: accountNodes.name,
      })
      .from(sites)
      .innerJoin(accountNodes, eq(accountNodes.id, sites.subAccountId))
      .where(q.where)
      .orderBy(...q.orderBy)
      .limit(q.limit)
      .offset(q.offset),
  count: async (db, where) => (await db.select({ n: count() }).from(sites).where(where))[0]?.n ?? 0,
  keyset: {
    dir: "asc",
    keys: [
      { expr: sql`lower(${sites.name})`, value: (r) => sql`lower(${r.name})` },
      { expr: sites.id, value: (r) => sql`${r.id}::uuid` },
    ],
  },
});
