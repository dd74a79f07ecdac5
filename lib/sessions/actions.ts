"use server";

import { getDb } from "@/db/client";
import { defineAction } from "@/lib/action";
import { currentSession } from "@/lib/auth/principal";
import { changeOwnPassword } from "@/lib/auth/password";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { endOwnSessions, endUserSessions } from "./mutations";
import { changePasswordInput, sessionIdInput, userIdInput } from "./schemas";
import { z } from "zod";

async function currentSessionId(): Promise<string> {
  const current = await currentSession();
  if (!current) throw new NotFoundError();
  return current.session.id;
}

const endOne = defineAction("session.end", sessionIdInput, async ({ sessionId }, ctx) => {
  // The current session ends by signing out, which also clears the cookie.
  if (sessionId === (await currentSessionId())) throw new ConflictError("This is the session you are using; sign out instead.");
  return { ended: await endOwnSessions(await getDb(), ctx, { only: sessionId }) };
});

const endOthers = defineAction("session.end_others", z.object({}), async (_input, ctx) => {
  return { ended: await endOwnSessions(await getDb(), ctx, { except: await currentSessionId() }) };
});

const endForUser = defineAction("session.end_for_user", userIdInput, async ({ userId }, ctx) => {
  return { ended: await endUserSessions(await getDb(), ctx, userId) };
});

const changePassword = defineAction("user.password_change", changePasswordInput, async (input, ctx) => {
  return changeOwnPassword(await getDb(), ctx, await currentSessionId(), input);
});

export async function endSessionAction(raw: unknown) {
  return endOne(raw);
}

export async function endOtherSessionsAction(raw: unknown) {
  return endOthers(raw);
}

export async function endUserSessionsAction(raw: unknown) {
  return endForUser(raw);
}

export async function changePasswordAction(raw: unknown) {
  return changePassword(raw);
}
