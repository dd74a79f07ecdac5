import { describe, expect, it } from "vitest";
import { ScimError } from "./errors";
import { applyPatch, parsePatchRequest, type Json, type PatchOp } from "./patch";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const options = { urns: [USER], ignoredUrns: [ENTERPRISE], canonical: ["userName", "displayName", "name", "active", "emails", "externalId", "members"] };

const user = (): Json => ({
  schemas: [USER],
  id: "u1",
  userName: "pat@example.com",
  displayName: "Pat Lee",
  name: { formatted: "Pat Lee" },
  active: true,
  emails: [{ value: "pat@example.com", type: "work", primary: true }],
  externalId: "x1",
});
const group = (): Json => ({ id: "g1", displayName: "Sales", members: [{ value: "a" }, { value: "b" }] });

const patch = (resource: Json, ops: (Omit<PatchOp, "op"> & { op: string })[]) => applyPatch(resource, ops as PatchOp[], options);
function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ScimError);
    return `${(error as ScimError).status} ${(error as ScimError).scimType}`;
  }
  return "no error";
}

describe("PATCH request", () => {
  it("reads Entra's capitalised ops and Okta's lower-case ones", () => {
    const ops = parsePatchRequest({ schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "Replace", path: "active", value: "False" }, { op: "add", value: { displayName: "x" } }, { op: "REMOVE", path: "externalId" }] });
    expect(ops.map((o) => o.op)).toEqual(["replace", "add", "remove"]);
  });

  it("refuses what is not a PatchOp with 400", () => {
    expect(errorOf(() => parsePatchRequest([]))).toBe("400 invalidSyntax");
    expect(errorOf(() => parsePatchRequest({ schemas: ["x"], Operations: [{ op: "add", value: 1 }] }))).toBe("400 invalidSyntax");
    expect(errorOf(() => parsePatchRequest({ Operations: [] }))).toBe("400 invalidSyntax");
    expect(errorOf(() => parsePatchRequest({ Operations: [{ op: "move", path: "a" }] }))).toBe("400 invalidSyntax");
    expect(errorOf(() => parsePatchRequest({ Operations: [{ op: "add", path: "a" }] }))).toBe("400 invalidValue");
    expect(errorOf(() => parsePatchRequest({ Operations: [{ op: "add", path: 7, value: 1 }] }))).toBe("400 invalidPath");
    expect(errorOf(() => parsePatchRequest({ Operations: Array.from({ length: 1001 }, () => ({ op: "remove", path: "a" })) }))).toBe("400 invalidSyntax");
  });
});

describe("applying PATCH operations", () => {
  it("replaces attributes by path, case-insensitively, and leaves the input alone", () => {
    const before = user();
    const after = patch(before, [{ op: "replace", path: "DisplayName", value: "Patricia" }, { op: "replace", path: `${USER}:active`, value: "False" }]);
    expect(after).toMatchObject({ displayName: "Patricia", active: "False" });
    expect(before.displayName).toBe("Pat Lee");
  });

  it("applies a value object without a path, its keys being paths (Entra), ignoring read-only and extension attributes", () => {
    const after = patch(user(), [{ op: "replace", value: { displayName: "P", "name.givenName": "Pat", id: "other", [ENTERPRISE]: { department: "x" }, [`${ENTERPRISE}:department`]: "y" } }]);
    expect(after).toMatchObject({ id: "u1", displayName: "P", name: { formatted: "Pat Lee", givenName: "Pat" } });
    expect(Object.keys(after)).not.toContain(ENTERPRISE);
  });

  it("merges sub-attributes of a complex attribute on replace (RFC 7644 §3.5.2.3)", () => {
    expect(patch(user(), [{ op: "replace", path: "name", value: { familyName: "Lee" } }]).name).toEqual({ formatted: "Pat Lee", familyName: "Lee" });
  });

  it("sets emails[type eq \"work\"].value, creating the work address when there is none", () => {
    expect(patch(user(), [{ op: "replace", path: 'emails[type eq "work"].value', value: "new@example.com" }]).emails).toEqual([{ value: "new@example.com", type: "work", primary: true }]);
    expect(patch({ ...user(), emails: [] }, [{ op: "add", path: 'emails[type eq "Work"].value', value: "n@example.com" }]).emails).toEqual([{ type: "Work", value: "n@example.com" }]);
    expect(errorOf(() => patch(user(), [{ op: "replace", path: 'emails[value co "zzz"].value', value: "x" }]))).toBe("400 noTarget");
  });

  it("removes attributes and filtered values; removing what is not there changes nothing", () => {
    const after = patch(user(), [{ op: "remove", path: "externalId" }, { op: "remove", path: "name.formatted" }]);
    expect(after.externalId).toBeUndefined();
    expect(after.name).toEqual({});
    expect(patch(group(), [{ op: "Remove", path: 'members[value eq "a"]' }]).members).toEqual([{ value: "b" }]);
    expect(patch(group(), [{ op: "remove", path: 'members[value eq "zz"]' }]).members).toEqual([{ value: "a" }, { value: "b" }]);
  });

  it("adds members without duplicates, removes the ones named in the value (Entra), replaces the list", () => {
    expect(patch(group(), [{ op: "Add", path: "members", value: [{ value: "b" }, { value: "c" }] }]).members).toEqual([{ value: "a" }, { value: "b" }, { value: "c" }]);
    expect(patch(group(), [{ op: "Remove", path: "members", value: [{ value: "A" }] }]).members).toEqual([{ value: "b" }]);
    expect(patch(group(), [{ op: "remove", path: "members" }]).members).toBeUndefined();
    expect(patch(group(), [{ op: "replace", path: "members", value: [{ value: "z" }] }]).members).toEqual([{ value: "z" }]);
    expect(patch({ id: "g", displayName: "x" }, [{ op: "add", path: "members", value: [{ value: "z" }] }]).members).toEqual([{ value: "z" }]);
    expect(patch(group(), [{ op: "replace", value: { displayName: "Renamed", id: "g1" } }]).displayName).toBe("Renamed");
  });

  it("refuses a remove without a path, a read-only target and a malformed path", () => {
    expect(errorOf(() => patch(user(), [{ op: "remove" }]))).toBe("400 noTarget");
    expect(errorOf(() => patch(user(), [{ op: "replace", path: "id", value: "x" }]))).toBe("400 mutability");
    expect(errorOf(() => patch(user(), [{ op: "replace", path: "meta.created", value: "x" }]))).toBe("400 mutability");
    expect(errorOf(() => patch(user(), [{ op: "replace", path: "a.b.c", value: 1 }]))).toBe("400 invalidPath");
    expect(errorOf(() => patch(user(), [{ op: "replace", path: 'emails[type eq "work"', value: 1 }]))).toBe("400 invalidPath");
    expect(errorOf(() => patch(user(), [{ op: "replace", path: "emails[type eq]", value: 1 }]))).toBe("400 invalidPath");
    expect(errorOf(() => patch(user(), [{ op: "add", value: "x" }]))).toBe("400 invalidValue");
  });
});
