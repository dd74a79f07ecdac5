"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { getDb } from "@/db/client";
import { defineAction } from "@/lib/action";
import { currentSession } from "@/lib/auth/principal";
import { issueSessionCookie } from "@/lib/auth/session-cookie";
import { boundedUserAgent, clientAddress } from "@/lib/auth/throttle-rules";
import { env } from "@/lib/env";
import { NotFoundError } from "@/lib/errors";
import type { ClientInfo } from "@/lib/sessions/mutations";
import { startImpersonation, stopImpersonation, type SwitchedSession } from "./start";
import { startImpersonationSchema, supportAccessSchema } from "./schemas";
import { changeSupportAccess } from "./support-access";

async function client(): Promise<ClientInfo> {
  const h = await headers();
  return { address: clientAddress(h.get("x-forwarded-for"), env().TRUST_PROXY), userAgent: boundedUserAgent(h.get("user-agent")) };
}

async function sessionRow() {
  const current = await currentSession();
  if (!current) throw new NotFoundError();
  return { id: current.session.id, userId: current.session.userId };
}

/** The browser now holds the new session; the old id names an ended row. Mail goes after the commit. */
async function switchTo(s: SwitchedSession) {
  await issueSessionCookie(s);
  for (const d of s.deliver) await d();
}

const start = defineAction("impersonation.start", startImpersonationSchema(env().IMPERSONATION_MINUTES), async (input, ctx) => {
  const switched = await startImpersonation(await getDb(), ctx, await sessionRow(), input, await client());
  await switchTo(switched);
  return { to: "/dashboard" };
});

const stop = defineAction("impersonation.end", z.object({}), async (_input, ctx) => {
  const switched = await stopImpersonation(await getDb(), ctx, await sessionRow(), await client());
  await switchTo(switched);
  return { to: "/csp" };
});

const support = defineAction("support_access.update", supportAccessSchema, async (input, ctx) => {
  return changeSupportAccess(await getDb(), ctx, input);
});

export async function startImpersonationAction(raw: unknown) {
  return start(raw);
}

export async function stopImpersonationAction() {
  return stop({});
}

export async function changeSupportAccessAction(raw: unknown) {
  return support(raw);
}
