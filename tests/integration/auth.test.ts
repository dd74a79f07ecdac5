import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { loginThrottle, roleAssignments, users } from "@/db/schema";
import { verifyCredentials } from "@/lib/auth/credentials";
import { loadPrincipal } from "@/lib/auth/load-principal";
import { resetDemoData } from "../support/db";

let db: Db;
beforeEach(async () => {
  db = await resetDemoData();
});

const userId = async (email: string) => (await db.select().from(users).where(eq(users.email, email)))[0]!.id;

describe("sign-in", () => {
  it("accepts the demo password, case-insensitively on the e-mail, and records the sign-in", async () => {
    const result = await verifyCredentials({ email: " UK.Admin@acme.example ", password: "trellis-demo" });
    expect(result).toEqual({ ok: true, userId: await userId("uk.admin@acme.example") });
    const [u] = await db.select().from(users).where(eq(users.email, "uk.admin@acme.example"));
    expect(u!.lastSignInAt).toBeInstanceOf(Date);
  });

  it("gives the same answer for a wrong password and an unknown e-mail", async () => {
    expect(await verifyCredentials({ email: "uk.admin@acme.example", password: "nope" })).toEqual({ ok: false, reason: "invalid" });
    expect(await verifyCredentials({ email: "ghost@acme.example", password: "nope" })).toEqual({ ok: false, reason: "invalid" });
    expect(await verifyCredentials({ email: "not an email", password: "" })).toEqual({ ok: false, reason: "invalid" });
  });

  it("locks an e-mail after repeated failures, with the counter in the database", async () => {
    for (let i = 0; i < 5; i++) await verifyCredentials({ email: "approver@acme.example", password: `wrong-${i}` });
    const [row] = await db.select().from(loginThrottle).where(eq(loginThrottle.email, "approver@acme.example"));
    expect(row!.failures).toBe(5);
    expect(row!.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
    // Even the right password is refused while locked.
    expect(await verifyCredentials({ email: "approver@acme.example", password: "trellis-demo" })).toEqual({ ok: false, reason: "locked" });
    // Another e-mail is unaffected.
    expect((await verifyCredentials({ email: "finance@acme.example", password: "trellis-demo" })).ok).toBe(true);
  });

  it("clears the counter after a successful sign-in", async () => {
    await verifyCredentials({ email: "finance@acme.example", password: "wrong" });
    await verifyCredentials({ email: "finance@acme.example", password: "trellis-demo" });
    expect(await db.select().from(loginThrottle).where(eq(loginThrottle.email, "finance@acme.example"))).toHaveLength(0);
  });

  it("refuses a deactivated user", async () => {
    await db.update(users).set({ status: "deactivated" }).where(eq(users.email, "billing@acme.example"));
    expect(await verifyCredentials({ email: "billing@acme.example", password: "trellis-demo" })).toEqual({ ok: false, reason: "invalid" });
  });
});

describe("the principal, loaded per request", () => {
  it("carries the assignments in force with their scope paths", async () => {
    const p = await loadPrincipal(db, await userId("cfo@acme.example"));
    expect(p!.assignments.map((a) => [a.role, a.limitCurrency, a.scopeName])).toEqual(
      expect.arrayContaining([
        ["approver", "GBP", "Acme Corp"],
        ["approver", "EUR", "Acme Corp"],
      ]),
    );
    expect(p!.assignments.every((a) => a.scopePath?.startsWith("/"))).toBe(true);
  });

  it("is gone at the next request once the user is deactivated", async () => {
    const id = await userId("orderer@acme.example");
    const issued = Math.floor(Date.now() / 1000) - 10;
    expect(await loadPrincipal(db, id, issued)).not.toBeNull();
    await db.update(users).set({ status: "deactivated", sessionsValidAfter: new Date() }).where(eq(users.id, id));
    expect(await loadPrincipal(db, id, issued)).toBeNull();
  });

  it("ends sessions issued before sessionsValidAfter even after reactivation", async () => {
    const id = await userId("orderer@acme.example");
    const issued = Math.floor(Date.now() / 1000) - 60;
    await db.update(users).set({ status: "active", sessionsValidAfter: new Date() }).where(eq(users.id, id));
    expect(await loadPrincipal(db, id, issued)).toBeNull();
    expect(await loadPrincipal(db, id, Math.floor(Date.now() / 1000) + 1)).not.toBeNull();
  });

  it("drops expired assignments by themselves", async () => {
    const id = await userId("siteadmin@acme.example");
    await db.update(roleAssignments).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(roleAssignments.userId, id));
    const p = await loadPrincipal(db, id);
    expect(p!.assignments).toHaveLength(0);
  });
});
