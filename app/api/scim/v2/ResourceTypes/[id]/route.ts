import { resourceType } from "@/lib/scim/endpoints";

export const GET = resourceType.GET;
