import { group } from "@/lib/scim/endpoints";

/** One SCIM Group: read, replace, patch (membership grants mapped roles), delete. Bearer token. */
export const GET = group.GET;
export const PUT = group.PUT;
export const PATCH = group.PATCH;
export const DELETE = group.DELETE;
