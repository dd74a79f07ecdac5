import { describe, expect, it } from "vitest";
import { z } from "zod";
import { enumParam, firstValues, idParam, MAX_PAGE, pageParam, searchParam } from "./params";

describe("the one page-number rule", () => {
  it.each([
    [undefined, 1],
    ["", 1],
    ["3", 3],
    ["0", 1],
    ["-2", 1],
    ["2.5", 1],
    ["1e3", 1000],
    ["abc", 1],
    ["99999999999999999999", 1],
    [String(MAX_PAGE + 1), MAX_PAGE],
  ])("%j → %j", (input, expected) => {
    expect(pageParam.parse(input)).toBe(expected);
  });
});

describe("filters never fail", () => {
  const schema = z.object({ q: searchParam, id: idParam, status: enumParam(["active", "invited"]) });

  it("drops blank and malformed values", () => {
    expect(schema.parse({ q: "   ", id: "not-a-uuid", status: "ghost" })).toEqual({ q: undefined, id: undefined, status: undefined });
  });

  it("cleans a search: control characters become spaces, broken symbols go, trimmed; too long is no search", () => {
    expect(schema.parse({ q: " a\u0000b\uD800 " }).q).toBe("a b");
    expect(schema.parse({ q: "x".repeat(101) }).q).toBeUndefined();
  });

  it("keeps good values", () => {
    expect(schema.parse({ q: "Lon", id: "3b241101-e2bb-4255-8caf-4136c566a962", status: "active" })).toEqual({ q: "Lon", id: "3b241101-e2bb-4255-8caf-4136c566a962", status: "active" });
  });
});

describe("firstValues", () => {
  it("takes the first of repeated keys from page props and URLSearchParams alike", () => {
    expect(firstValues({ q: ["a", "b"], page: "2", empty: [], n: 3, obj: { a: 1 } })).toEqual({ q: "a", page: "2", n: "3" });
    expect(firstValues(new URLSearchParams("q=a&q=b&page=2"))).toEqual({ q: "a", page: "2" });
  });
});
