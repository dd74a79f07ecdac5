import { user } from "@/lib/scim/endpoints";

/** One SCIM User: read, replace, patch, delete (deactivates; lib/scim/users.ts). Bearer token. */
export const GET = user.GET;
export const PUT = user.PUT;
export const PATCH = user.PATCH;
export const DELETE = user.DELETE;
