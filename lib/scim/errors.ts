/**
 * SCIM's error vocabulary (RFC 7644 §3.12). Pure, so rules and tests can throw and read it.
 * `scimType` names the kind of 400 (and 409 uniqueness) a client can act on.
 */
export type ScimType = "invalidFilter" | "tooMany" | "uniqueness" | "mutability" | "invalidSyntax" | "invalidPath" | "noTarget" | "invalidValue" | "invalidVers" | "sensitive";

export class ScimError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly scimType?: ScimType,
  ) {
    super(detail);
    this.name = "ScimError";
  }
}

export const invalidFilter = (detail: string) => new ScimError(400, detail, "invalidFilter");
export const invalidSyntax = (detail: string) => new ScimError(400, detail, "invalidSyntax");
export const invalidValue = (detail: string) => new ScimError(400, detail, "invalidValue");
export const invalidPath = (detail: string) => new ScimError(400, detail, "invalidPath");
export const noTarget = (detail: string) => new ScimError(400, detail, "noTarget");
export const mutability = (detail: string) => new ScimError(400, detail, "mutability");
export const uniqueness = (detail: string) => new ScimError(409, detail, "uniqueness");
export const notFound = (detail = "Resource not found") => new ScimError(404, detail);
export const preconditionFailed = () => new ScimError(412, "The resource has changed since the version given in If-Match; read it again.");
