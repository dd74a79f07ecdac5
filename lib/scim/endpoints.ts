import "server-only";
import { SCIM_USER } from "./constants";
import { listOf, resourceTypes, schemas, serviceProviderConfig } from "./discovery";
import { notFound, ScimError } from "./errors";
import { createGroup, deleteGroup, getGroupRow, groupResource, listGroups, patchGroup, replaceGroup } from "./groups";
import { readScimBody, scimResponse, scimRoute, type ScimContext } from "./http";
import { attributeList, etagOf, notModified, project } from "./rules";
import { createUser, deleteUser, getUserRow, listUsers, patchUser, replaceUser, toScimUser } from "./users";

/**
 * The SCIM endpoints under /api/scim/v2, as route handlers: app/api/scim/v2/** only re-exports
 * them. Each is wrapped by scimRoute (bearer token, SCIM error bodies).
 */
type Id = { id: string };

const searchOf = (req: Request) => new URL(req.url).searchParams;

function userBody(ctx: ScimContext, req: Request, row: Parameters<typeof toScimUser>[0]) {
  const params = searchOf(req);
  return project(toScimUser(row, ctx.base), attributeList(params.get("attributes"), [SCIM_USER]), attributeList(params.get("excludedAttributes"), [SCIM_USER]));
}

function withVersion(body: unknown, version: number, status = 200, location?: string) {
  return scimResponse(body, { status, headers: { ETag: etagOf(version), ...(location ? { Location: location } : {}) } });
}

export const users = {
  GET: scimRoute(async (req, ctx) => scimResponse(await listUsers(ctx, searchOf(req)))),
  POST: scimRoute(async (req, ctx) => {
    const row = await createUser(ctx, await readScimBody(req));
    return withVersion(userBody(ctx, req, row), row.version, 201, `${ctx.base}/Users/${row.id}`);
  }),
};

export const user = {
  GET: scimRoute<Id>(async (req, ctx, { id }) => {
    const row = await getUserRow(ctx, ctx.db, id);
    if (notModified(req.headers.get("if-none-match"), row.version)) return scimResponse(null, { status: 304, headers: { ETag: etagOf(row.version) } });
    return withVersion(userBody(ctx, req, row), row.version);
  }),
  PUT: scimRoute<Id>(async (req, ctx, { id }) => {
    const body = await readScimBody(req);
    const row = await replaceUser(ctx, id, body, req.headers.get("if-match"));
    return withVersion(userBody(ctx, req, row), row.version);
  }),
  PATCH: scimRoute<Id>(async (req, ctx, { id }) => {
    const body = await readScimBody(req);
    const row = await patchUser(ctx, id, body, req.headers.get("if-match"));
    return withVersion(userBody(ctx, req, row), row.version);
  }),
  DELETE: scimRoute<Id>(async (req, ctx, { id }) => {
    await deleteUser(ctx, id, req.headers.get("if-match"));
    return scimResponse(null, { status: 204 });
  }),
};

export const groups = {
  GET: scimRoute(async (req, ctx) => scimResponse(await listGroups(ctx, searchOf(req)))),
  POST: scimRoute(async (req, ctx) => {
    const row = await createGroup(ctx, await readScimBody(req));
    const { resource } = await groupResource(ctx, ctx.db, row, searchOf(req));
    return withVersion(resource, row.version, 201, `${ctx.base}/Groups/${row.id}`);
  }),
};

export const group = {
  GET: scimRoute<Id>(async (req, ctx, { id }) => {
    const row = await getGroupRow(ctx, ctx.db, id);
    if (notModified(req.headers.get("if-none-match"), row.version)) return scimResponse(null, { status: 304, headers: { ETag: etagOf(row.version) } });
    const { resource } = await groupResource(ctx, ctx.db, row, searchOf(req));
    return withVersion(resource, row.version);
  }),
  PUT: scimRoute<Id>(async (req, ctx, { id }) => {
    const body = await readScimBody(req);
    const row = await replaceGroup(ctx, id, body, req.headers.get("if-match"));
    const { resource } = await groupResource(ctx, ctx.db, row, searchOf(req));
    return withVersion(resource, row.version);
  }),
  PATCH: scimRoute<Id>(async (req, ctx, { id }) => {
    const body = await readScimBody(req);
    const row = await patchGroup(ctx, id, body, req.headers.get("if-match"));
    // Entra asks for no body back; others read the group. Members only when asked (a group can be large).
    const params = searchOf(req);
    if (!params.has("attributes")) params.set("excludedAttributes", [params.get("excludedAttributes"), "members"].filter(Boolean).join(","));
    const { resource } = await groupResource(ctx, ctx.db, row, params);
    return withVersion(resource, row.version);
  }),
  DELETE: scimRoute<Id>(async (req, ctx, { id }) => {
    await deleteGroup(ctx, id, req.headers.get("if-match"));
    return scimResponse(null, { status: 204 });
  }),
};

export const serviceProvider = {
  GET: scimRoute(async (_req, ctx) => scimResponse(serviceProviderConfig(ctx.base))),
};

export const resourceTypeList = {
  GET: scimRoute(async (_req, ctx) => scimResponse(listOf(resourceTypes(ctx.base)))),
};

export const resourceType = {
  GET: scimRoute<Id>(async (_req, ctx, { id }) => {
    const found = resourceTypes(ctx.base).find((r) => r.id === id);
    if (!found) throw notFound();
    return scimResponse(found);
  }),
};

export const schemaList = {
  GET: scimRoute(async (_req, ctx) => scimResponse(listOf(schemas(ctx.base)))),
};

export const schema = {
  GET: scimRoute<Id>(async (_req, ctx, { id }) => {
    const found = schemas(ctx.base).find((s) => s.id === id);
    if (!found) throw notFound();
    return scimResponse(found);
  }),
};

/** Anything else under /api/scim/v2 (/Bulk, /Me, /.search…): not offered here. */
export const unsupported = scimRoute<{ rest: string[] }>(async (_req, _ctx, { rest }) => {
  const first = rest[0]?.toLowerCase();
  if (first === "bulk" || first === "me" || first === ".search") throw new ScimError(501, `/${rest[0]} is not supported by this service (see /ServiceProviderConfig).`);
  throw notFound("There is no such SCIM endpoint.");
});
