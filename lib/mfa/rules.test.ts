import { describe, expect, it } from "vitest";
import {
  RECOVERY_CODE_COUNT,
  enrolmentRequired,
  hashRecoveryCode,
  mfaRequired,
  newRecoveryCode,
  newRecoveryCodes,
  normalizeRecoveryCode,
  normalizeTotpCode,
  stepIsFresh,
  totpStep,
} from "./rules";
import { matchingStep, newTotpSecret, otpauthUri, totpCode } from "./totp";

const SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const at = new Date("2026-05-01T12:00:10Z"); // 10 s into its step

describe("TOTP steps and codes", () => {
  it("numbers 30-second steps from the Unix epoch", () => {
    expect(totpStep(new Date(0))).toBe(0);
    expect(totpStep(new Date(29_999))).toBe(0);
    expect(totpStep(new Date(30_000))).toBe(1);
  });

  it("matches the RFC 6238 test vector (SHA-1, 8 digits truncated to the last 6)", async () => {
    // RFC 6238 appendix B: T = 59 s with the ASCII secret "12345678901234567890" gives 94287082.
    const rfcSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    expect(await totpCode(rfcSecret, new Date(59_000))).toBe("287082");
  });

  it("accepts the current step's code and the neighbours' (±1 step), and says which step it was", async () => {
    const step = totpStep(at);
    for (const offset of [-1, 0, 1]) {
      const code = await totpCode(SECRET, new Date(at.getTime() + offset * 30_000));
      expect(await matchingStep(SECRET, code, at)).toBe(step + offset);
    }
  });

  it("refuses codes two steps away, other secrets' codes and malformed input", async () => {
    expect(await matchingStep(SECRET, await totpCode(SECRET, new Date(at.getTime() - 60_000)), at)).toBeNull();
    expect(await matchingStep(SECRET, await totpCode(SECRET, new Date(at.getTime() + 60_000)), at)).toBeNull();
    const other = newTotpSecret();
    const foreign = await totpCode(other, at);
    if (foreign !== (await totpCode(SECRET, at))) expect(await matchingStep(SECRET, foreign, at)).toBeNull();
    for (const bad of ["", "12345", "1234567", "abcdef", "12 34 5", "١٢٣٤٥٦"]) expect(await matchingStep(SECRET, bad, at)).toBeNull();
  });

  it("takes a code typed with a space or a dash", async () => {
    const code = await totpCode(SECRET, at);
    expect(await matchingStep(SECRET, `${code.slice(0, 3)} ${code.slice(3)}`, at)).toBe(totpStep(at));
    expect(normalizeTotpCode("123-456")).toBe("123456");
    expect(normalizeTotpCode("12345")).toBeNull();
  });

  it("refuses a step at or before the last one used (replay), accepts a later one", () => {
    expect(stepIsFresh(100, 99)).toBe(true);
    expect(stepIsFresh(100, 100)).toBe(false);
    expect(stepIsFresh(99, 100)).toBe(false);
  });

  it("makes 160-bit base32 secrets and an otpauth URI apps understand", () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(otpauthUri("orderer@acme.example", secret));
    expect(uri.protocol).toBe("otpauth:");
    expect(uri.searchParams.get("secret")).toBe(secret);
    expect(uri.searchParams.get("issuer")).toBe("Trellis");
    expect(decodeURIComponent(uri.pathname)).toContain("orderer@acme.example");
  });
});

describe("recovery codes", () => {
  it("are ten distinct xxxxx-xxxxx codes of Crockford base32", () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    for (const c of codes) expect(c).toMatch(/^[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}$/);
    expect(newRecoveryCode()).not.toBe(newRecoveryCode());
  });

  it("are stored as the SHA-256 of their canonical form, however they are typed", () => {
    const hash = hashRecoveryCode("ab2cd-ef3gh");
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRecoveryCode("AB2CD EF3GH")).toBe(hash);
    expect(hashRecoveryCode(" ab2cdef3gh ")).toBe(hash);
    expect(hashRecoveryCode("ab2cd-ef3gj")).not.toBe(hash);
    // Crockford reads i and l as 1, o as 0.
    expect(normalizeRecoveryCode("0o1il-22222")).toBe("00111" + "22222");
  });

  it("refuses what cannot be a code", () => {
    for (const bad of ["", "abcd", "ab2cd-ef3gh-x", "ab2cd-ef3gu", "ab2cd_ef3gh", "123456"]) expect(hashRecoveryCode(bad)).toBeNull();
  });
});

describe("who must have a second factor", () => {
  it("CSP staff always; customer users when their enterprise requires it", () => {
    expect(mfaRequired({ enterpriseId: null }, false)).toBe(true);
    expect(mfaRequired({ enterpriseId: "e" }, false)).toBe(false);
    expect(mfaRequired({ enterpriseId: "e" }, true)).toBe(true);
  });

  it("a session can only enrol when its person must have MFA, has none, and did not come through SSO", () => {
    expect(enrolmentRequired({ mustHaveMfa: true, mfaEnabled: false, authMethod: "password" })).toBe(true);
    expect(enrolmentRequired({ mustHaveMfa: true, mfaEnabled: false, authMethod: null })).toBe(true);
    expect(enrolmentRequired({ mustHaveMfa: true, mfaEnabled: true, authMethod: "password" })).toBe(false);
    expect(enrolmentRequired({ mustHaveMfa: false, mfaEnabled: false, authMethod: "password" })).toBe(false);
    expect(enrolmentRequired({ mustHaveMfa: true, mfaEnabled: false, authMethod: "sso" })).toBe(false);
  });
});

describe("safeNextPath", () => {
  it("keeps same-site paths and refuses everything that could leave the site", async () => {
    const { safeNextPath } = await import("./rules");
    expect(safeNextPath("/orders?status=open#x")).toBe("/orders?status=open#x");
    for (const bad of ["//evil.example", "/\\evil.example", "/\t/evil.example", "/\n/evil.example", "/\t\\evil.example", "https://evil.example", "/login", "/login/enrol", "", 42, "javascript:alert(1)"]) {
      expect(safeNextPath(bad), JSON.stringify(bad)).toBe("/dashboard");
    }
  });
});
