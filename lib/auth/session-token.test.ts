import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { readSessionToken } from "./session-token";

const secret = "test-only-secret-0123456789abcdef0123456789";
const salt = "authjs.session-token";
const sid = "3f1c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b";

describe("the session token, read as Auth.js reads it", () => {
  it("reads what Auth.js's encode wrote, again and again with the kept key", async () => {
    const token = await encode({ token: { sub: "u", sid }, secret, salt });
    expect((await readSessionToken(token, secret, salt)).sid).toBe(sid);
    expect((await readSessionToken(token, secret, salt)).sid).toBe(sid);
  });

  it("refuses another secret, another cookie name, a tampered or an expired token", async () => {
    const token = await encode({ token: { sub: "u", sid }, secret, salt });
    await expect(readSessionToken(token, "another-secret-0123456789abcdef0123456789", salt)).rejects.toThrow();
    await expect(readSessionToken(token, secret, `__Secure-${salt}`)).rejects.toThrow();
    const parts = token.split(".");
    parts[3] = parts[3]!.slice(0, -2) + (parts[3]!.endsWith("AA") ? "BB" : "AA");
    await expect(readSessionToken(parts.join("."), secret, salt)).rejects.toThrow();
    const expired = await encode({ token: { sub: "u", sid }, secret, salt, maxAge: -60 });
    await expect(readSessionToken(expired, secret, salt)).rejects.toThrow();
  });
});
