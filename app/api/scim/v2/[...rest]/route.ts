import { unsupported } from "@/lib/scim/endpoints";

/** Any other path under /api/scim/v2 (/Bulk, /Me, a typo): a SCIM error body, never Next's HTML page. */
export const GET = unsupported;
export const POST = unsupported;
export const PUT = unsupported;
export const PATCH = unsupported;
export const DELETE = unsupported;
