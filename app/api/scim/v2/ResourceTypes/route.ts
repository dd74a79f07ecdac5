import { resourceTypeList } from "@/lib/scim/endpoints";

export const GET = resourceTypeList.GET;
