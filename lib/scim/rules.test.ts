import { describe, expect, it } from "vitest";
import { ScimError } from "./errors";
import { checkIfMatch, etagValues, looseBoolean, notModified, pagingOf, project } from "./rules";
import { groupFieldsOf, userFieldsOf } from "./schemas";

const params = (q: string) => new URLSearchParams(q);

describe("paging", () => {
  it("is 1-based, clamps count to 0..200 and startIndex to at least 1", () => {
    expect(pagingOf(params(""))).toEqual({ startIndex: 1, count: 100 });
    expect(pagingOf(params("startIndex=0&count=-3"))).toEqual({ startIndex: 1, count: 0 });
    expect(pagingOf(params("startIndex=11&count=5000"))).toEqual({ startIndex: 11, count: 200 });
    expect(pagingOf(params("startIndex=99999999999999999999"))).toEqual({ startIndex: 1_000_000_000, count: 100 });
    expect(() => pagingOf(params("count=1.5"))).toThrow(ScimError);
    expect(() => pagingOf(params("startIndex=abc"))).toThrow(ScimError);
  });
});

describe("ETags", () => {
  it("matches weak and strong forms, lists and *; refuses a stale one with 412", () => {
    expect(etagValues('W/"3", "4" ,*')).toEqual(["3", "4", "*"]);
    expect(() => checkIfMatch(null, 3)).not.toThrow();
    expect(() => checkIfMatch('W/"3"', 3)).not.toThrow();
    expect(() => checkIfMatch('"3"', 3)).not.toThrow();
    expect(() => checkIfMatch("*", 3)).not.toThrow();
    try {
      checkIfMatch('W/"2"', 3);
      expect.unreachable();
    } catch (error) {
      expect((error as ScimError).status).toBe(412);
    }
    expect(notModified('W/"3"', 3)).toBe(true);
    expect(notModified('W/"2"', 3)).toBe(false);
  });
});

describe("Entra's booleans", () => {
  it.each([[true, true], ["True", true], ["FALSE", false], [" false ", false], ["yes", null], [1, null], [null, null]])("%j → %j", (input, expected) => {
    expect(looseBoolean(input)).toBe(expected);
  });
});

describe("projection", () => {
  const resource = { schemas: ["s"], id: "1", userName: "u", name: { formatted: "F", givenName: "G" }, members: [{ value: "a", display: "A" }] };
  it("keeps the named attributes plus id and schemas; drops the excluded ones", () => {
    expect(project(resource, ["username"], null)).toEqual({ schemas: ["s"], id: "1", userName: "u" });
    expect(project(resource, ["name.givenname"], null)).toEqual({ schemas: ["s"], id: "1", name: { givenName: "G" } });
    expect(project(resource, null, ["members", "id"])).toEqual({ schemas: ["s"], id: "1", userName: "u", name: { formatted: "F", givenName: "G" } });
  });
});

describe("resources in", () => {
  it("reads a User: userName is the lower-cased e-mail, the name from displayName or its parts", () => {
    expect(userFieldsOf({ userName: "Pat@Example.com", name: { givenName: "Pat", familyName: "Lee" }, active: "False", externalId: " e1 ", locale: "en_US", timezone: "Nowhere/Else" })).toEqual({
      email: "pat@example.com",
      name: "Pat Lee",
      externalId: "e1",
      active: false,
      locale: "en-US",
      timeZone: null,
    });
    expect(userFieldsOf({ userName: "a@b.co" }).name).toBe("a");
    const before = { displayName: "Old", name: { formatted: "Old" } };
    expect(userFieldsOf({ userName: "a@b.co", displayName: "Old", name: { formatted: "New" } }, before).name).toBe("New");
    for (const bad of [null, [], { userName: "" }, { userName: "nope" }, { userName: 7 }, { userName: "a@b.co", active: "maybe" }, { userName: "a@b.co", displayName: "x\u0007" }, { userName: "a@b.co", schemas: ["other"] }]) {
      expect(() => userFieldsOf(bad)).toThrow(ScimError);
    }
  });

  it("reads a Group: members are user ids, deduplicated", () => {
    const id = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
    expect(groupFieldsOf({ displayName: "G", members: [{ value: id.toUpperCase() }, { value: id }] })).toEqual({ displayName: "G", externalId: null, members: [id] });
    expect(groupFieldsOf({ displayName: "G" }).members).toBeNull();
    expect(() => groupFieldsOf({ displayName: "G", members: [{ value: "x" }] })).toThrow(ScimError);
    expect(() => groupFieldsOf({ members: [] })).toThrow(ScimError);
  });
});
