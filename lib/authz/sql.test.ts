import { createMongoAbility } from "@casl/ability";
import { PgDialect } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import { defineAbilityFor, type AppAbility } from "./ability";
import { conditionsMatcher } from "./conditions";
import type { Principal } from "./principal";
import { accessibleWhere } from "./sql";
import { ACTIONS, ROLES, SUBJECTS, type Action, type Role, type SubjectType } from "./vocabulary";

/** The SQL translator on its own (no database): what it produces, and that it fails closed. */
const dialect = new PgDialect();
const render = (ability: AppAbility, action: Action, subject: SubjectType) => dialect.sqlToQuery(accessibleWhere(ability, action, subject));

const byHand = (rules: Parameters<typeof createMongoAbility>[0]) => createMongoAbility(rules, { conditionsMatcher }) as unknown as AppAbility;

const principal = (role: Role, scopePath: string | null): Principal => ({
  userId: "11111111-1111-1111-1111-111111111111",
  name: "T",
  email: "t@example.test",
  enterpriseId: "acme",
  unitNodeId: null,
  locale: "en-GB",
  timeZone: "UTC",
  assignments: [{ id: "a", role, scopeNodeId: "x", scopePath, approvalLimitMinor: null, spendLimitMinor: null, limitCurrency: null, expiresAt: null }],
});

describe("accessibleWhere", () => {
  it("is false when no rule allows the action", () => {
    const ability = defineAbilityFor(principal("billing_viewer", "/acme/"));
    expect(render(ability, "read", "Order").sql).toBe("false");
  });

  it("is true for an unconditional rule", () => {
    const ability = defineAbilityFor(principal("billing_viewer", "/acme/"));
    expect(render(ability, "read", "Offering").sql).toMatch(/true/);
  });

  it("turns $under into an escaped LIKE prefix on account_nodes' path", () => {
    const ability = byHand([{ action: "read", subject: "Site", conditions: { path: { $under: "/a_b/" } } }]);
    const q = render(ability, "read", "Site");
    expect(q.sql).toContain("account_nodes");
    expect(q.sql).toMatch(/like \$1/);
    expect(q.params).toEqual(["/a\\_b/%"]);
  });

  it("keeps a later cannot as a NOT over the allowed rows", () => {
    const ability = byHand([
      { action: "read", subject: "Order", conditions: { path: { $under: "/acme/" } } },
      { action: "read", subject: "Order", inverted: true, conditions: { createdById: "u1" } },
    ]);
    const q = render(ability, "read", "Order");
    expect(q.sql).toMatch(/\(not /);
    expect(q.params).toEqual(expect.arrayContaining(["/acme/%", "u1"]));
  });

  it("fails loudly on a field with no SQL mapping, never opening the list", () => {
    const ability = byHand([{ action: "read", subject: "Offering", conditions: { name: "Fibre" } }]);
    expect(() => accessibleWhere(ability, "read", "Offering")).toThrow(/field "name" of Offering has no SQL mapping/);
    const onOrder = byHand([{ action: "read", subject: "Order", conditions: { poNumber: "PO-1" } }]);
    expect(() => accessibleWhere(onOrder, "read", "Order")).toThrow(/field "poNumber" of Order has no SQL mapping/);
  });

  it("fails loudly on an operator with no SQL translation", () => {
    const regex = byHand([{ action: "read", subject: "Order", conditions: { status: { $regex: "^pend" } } }]);
    expect(() => accessibleWhere(regex, "read", "Order")).toThrow(/operator "regex" has no SQL translation/);
    const exists = byHand([{ action: "read", subject: "Order", conditions: { status: { $exists: true } } }]);
    expect(() => accessibleWhere(exists, "read", "Order")).toThrow(/operator "exists" has no SQL translation/);
  });

  it("translates every condition the real roles use (nothing throws for any role, action or subject)", () => {
    for (const role of ROLES) {
      const ability = defineAbilityFor(principal(role, role === "csp_admin" ? null : "/acme/"));
      for (const action of ACTIONS) for (const subject of SUBJECTS) expect(() => accessibleWhere(ability, action, subject), `${role} ${action} ${subject}`).not.toThrow();
    }
  });
});
