import { serviceProvider } from "@/lib/scim/endpoints";

/** What this SCIM service supports (RFC 7644 §4). */
export const GET = serviceProvider.GET;
