import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditEvents, userSessions } from "@/db/schema";
import { demoId } from "@/lib/demo/ids";
import { verifyCredentials } from "@/lib/auth/credentials";
import { loadSessionPrincipal } from "@/lib/auth/load-principal";
import { changeOwnPassword } from "@/lib/auth/password";
import { InvalidError } from "@/lib/errors";
import { endOwnSessions, endSessions } from "@/lib/sessions/mutations";
import { openSessions } from "@/lib/sessions/queries";
import { deactivateUser } from "@/lib/users/mutations";
import { resetDemoData } from "../support/db";
import { contextFor } from "../support/principals";

/** DESIGN.md rule 5: sessions are rows; the row, not the cookie, decides at every request. */
const user = (email: string) => demoId(`user:${email}`);

let db: Db;
beforeEach(async () => {
  db = await resetDemoData();
});

async function signIn(email: string, password = "trellis-demo") {
  const result = await verifyCredentials({ email, password }, { address: null, userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0", requestId: null });
  if (!result.ok) throw new Error(`sign-in failed for ${email}`);
  return result.sessionId;
}
const row = async (id: string) => (await db.select().from(userSessions).where(eq(userSessions.id, id)))[0]!;
const minutes = (n: number) => new Date(Date.now() + n * 60_000);

describe("a session row", () => {
  it("loads the principal while open, and not after sign-out (a copied cookie stops working)", async () => {
    const sid = await signIn("orderer@acme.example");
    expect((await loadSessionPrincipal(db, sid))?.principal.email).toBe("orderer@acme.example");
    await endSessions(db, user("orderer@acme.example"), "sign_out", { principal: null, requestId: "req-out" }, { only: sid });
    expect(await loadSessionPrincipal(db, sid)).toBeNull();
    const [event] = await db.select().from(auditEvents).where(eq(auditEvents.requestId, "req-out"));
    expect(event).toMatchObject({ action: "auth.sign_out", subjectId: sid });
  });

  it("ends after 30 idle minutes, and the end is recorded once", async () => {
    const sid = await signIn("orderer@acme.example");
    expect(await loadSessionPrincipal(db, sid, minutes(29))).not.toBeNull();
    // That request touched it (more than a minute after sign-in): idle counts from there.
    expect(await loadSessionPrincipal(db, sid, minutes(58))).not.toBeNull();
    expect(await loadSessionPrincipal(db, sid, minutes(89))).toBeNull();
    expect(await row(sid)).toMatchObject({ endReason: "idle" });
    expect(await loadSessionPrincipal(db, sid, minutes(90))).toBeNull();
    const ends = await db.select().from(auditEvents).where(eq(auditEvents.action, "session.end"));
    expect(ends).toHaveLength(1);
  });

  it("ends 8 hours after sign-in however busy the user is", async () => {
    const sid = await signIn("orderer@acme.example");
    for (let m = 20; m < 480; m += 20) expect(await loadSessionPrincipal(db, sid, minutes(m)), `at ${m} min`).not.toBeNull();
    expect(await loadSessionPrincipal(db, sid, minutes(481))).toBeNull();
    expect(await row(sid)).toMatchObject({ endReason: "expired" });
  });

  it("writes last seen at most once a minute, so a page view stays a read", async () => {
    const sid = await signIn("orderer@acme.example");
    const first = (await row(sid)).lastSeenAt;
    await loadSessionPrincipal(db, sid, new Date(first.getTime() + 30_000));
    expect((await row(sid)).lastSeenAt).toEqual(first);
    await loadSessionPrincipal(db, sid, new Date(first.getTime() + 61_000));
    expect((await row(sid)).lastSeenAt.getTime()).toBe(first.getTime() + 61_000);
  });

  it("a background request (the bell's polling) is not activity: a page left open still goes idle", async () => {
    const sid = await signIn("orderer@acme.example");
    const first = (await row(sid)).lastSeenAt;
    for (let m = 1; m < 30; m += 1) {
      expect(await loadSessionPrincipal(db, sid, new Date(first.getTime() + m * 60_000), { touch: false })).not.toBeNull();
    }
    expect((await row(sid)).lastSeenAt).toEqual(first);
    expect(await loadSessionPrincipal(db, sid, new Date(first.getTime() + 31 * 60_000), { touch: false })).toBeNull();
    expect(await row(sid)).toMatchObject({ endReason: "idle" });
  });

  it("ends at deactivation", async () => {
    const sid = await signIn("approver@acme.example");
    await deactivateUser(db, await contextFor(db, "uk.admin@acme.example"), user("approver@acme.example"));
    expect(await loadSessionPrincipal(db, sid)).toBeNull();
    expect(await row(sid)).toMatchObject({ endReason: "deactivated" });
  });
});

describe("the signed-in person's own sessions", () => {
  it("lists them, ends one other, or all others, never another person's", async () => {
    const a = await signIn("finance@acme.example");
    const b = await signIn("finance@acme.example");
    const c = await signIn("finance@acme.example");
    const other = await signIn("approver@acme.example");
    const ctx = await contextFor(db, "finance@acme.example");
    const listed = await openSessions(db, ctx.ability, user("finance@acme.example"), a);
    expect(listed.map((s) => s.id).sort()).toEqual([a, b, c].sort());
    expect(listed.find((s) => s.id === a)).toMatchObject({ current: true, device: "Chrome on Linux" });
    // Someone else's session id is simply not found.
    await expect(endOwnSessions(db, ctx, { only: other })).rejects.toThrow();
    expect(await loadSessionPrincipal(db, other)).not.toBeNull();
    expect(await endOwnSessions(db, ctx, { only: b })).toBe(1);
    expect(await endOwnSessions(db, ctx, { except: a })).toBe(1);
    expect(await loadSessionPrincipal(db, a)).not.toBeNull();
    expect(await loadSessionPrincipal(db, c)).toBeNull();
  });

  it("a password change needs the current password and ends every other session", async () => {
    const keep = await signIn("finance@acme.example");
    const elsewhere = await signIn("finance@acme.example");
    const ctx = await contextFor(db, "finance@acme.example");
    await expect(changeOwnPassword(db, ctx, keep, { current: "not it", password: "a brand new passphrase" })).rejects.toBeInstanceOf(InvalidError);
    expect(await changeOwnPassword(db, ctx, keep, { current: "trellis-demo", password: "a brand new passphrase" })).toEqual({ endedSessions: 1 });
    expect(await loadSessionPrincipal(db, keep)).not.toBeNull();
    expect(await loadSessionPrincipal(db, elsewhere)).toBeNull();
    expect((await verifyCredentials({ email: "finance@acme.example", password: "trellis-demo" })).ok).toBe(false);
    expect((await verifyCredentials({ email: "finance@acme.example", password: "a brand new passphrase" })).ok).toBe(true);
  });
});
