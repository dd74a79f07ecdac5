import { describe, expect, it } from "vitest";
import { buildForest, type FlatNode, type TreeNode } from "./tree";

const n = (id: string, parentId: string | null, path: string, name: string): FlatNode => ({ id, parentId, path, name });

const acme = [
  n("acme", null, "/acme/", "Acme Corp"),
  n("uk", "acme", "/acme/uk/", "Acme UK Ltd"),
  n("de", "acme", "/acme/de/", "Acme Germany GmbH"),
  n("ukba", "uk", "/acme/uk/ukba/", "Acme UK Billing"),
  n("man", "ukba", "/acme/uk/ukba/man/", "Manchester Branch"),
  n("lon", "ukba", "/acme/uk/ukba/lon/", "London HQ"),
  n("edi", "ukba", "/acme/uk/ukba/edi/", "Edinburgh Data Centre"),
];

/** The forest as nested names, for readable expectations. */
const shape = <T extends FlatNode>(forest: TreeNode<T>[]): unknown => forest.map((t) => (t.children.length ? { [t.name]: shape(t.children) } : t.name));

describe("buildForest", () => {
  it("nests nodes under their parents, children sorted by name", () => {
    expect(shape(buildForest(acme))).toEqual([
      { "Acme Corp": ["Acme Germany GmbH", { "Acme UK Ltd": [{ "Acme UK Billing": ["Edinburgh Data Centre", "London HQ", "Manchester Branch"] }] }] },
    ]);
  });

  it("does not depend on the input order", () => {
    const shuffled = [acme[5], acme[3], acme[0], acme[6], acme[2], acme[4], acme[1]] as FlatNode[];
    expect(shape(buildForest(shuffled))).toEqual(shape(buildForest(acme)));
  });

  it("makes a node whose parent is absent a root: a scoped user's subtree", () => {
    const ukOnly = acme.filter((x) => x.path.startsWith("/acme/uk/"));
    const forest = buildForest(ukOnly);
    expect(forest.map((t) => t.name)).toEqual(["Acme UK Ltd"]);
    expect(forest[0]!.children[0]!.children.map((t) => t.name)).toEqual(["Edinburgh Data Centre", "London HQ", "Manchester Branch"]);
  });

  it("gives several roots, sorted by name, when scopes are disjoint", () => {
    const forest = buildForest([acme[4]!, acme[2]!, acme[5]!]);
    expect(forest.map((t) => t.name)).toEqual(["Acme Germany GmbH", "London HQ", "Manchester Branch"]);
    expect(forest.every((t) => t.children.length === 0)).toBe(true);
  });

  it("keeps each node's own fields and does not change its input", () => {
    const input = acme.map((x) => ({ ...x, kind: "k" }));
    const before = JSON.stringify(input);
    const forest = buildForest(input);
    expect(forest[0]).toMatchObject({ id: "acme", kind: "k", path: "/acme/" });
    expect(JSON.stringify(input)).toBe(before);
  });

  it("is empty for no nodes", () => {
    expect(buildForest([])).toEqual([]);
  });
});
