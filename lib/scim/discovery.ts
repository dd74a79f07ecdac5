/**
 * The service's self-description (RFC 7644 §4, RFC 7643 §5–7): what it supports, its resource
 * types, and the schemas of the attributes it keeps. Pure; `base` is the SCIM base URL.
 */
import { MAX_PAGE_SIZE, SCIM_ENTERPRISE_USER, SCIM_GROUP, SCIM_LIST, SCIM_RESOURCE_TYPE, SCIM_SCHEMA, SCIM_SERVICE_PROVIDER_CONFIG, SCIM_USER } from "./constants";

type Attribute = {
  name: string;
  type: "string" | "boolean" | "complex" | "dateTime" | "reference";
  multiValued: boolean;
  description: string;
  required: boolean;
  caseExact: boolean;
  mutability: "readOnly" | "readWrite" | "immutable" | "writeOnly";
  returned: "always" | "never" | "default" | "request";
  uniqueness: "none" | "server" | "global";
  subAttributes?: Attribute[];
  referenceTypes?: string[];
};

const a = (name: string, description: string, more: Partial<Attribute> = {}): Attribute => ({
  name,
  type: "string",
  multiValued: false,
  description,
  required: false,
  caseExact: false,
  mutability: "readWrite",
  returned: "default",
  uniqueness: "none",
  ...more,
});

const USER_ATTRIBUTES: Attribute[] = [
  a("userName", "The person's e-mail address, which they sign in with. Unique across the service.", { required: true, uniqueness: "global" }),
  a("name", "The person's name; Trellis keeps the formatted name (given and family names make it up when no displayName is sent).", {
    type: "complex",
    subAttributes: [a("formatted", "The full name."), a("givenName", "Given name (used only to make up a missing display name)."), a("familyName", "Family name (used only to make up a missing display name).")],
  }),
  a("displayName", "The name shown in Trellis."),
  a("active", "Whether the person may sign in. false deactivates them and ends their sessions.", { type: "boolean" }),
  a("emails", "The person's e-mail address, as userName (read-only: set userName).", {
    multiValued: true,
    type: "complex",
    mutability: "readOnly",
    subAttributes: [a("value", "The address.", { mutability: "readOnly" }), a("type", '"work".', { mutability: "readOnly" }), a("primary", "Always true.", { type: "boolean", mutability: "readOnly" })],
  }),
  a("locale", "Language and region for dates and amounts, such as en-GB."),
  a("timezone", "IANA time zone, such as Europe/London."),
];

const GROUP_ATTRIBUTES: Attribute[] = [
  a("displayName", "The group's name, unique in the enterprise (case-insensitively).", { required: true, uniqueness: "server" }),
  a("members", "The users in the group. Membership grants the roles the enterprise's admins mapped to the group.", {
    type: "complex",
    multiValued: true,
    subAttributes: [a("value", "The user's id.", { mutability: "immutable" }), a("display", "The user's name.", { mutability: "readOnly" }), a("$ref", "The user's URI.", { type: "reference", referenceTypes: ["User"], mutability: "immutable" })],
  }),
];

export function schemas(base: string) {
  return [
    { schemas: [SCIM_SCHEMA], id: SCIM_USER, name: "User", description: "A person of the enterprise", attributes: USER_ATTRIBUTES, meta: { resourceType: "Schema", location: `${base}/Schemas/${SCIM_USER}` } },
    { schemas: [SCIM_SCHEMA], id: SCIM_GROUP, name: "Group", description: "A group pushed by the identity provider", attributes: GROUP_ATTRIBUTES, meta: { resourceType: "Schema", location: `${base}/Schemas/${SCIM_GROUP}` } },
  ];
}

export function resourceTypes(base: string) {
  return [
    {
      schemas: [SCIM_RESOURCE_TYPE],
      id: "User",
      name: "User",
      endpoint: "/Users",
      description: "People of the enterprise",
      schema: SCIM_USER,
      // Accepted and ignored: providers send it by default.
      schemaExtensions: [{ schema: SCIM_ENTERPRISE_USER, required: false }],
      meta: { resourceType: "ResourceType", location: `${base}/ResourceTypes/User` },
    },
    { schemas: [SCIM_RESOURCE_TYPE], id: "Group", name: "Group", endpoint: "/Groups", description: "Groups, whose membership grants mapped roles", schema: SCIM_GROUP, meta: { resourceType: "ResourceType", location: `${base}/ResourceTypes/Group` } },
  ];
}

export function serviceProviderConfig(base: string) {
  return {
    schemas: [SCIM_SERVICE_PROVIDER_CONFIG],
    documentationUri: `${base.replace(/\/api\/scim\/v2$/, "")}/provisioning`,
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_PAGE_SIZE },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [{ type: "oauthbearertoken", name: "Bearer token", description: "A token created by an enterprise admin on the Provisioning page, sent as Authorization: Bearer <token>.", primary: true }],
    meta: { resourceType: "ServiceProviderConfig", location: `${base}/ServiceProviderConfig` },
  };
}

/** A list response of all of them (discovery endpoints are not paged or filtered). */
export function listOf(resources: unknown[]) {
  return { schemas: [SCIM_LIST], totalResults: resources.length, startIndex: 1, itemsPerPage: resources.length, Resources: resources };
}
