import { describe, expect, it } from "vitest";
import { listHref, pageWindow, type ListUrlState } from "./href";

const defaults = { sort: "name", firstDir: (sort: string) => (sort === "updated" ? ("desc" as const) : ("asc" as const)) };
const state = (over: Partial<ListUrlState> = {}): ListUrlState => ({ path: "/sites", filters: { q: undefined, country: undefined }, sort: "name", dir: "asc", page: 1, ...over });

describe("listHref", () => {
  it("leaves every default out: the first page of the bare list is its path", () => {
    expect(listHref(state(), defaults)).toBe("/sites");
  });

  it("keeps the filters, the sort and the page that differ from the defaults", () => {
    expect(listHref(state({ filters: { q: "50% off", country: "GB" }, sort: "city", dir: "desc", page: 3 }), defaults)).toBe("/sites?q=50%25+off&country=GB&sort=city&dir=desc&page=3");
  });

  it("starts a new sort on page 1 in the key's own first direction", () => {
    expect(listHref(state({ page: 4 }), defaults, { sort: "updated" })).toBe("/sites?sort=updated");
    expect(listHref(state({ page: 4 }), defaults, { sort: "city" })).toBe("/sites?sort=city");
    expect(listHref(state({ sort: "updated", dir: "desc", page: 2 }), defaults, { sort: "updated", dir: "asc" })).toBe("/sites?sort=updated&dir=asc");
  });

  it("keeps filters and sort when paging, and a changed filter goes back to page 1", () => {
    const s = state({ filters: { q: "lon", country: undefined }, sort: "city", page: 2 });
    expect(listHref(s, defaults, { page: 3 })).toBe("/sites?q=lon&sort=city&page=3");
    expect(listHref(s, defaults, { filters: { country: "GB" } })).toBe("/sites?q=lon&country=GB&sort=city");
    expect(listHref(s, defaults, { page: 1 })).toBe("/sites?q=lon&sort=city");
  });
});

describe("pageWindow", () => {
  it("shows first, last and the neighbours, with gaps", () => {
    expect(pageWindow(1, 1)).toEqual([1]);
    expect(pageWindow(1, 3)).toEqual([1, 2, 3]);
    expect(pageWindow(5, 10)).toEqual([1, "gap", 4, 5, 6, "gap", 10]);
    expect(pageWindow(10, 10)).toEqual([1, "gap", 9, 10]);
    expect(pageWindow(2, 10)).toEqual([1, 2, 3, "gap", 10]);
  });
});
