"use server";

import { getDb } from "@/db/client";
import { defineAction } from "@/lib/action";
import { signIn } from "@/lib/auth";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { authorizeIdentity, changeSwitch, connectionOf, saveConnection } from "./connection";
import { checkDiscovery } from "./discovery";
import { addDomain, removeDomain, verifyDomain } from "./domains";
import { SSO_TEST_PREFIX } from "./oidc";
import { connectionSchema, domainRefSchema, domainSchema, switchSchema } from "./schemas";
import { z } from "zod";

const save = defineAction("identity.sso.save", connectionSchema, async (input, ctx) => saveConnection(await getDb(), ctx, input));
const toggle = defineAction("identity.sso.switch", switchSchema, async (input, ctx) => changeSwitch(await getDb(), ctx, input));
const claim = defineAction("identity.domain.add", domainSchema, async (input, ctx) => addDomain(await getDb(), ctx, input.domain));
const verify = defineAction("identity.domain.verify", domainRefSchema, async (input, ctx) => verifyDomain(await getDb(), ctx, input.domain));
const release = defineAction("identity.domain.remove", domainRefSchema, async (input, ctx) => removeDomain(await getDb(), ctx, input.domain));

/**
 * Starts the admin's test round trip: the provider's discovery document is checked first (a wrong
 * issuer is reported here, in words), then the browser is sent to the provider with state, PKCE and
 * nonce as for a real sign-in. The URL comes back to the page, which navigates to it.
 */
const test = defineAction("identity.sso.test", z.object({}), async (_input, ctx) => {
  const db = await getDb();
  const fields = await authorizeIdentity(db, ctx, "update");
  const connection = await connectionOf(db, fields.enterpriseId);
  if (!connection) throw new NotFoundError("Set up the identity provider first.");
  const discovery = await checkDiscovery(connection.issuer);
  if (!discovery.ok) throw new ConflictError(discovery.problem);
  const url = await signIn(`${SSO_TEST_PREFIX}${connection.id}`, { redirect: false, redirectTo: "/identity?test=passed" });
  return { url: String(url) };
});

export async function saveConnectionAction(raw: unknown) {
  return save(raw);
}
export async function switchSsoAction(raw: unknown) {
  return toggle(raw);
}
export async function addDomainAction(raw: unknown) {
  return claim(raw);
}
export async function verifyDomainAction(raw: unknown) {
  return verify(raw);
}
export async function removeDomainAction(raw: unknown) {
  return release(raw);
}
export async function testConnectionAction() {
  return test({});
}
