import { describe, expect, it } from "vitest";
import { cookieFrom, issueDeviceToken, verifyDeviceToken } from "./device";

const SECRET = "test-secret-0123456789abcdef";

describe("device cookies", () => {
  it("a token is accepted for its own account only, and with the same secret", () => {
    const token = issueDeviceToken(SECRET, "Finance@Acme.example");
    expect(verifyDeviceToken(SECRET, "finance@acme.example", token)).toBe(token.split(".")[0]);
    expect(verifyDeviceToken(SECRET, "cfo@acme.example", token)).toBeNull();
    expect(verifyDeviceToken("another-secret-0123456789abcdef", "finance@acme.example", token)).toBeNull();
  });

  it("refuses forged and malformed tokens", () => {
    const [nonce] = issueDeviceToken(SECRET, "a@b.example").split(".");
    for (const bad of [null, "", "x", `${nonce}.`, `${nonce}.AAAA`, `${nonce}.a.b`, "a".repeat(500)]) {
      expect(verifyDeviceToken(SECRET, "a@b.example", bad)).toBeNull();
    }
  });

  it("reads one cookie from a Cookie header", () => {
    expect(cookieFrom("a=1; trellis_device=abc.def; b=2", "trellis_device")).toBe("abc.def");
    expect(cookieFrom("a=1", "trellis_device")).toBeNull();
    expect(cookieFrom(null, "trellis_device")).toBeNull();
  });
});
