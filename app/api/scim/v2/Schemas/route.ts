import { schemaList } from "@/lib/scim/endpoints";

export const GET = schemaList.GET;
