import { describe, expect, it } from "vitest";
import { childPath, idsOnPath, isUnder, likePrefix, selfAndAncestorPaths } from "./paths";

describe("materialized paths", () => {
  it("a root's path is its id between slashes; a child's extends its parent's", () => {
    expect(childPath(null, "acme")).toBe("/acme/");
    expect(childPath("/acme/", "uk")).toBe("/acme/uk/");
    expect(childPath(childPath(childPath(null, "a"), "b"), "c")).toBe("/a/b/c/");
  });

  it("a node is under itself and under each ancestor, never under a sibling or a child", () => {
    expect(isUnder("/acme/uk/", "/acme/uk/")).toBe(true);
    expect(isUnder("/acme/uk/ba/lon/", "/acme/uk/")).toBe(true);
    expect(isUnder("/acme/uk/", "/acme/")).toBe(true);
    expect(isUnder("/acme/", "/acme/uk/")).toBe(false);
    expect(isUnder("/acme/de/", "/acme/uk/")).toBe(false);
    expect(isUnder("/globex/", "/acme/")).toBe(false);
  });

  it("a shared prefix of ids is not ancestry (the trailing slash matters)", () => {
    expect(isUnder("/acme/ukraine/", "/acme/uk/")).toBe(false);
    expect(isUnder("/acme2/", "/acme/")).toBe(false);
  });

  it("a missing path is under nothing", () => {
    expect(isUnder(null, "/acme/")).toBe(false);
    expect(isUnder(undefined, "/acme/")).toBe(false);
  });

  it("lists a node's own path and its ancestors', root first", () => {
    expect(selfAndAncestorPaths("/acme/uk/ba/")).toEqual(["/acme/", "/acme/uk/", "/acme/uk/ba/"]);
    expect(selfAndAncestorPaths("/acme/")).toEqual(["/acme/"]);
    expect(selfAndAncestorPaths("/")).toEqual([]);
  });

  it("splits a path into its ids", () => {
    expect(idsOnPath("/acme/uk/ba/")).toEqual(["acme", "uk", "ba"]);
    expect(idsOnPath("/")).toEqual([]);
  });

  it("escapes LIKE's wildcards so the path is a literal prefix", () => {
    expect(likePrefix("/acme/uk/")).toBe("/acme/uk/%");
    expect(likePrefix("/a_b/c%d/")).toBe("/a\\_b/c\\%d/%");
    expect(likePrefix("/a\\b/")).toBe("/a\\\\b/%");
  });
});
