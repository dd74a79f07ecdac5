import { describe, expect, it } from "vitest";
import { canCancel, canEdit, commonAncestorPath } from "./rules";

describe("where an order hangs", () => {
  it("is the line's sub-account for one line, the common ancestor for several", () => {
    expect(commonAncestorPath(["/a/uk/ba/lon/"])).toBe("/a/uk/ba/lon/");
    expect(commonAncestorPath(["/a/uk/ba/lon/", "/a/uk/ba/man/"])).toBe("/a/uk/ba/");
    expect(commonAncestorPath(["/a/uk/ba/lon/", "/a/uk/ba/lon/"])).toBe("/a/uk/ba/lon/");
    expect(commonAncestorPath(["/a/uk/ba/lon/", "/a/de/ba/ber/"])).toBe("/a/");
  });
  it("refuses paths of different trees", () => {
    expect(() => commonAncestorPath(["/a/x/", "/b/y/"])).toThrow();
  });
});

describe("lifecycle", () => {
  it("edits drafts only; cancels until the CSP starts work", () => {
    expect(canEdit("draft")).toBe(true);
    expect(canEdit("pending_approval")).toBe(false);
    expect(["draft", "pending_approval", "approved"].every((s) => canCancel(s as never))).toBe(true);
    expect(["in_progress", "completed", "rejected", "cancelled"].some((s) => canCancel(s as never))).toBe(false);
  });
});
