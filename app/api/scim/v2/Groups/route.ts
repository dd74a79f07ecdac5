import { groups } from "@/lib/scim/endpoints";

/** SCIM 2.0 Groups: list with filter and paging, create. Bearer token. */
export const GET = groups.GET;
export const POST = groups.POST;
