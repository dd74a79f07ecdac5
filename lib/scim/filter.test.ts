import { sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import { ScimError } from "./errors";
import { filterToSql, type FilterSchema } from "./filter";

const dialect = new PgDialect();
const render = (filter: string) => dialect.sqlToQuery(filterToSql(filter, SCHEMA));

const SCHEMA: FilterSchema = {
  urns: ["urn:ietf:params:scim:schemas:core:2.0:User"],
  attrs: {
    id: { type: "uuid", sql: sql.raw("u.id") },
    username: { type: "string", sql: sql.raw("u.email") },
    externalid: { type: "string", sql: sql.raw("u.external_id"), caseExact: true },
    active: { type: "boolean", sql: sql.raw("(u.status <> 'deactivated')") },
    "meta.lastmodified": { type: "dateTime", sql: sql.raw("u.updated_at") },
    "emails.value": { type: "string", sql: sql.raw("u.email") },
    members: { type: "custom", compare: (op, value) => sql`member(${op}, ${String(value)})` },
  },
  valuePaths: { emails: { urns: [], attrs: { value: { type: "string", sql: sql.raw("u.email") }, type: { type: "string", sql: sql.raw("'work'") } } } },
};

function scimTypeOf(filter: string): string | undefined {
  try {
    filterToSql(filter, SCHEMA);
  } catch (error) {
    expect(error).toBeInstanceOf(ScimError);
    return `${(error as ScimError).status} ${(error as ScimError).scimType}`;
  }
  return undefined;
}

describe("SCIM filter → SQL", () => {
  it.each([
    ['userName eq "Alice@Example.com"', "coalesce(lower(u.email) = $1, false)", ["alice@example.com"]],
    ['userName ne "a"', "coalesce(lower(u.email) <> $1, true)", ["a"]],
    ['userName co "li%c_"', "coalesce(lower(u.email) like $1, false)", ["%li\\%c\\_%"]],
    ['userName sw "al"', "coalesce(lower(u.email) like $1, false)", ["al%"]],
    ['userName ew ".com"', "coalesce(lower(u.email) like $1, false)", ["%.com"]],
    ['userName gt "m"', "coalesce(lower(u.email) > $1, false)", ["m"]],
    ['externalId eq "AbC"', "coalesce(u.external_id = $1, false)", ["AbC"]],
    ["externalId pr", "coalesce(u.external_id <> '', false)", []],
    ["externalId eq null", "(not coalesce(u.external_id <> '', false))", []],
    ["active eq true", "coalesce((u.status <> 'deactivated') = $1, false)", [true]],
    ['active eq "False"', "coalesce((u.status <> 'deactivated') = $1, false)", [false]],
    ['meta.lastModified ge "2026-01-31T12:00:00Z"', "coalesce(u.updated_at >= $1::timestamptz, false)", ["2026-01-31T12:00:00.000Z"]],
    ['id eq "3F2504E0-4F89-11D3-9A0C-0305E82C3301"', "coalesce(u.id = $1::uuid, false)", ["3F2504E0-4F89-11D3-9A0C-0305E82C3301"]],
    ['id eq "nope"', "false", []],
    ['urn:ietf:params:scim:schemas:core:2.0:User:userName eq "x"', "coalesce(lower(u.email) = $1, false)", ["x"]],
    ['USERNAME eq "x"', "coalesce(lower(u.email) = $1, false)", ["x"]],
    ['members eq "m1"', "member($1, $2)", ["eq", "m1"]],
  ])("%s", (filter, expected, params) => {
    const q = render(filter);
    expect(q.sql).toBe(expected);
    expect(q.params).toEqual(params);
  });

  it("combines with and, or, not and value filters, keeping every leaf two-valued", () => {
    const q = render('userName eq "a" or (externalId pr and not (active eq false))');
    expect(q.sql).toBe("(coalesce(lower(u.email) = $1, false) or (coalesce(u.external_id <> '', false) and (not coalesce((u.status <> 'deactivated') = $2, false))))");
    expect(render('emails[type eq "work" and value co "@x"]').sql).toBe("(coalesce(lower('work') = $1, false) and coalesce(lower(u.email) like $2, false))");
    // The library turns emails[type eq "work"].value eq "v" into the value filter and emails.value.
    expect(render('emails[type eq "work"].value eq "v"').sql).toBe("(coalesce(lower('work') = $1, false) and coalesce(lower(u.email) = $2, false))");
  });

  it("refuses what it cannot translate with 400 invalidFilter, never matching everything", () => {
    expect(scimTypeOf('title eq "x"')).toBe("400 invalidFilter");
    expect(scimTypeOf('name.givenName eq "x"')).toBe("400 invalidFilter");
    expect(scimTypeOf('addresses[type eq "work"]')).toBe("400 invalidFilter");
    expect(scimTypeOf('emails[display eq "x"]')).toBe("400 invalidFilter");
    expect(scimTypeOf("userName eq")).toBe("400 invalidFilter");
    expect(scimTypeOf('userName eq "a" and')).toBe("400 invalidFilter");
    expect(scimTypeOf("active gt true")).toBe("400 invalidFilter");
    expect(scimTypeOf('active eq "maybe"')).toBe("400 invalidFilter");
    expect(scimTypeOf("userName eq true")).toBe("400 invalidFilter");
    expect(scimTypeOf('meta.lastModified gt "soon"')).toBe("400 invalidFilter");
    expect(scimTypeOf('meta.lastModified co "2026"')).toBe("400 invalidFilter");
    expect(scimTypeOf('userName gt null')).toBe("400 invalidFilter");
    expect(scimTypeOf(`userName eq "${"x".repeat(5000)}"`)).toBe("400 invalidFilter");
    expect(scimTypeOf('toString eq "x"')).toBe("400 invalidFilter");
  });
});
