import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { acceptInput, inviteInput } from "./schemas";
import { hashInvitationToken, invitationExpiry, invitationLink, invitationState, isWellFormedToken, newInvitationToken } from "./tokens";

describe("invitation tokens", () => {
  it("are 32 random bytes in base64url, stored only as their SHA-256", () => {
    const a = newInvitationToken();
    const b = newInvitationToken();
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a.token, "base64url")).toHaveLength(32);
    expect(a.token).not.toBe(b.token);
    expect(a.tokenHash).toBe(createHash("sha256").update(a.token).digest("hex"));
    expect(a.tokenHash).not.toContain(a.token);
    expect(hashInvitationToken(a.token)).toBe(a.tokenHash);
  });

  it("recognises only well-formed tokens", () => {
    expect(isWellFormedToken(newInvitationToken().token)).toBe(true);
    for (const bad of ["", "abc", "x".repeat(44), `${"a".repeat(42)}=`, `${"a".repeat(42)}/`, null, 42]) expect(isWellFormedToken(bad)).toBe(false);
  });

  it("builds the accept link under /invitations/", () => {
    expect(invitationLink("http://localhost:3000/", "tok")).toBe("http://localhost:3000/invitations/tok");
    expect(invitationLink("https://portal.example", "tok")).toBe("https://portal.example/invitations/tok");
  });
});

describe("invitation expiry and state", () => {
  const created = new Date("2026-11-01T10:00:00Z");
  const expiresAt = invitationExpiry(created, 72);

  it("expires TTL hours after it was sent", () => {
    expect(expiresAt.toISOString()).toBe("2026-11-04T10:00:00.000Z");
  });

  it("is pending until the expiry instant, then expired", () => {
    const inv = { expiresAt, acceptedAt: null, revokedAt: null };
    expect(invitationState(inv, new Date("2026-11-04T09:59:59.999Z"))).toBe("pending");
    expect(invitationState(inv, expiresAt)).toBe("expired");
    expect(invitationState(inv, new Date("2026-12-01T00:00:00Z"))).toBe("expired");
  });

  it("accepted and revoked are final, whatever the time", () => {
    expect(invitationState({ expiresAt, acceptedAt: created, revokedAt: null }, created)).toBe("accepted");
    expect(invitationState({ expiresAt, acceptedAt: created, revokedAt: null }, new Date("2030-01-01"))).toBe("accepted");
    expect(invitationState({ expiresAt, acceptedAt: null, revokedAt: created }, created)).toBe("revoked");
  });
});

describe("invite and accept input", () => {
  const node = "0b8c7d2e-1111-4222-8333-444455556666";
  it("lower-cases the email and turns limits into minor units", () => {
    const parsed = inviteInput.parse({
      email: "  New.Person@Acme.Example ",
      name: " New Person ",
      unitNodeId: node,
      assignments: [{ role: "approver", scopeNodeId: node, approvalLimit: "50,000.00", limitCurrency: "gbp", expiresAt: "2027-03-31" }],
    });
    expect(parsed.email).toBe("new.person@acme.example");
    expect(parsed.name).toBe("New Person");
    expect(parsed.assignments[0]).toEqual({
      role: "approver",
      scopeNodeId: node,
      approvalLimitMinor: 5_000_000,
      spendLimitMinor: null,
      limitCurrency: "GBP",
      expiresAt: new Date("2027-03-31T00:00:00Z"),
    });
  });

  it("reports bad fields by name", () => {
    const result = inviteInput.safeParse({ email: "nope", name: "", unitNodeId: "x", assignments: [{ role: "orderer", scopeNodeId: node, spendLimit: "lots" }] });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["email", "name", "unitNodeId", "assignments.0.spendLimit"]));
  });

  it("needs a password of 12 characters or more, typed twice the same", () => {
    const token = newInvitationToken().token;
    expect(acceptInput.safeParse({ token, password: "short", confirm: "short" }).success).toBe(false);
    const mismatch = acceptInput.safeParse({ token, password: "correct horse battery", confirm: "correct horse battery!" });
    expect(mismatch.error?.issues[0]?.path).toEqual(["confirm"]);
    expect(acceptInput.safeParse({ token, password: "ü".repeat(40), confirm: "ü".repeat(40) }).success).toBe(false); // 80 bytes
    expect(acceptInput.safeParse({ token, password: "correct horse battery", confirm: "correct horse battery" }).success).toBe(true);
    expect(acceptInput.safeParse({ token: "not-a-token", password: "correct horse battery", confirm: "correct horse battery" }).success).toBe(false);
  });
});
