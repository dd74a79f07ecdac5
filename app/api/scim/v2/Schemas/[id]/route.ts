import { schema } from "@/lib/scim/endpoints";

export const GET = schema.GET;
