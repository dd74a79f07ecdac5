/**
 * What comes in: the admin's forms on /provisioning (zod), and SCIM User and Group resources from
 * an identity provider, turned into the fields Trellis stores. Pure; the SCIM side throws ScimError
 * 400 invalidValue with a message the provider's log can show.
 */
import { z } from "zod";
import { ROLES } from "@/lib/authz/vocabulary";
import { isPlainText, PLAIN_TEXT_MESSAGE } from "@/lib/text";
import { SCIM_USER } from "./constants";
import { invalidSyntax, invalidValue } from "./errors";
import { looseBoolean } from "./rules";

export const createTokenInput = z.object({
  name: z.string().trim().min(1, "Name the token after the identity provider that will use it").max(80, "At most 80 characters").refine(isPlainText, PLAIN_TEXT_MESSAGE),
});
export type CreateTokenInput = z.output<typeof createTokenInput>;

export const tokenIdInput = z.object({ tokenId: z.string().uuid() });

export const addGroupRoleInput = z.object({
  groupId: z.string().uuid(),
  // Any role parses, so a forged CSP role reaches the ability and is refused there.
  role: z.enum(ROLES, { message: "Choose a role" }),
  scopeNodeId: z.string({ message: "Choose a node" }).uuid("Choose a node"),
});
export type AddGroupRoleInput = z.output<typeof addGroupRoleInput>;

export const groupRoleIdInput = z.object({ mappingId: z.string().uuid() });

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** An attribute of a resource, its name matched case-insensitively (RFC 7643 §2.1). */
export function attr(resource: Json, name: string): unknown {
  const lower = name.toLowerCase();
  const key = Object.keys(resource).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : resource[key];
}

const EMAIL = z.string().email();

function text(value: unknown, name: string, max: number): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") throw invalidValue(`${name} is a string.`);
  const v = value.trim();
  if (v.length > max) throw invalidValue(`${name} is at most ${max} characters.`);
  if (!isPlainText(v)) throw invalidValue(`${name}: ${PLAIN_TEXT_MESSAGE.toLowerCase()}.`);
  return v === "" ? null : v;
}

function validTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function validLocale(locale: string): boolean {
  try {
    return /^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/.test(locale) && Intl.getCanonicalLocales(locale.replace(/_/g, "-")).length === 1;
  } catch {
    return false;
  }
}

export type UserFields = {
  email: string;
  name: string;
  externalId: string | null;
  active: boolean;
  locale: string | null;
  timeZone: string | null;
};

/** The display name a resource gives: displayName, name.formatted, given and family names, or the userName. */
function nameOf(resource: Json, before: Json | undefined, email: string): string {
  const name = attr(resource, "name");
  const n = isObject(name) ? name : {};
  const candidates: [unknown, unknown][] = [
    [attr(resource, "displayName"), before ? attr(before, "displayName") : undefined],
    [attr(n, "formatted"), before && isObject(attr(before, "name")) ? attr(attr(before, "name") as Json, "formatted") : undefined],
  ];
  // A PATCH that changed one of them says which name is meant now.
  for (const [now, was] of candidates) {
    const v = text(now, "displayName", 200);
    if (before && v && now !== was) return v;
  }
  for (const [now] of candidates) {
    const v = text(now, "displayName", 200);
    if (v) return v;
  }
  const given = text(attr(n, "givenName"), "name.givenName", 100);
  const family = text(attr(n, "familyName"), "name.familyName", 100);
  const joined = [given, family].filter(Boolean).join(" ");
  return joined || email.split("@")[0]!;
}

/**
 * A SCIM User (POST or PUT body, or a patched resource) as Trellis stores it. `userName` is the
 * person's sign-in e-mail address; `emails` only mirror it (read-only here, so ignored on input).
 * `before`: the resource as it was, when patching (to tell which name attribute changed).
 */
export function userFieldsOf(resource: unknown, before?: Json): UserFields {
  if (!isObject(resource)) throw invalidSyntax("Send a SCIM User object.");
  const schemas = attr(resource, "schemas");
  if (schemas !== undefined && (!Array.isArray(schemas) || !schemas.some((s) => typeof s === "string" && s.toLowerCase() === SCIM_USER.toLowerCase()))) {
    throw invalidValue(`A User names the schema ${SCIM_USER}.`);
  }
  const userName = text(attr(resource, "userName"), "userName", 254);
  if (!userName) throw invalidValue("userName is required.");
  const email = userName.toLowerCase();
  if (!EMAIL.safeParse(email).success) throw invalidValue("userName is the person's e-mail address (their sign-in name), such as alice@example.com.");
  const rawActive = attr(resource, "active");
  const active = rawActive === undefined || rawActive === null ? true : looseBoolean(rawActive);
  if (active === null) throw invalidValue('active is true or false (or "True"/"False").');
  const locale = text(attr(resource, "locale"), "locale", 35) ?? text(attr(resource, "preferredLanguage"), "preferredLanguage", 35);
  const timeZone = text(attr(resource, "timezone"), "timezone", 64);
  return {
    email,
    name: nameOf(resource, before, email),
    externalId: text(attr(resource, "externalId"), "externalId", 200),
    active,
    locale: locale && validLocale(locale) ? locale.replace(/_/g, "-") : null,
    timeZone: timeZone && validTimeZone(timeZone) ? timeZone : null,
  };
}

export type GroupFields = { displayName: string; externalId: string | null; members: string[] | null };

/**
 * A SCIM Group as Trellis stores it. `members` are the ids (the `value`s) of its members, or null
 * when the resource does not list them. An id that is not a uuid cannot be a member: 400.
 */
export function groupFieldsOf(resource: unknown): GroupFields {
  if (!isObject(resource)) throw invalidSyntax("Send a SCIM Group object.");
  const displayName = text(attr(resource, "displayName"), "displayName", 200);
  if (!displayName) throw invalidValue("displayName is required.");
  const raw = attr(resource, "members");
  let members: string[] | null = null;
  if (raw !== undefined && raw !== null) {
    if (!Array.isArray(raw)) throw invalidValue("members is a list.");
    members = raw.map((m, i) => {
      const value = isObject(m) ? attr(m, "value") : undefined;
      if (typeof value !== "string" || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value.trim())) {
        throw invalidValue(`members[${i}].value is not the id of a user of this service.`);
      }
      return value.trim().toLowerCase();
    });
    members = [...new Set(members)];
  }
  return { displayName, externalId: text(attr(resource, "externalId"), "externalId", 200), members };
}
