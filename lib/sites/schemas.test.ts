import { describe, expect, it } from "vitest";
import { COUNTRY_CODES, countryName, countryOptions } from "./countries";
import { createSiteInput, normalisePostcode, postcodeProblem, updateSiteInput } from "./schemas";

const base = {
  name: "Leeds Office",
  addressLine1: "1 Park Row",
  city: "Leeds",
  postcode: "LS1 5AB",
  countryCode: "GB",
  contactName: "Lee Dawson",
  contactEmail: "lee.dawson@acme.example",
  contactPhone: "+44 113 496 0000",
  subAccountId: "8f14e45f-ceea-467a-9c5e-6c3b0b5b3f11",
};

describe("postcodes per country", () => {
  it.each([
    ["GB", "M3 2GP"],
    ["GB", "EH12 9EB"],
    ["GB", "E14 5AB"],
    ["GB", "SW1A 1AA"],
    ["GB", "w1a0ax"],
    ["GB", "GIR 0AA"],
    ["DE", "10117"],
    ["DE", "80939"],
    ["US", "49007"],
    ["US", "94105-1234"],
    ["NL", "1012 AB"],
    ["CA", "K1A 0B1"],
    ["JP", "100-0001"],
    ["SG", "018956"],
  ])("accepts %s %s", (country, postcode) => {
    expect(postcodeProblem(country, postcode)).toBeNull();
  });

  it.each([
    ["GB", "12345", /valid postcode for United Kingdom/],
    ["GB", "M3", /valid postcode for United Kingdom/],
    ["GB", "MM 2GP", /valid postcode for United Kingdom/],
    ["DE", "1011", /valid postcode for Germany/],
    ["DE", "M3 2GP", /valid postcode for Germany/],
    ["US", "4900", /valid postcode for United States/],
    ["US", "94105-12", /valid postcode for United States/],
    ["FR", "", /Enter a postcode/],
    ["JP", "   ", /Enter a postcode/],
    ["BR", "0123456789012", /at most 12/],
  ])("rejects %s %j", (country, postcode, message) => {
    expect(postcodeProblem(country, postcode)).toMatch(message);
  });

  it("normalises UK postcodes to upper case with one space", () => {
    expect(normalisePostcode("GB", "m32gp")).toBe("M3 2GP");
    expect(normalisePostcode("GB", " eh12   9eb ")).toBe("EH12 9EB");
    expect(normalisePostcode("DE", " 10117 ")).toBe("10117");
    expect(normalisePostcode("NL", "1012ab")).toBe("1012 AB");
  });
});

describe("site input", () => {
  it("accepts a complete site and normalises it", () => {
    const r = createSiteInput.safeParse({ ...base, postcode: "ls15ab", countryCode: "gb", contactEmail: " Lee.Dawson@ACME.example ", addressLine2: "  ", region: "" });
    expect(r.success).toBe(true);
    expect(r.data).toMatchObject({ postcode: "LS1 5AB", countryCode: "GB", contactEmail: "lee.dawson@acme.example", addressLine2: null, region: null });
  });

  it("reports the postcode against the chosen country as a field error", () => {
    const r = createSiteInput.safeParse({ ...base, countryCode: "DE", postcode: "LS1 5AB" });
    expect(r.success).toBe(false);
    expect(r.error!.issues).toEqual([expect.objectContaining({ path: ["postcode"], message: expect.stringMatching(/Germany/) })]);
  });

  it("accepts any non-empty postcode for countries without a pattern", () => {
    expect(createSiteInput.safeParse({ ...base, countryCode: "PT", postcode: "1100-148" }).success).toBe(true);
    expect(createSiteInput.safeParse({ ...base, countryCode: "PT", postcode: "" }).success).toBe(false);
  });

  it.each([
    [{ contactEmail: "not-an-email" }, "contactEmail", /valid email/],
    [{ countryCode: "XX" }, "countryCode", /Choose a country/],
    [{ name: "  " }, "name", /Enter the site name/],
    [{ addressLine1: "" }, "addressLine1", /first address line/],
    [{ city: undefined }, "city", /city/],
    [{ subAccountId: "london" }, "subAccountId", /sub-account/],
    [{ contactPhone: "call me" }, "contactPhone", /phone number/],
    // PostgreSQL cannot store NUL (it was a 500); other control characters and broken symbols are refused alike.
    [{ name: "Leeds\u0000Office" }, "name", /control characters/],
    [{ addressLine2: "\u0000" }, "addressLine2", /control characters/],
    [{ city: "Leeds\r\nSet-Cookie: x" }, "city", /control characters/],
    [{ region: "\u001b[31mred" }, "region", /control characters/],
    [{ contactName: "Lee \uD800" }, "contactName", /broken symbols/],
    [{ countryCode: "PT", postcode: "1100\u0000" }, "postcode", /control characters/],
  ])("rejects %j", (patch, field, message) => {
    const r = createSiteInput.safeParse({ ...base, ...patch });
    expect(r.success).toBe(false);
    const issue = r.error!.issues.find((i) => i.path[0] === field);
    expect(issue?.message).toMatch(message);
  });

  it("keeps names in any script, with emoji, right-to-left and joiners", () => {
    for (const name of ["Zürich Büro", "東京オフィス", "مكتب دبي", "Café 🧑🏽‍💻", "a\u200Db"]) expect(createSiteInput.safeParse({ ...base, name }).success).toBe(true);
  });

  it("needs a well-formed id to update", () => {
    expect(updateSiteInput.safeParse({ ...base, id: "1" }).success).toBe(false);
    expect(updateSiteInput.safeParse({ ...base, id: "8f14e45f-ceea-467a-9c5e-6c3b0b5b3f12" }).success).toBe(true);
  });
});

describe("countries", () => {
  it("lists every ISO 3166 alpha-2 code once, with names", () => {
    expect(COUNTRY_CODES).toHaveLength(249);
    expect(new Set(COUNTRY_CODES).size).toBe(249);
    expect(countryName("GB")).toBe("United Kingdom");
    expect(countryName("DE")).toBe("Germany");
    const options = countryOptions();
    expect(options[0]!.name.localeCompare(options[1]!.name)).toBeLessThan(0);
  });
});
