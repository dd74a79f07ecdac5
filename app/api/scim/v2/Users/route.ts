import { users } from "@/lib/scim/endpoints";

/** SCIM 2.0 Users (RFC 7644 §3.3, §3.4.2): list with filter and paging, create. Bearer token. */
export const GET = users.GET;
export const POST = users.POST;
