/** The URNs and limits of Trellis's SCIM 2.0 service (RFC 7643, RFC 7644). */
export const SCIM_USER = "urn:ietf:params:scim:schemas:core:2.0:User";
export const SCIM_GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const SCIM_ENTERPRISE_USER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
export const SCIM_LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
export const SCIM_PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
export const SCIM_ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
export const SCIM_SERVICE_PROVIDER_CONFIG = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
export const SCIM_RESOURCE_TYPE = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
export const SCIM_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema";

export const SCIM_MEDIA_TYPE = "application/scim+json";
/** Where the service lives, under the app's origin. */
export const SCIM_BASE_PATH = "/api/scim/v2";

/** A page of a list holds at most this many resources, whatever `count` asks for. */
export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 100;
/** The largest request body read (a group's membership PATCH can be long). */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Operations in one PATCH request at most. */
export const MAX_PATCH_OPERATIONS = 1000;
/** Members added or removed in one group request at most. */
export const MAX_MEMBERS_PER_REQUEST = 10_000;
