import { describe, expect, it } from "vitest";
import { onboardInput } from "./schema";

const site = { name: "Leeds Depot", addressLine1: "1 High Street", city: "Leeds", postcode: "ls1 4ap", countryCode: "GB" };
const valid = () => ({
  enterprise: { name: "Northwind", code: "" },
  legalEntities: [
    {
      name: "Northwind UK Ltd",
      countryCode: "gb",
      currency: "GBP",
      registrationNumber: "",
      taxId: "",
      billingAccounts: [
        { name: "UK billing", code: "", currency: "GBP", paymentTerms: "net_30", billingCycle: "monthly", billToName: "AP", billToEmail: "AP@Northwind.example", subAccounts: [{ name: "Leeds", code: "", kind: "site", site }] },
      ],
    },
  ],
  admin: { name: "Nadia", email: " Nadia@Northwind.EXAMPLE " },
  accountManagerIds: [],
});

const issues = (input: unknown) => {
  const r = onboardInput.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("the onboarding payload", () => {
  it("takes a whole tree; blanks become null, addresses and countries are tidied", () => {
    const parsed = onboardInput.parse(valid());
    expect(parsed.enterprise.code).toBeNull();
    expect(parsed.admin.email).toBe("nadia@northwind.example");
    expect(parsed.legalEntities[0]!.countryCode).toBe("GB");
    expect(parsed.legalEntities[0]!.billingAccounts[0]!.billToEmail).toBe("ap@northwind.example");
    expect(parsed.legalEntities[0]!.billingAccounts[0]!.subAccounts[0]!.site).toMatchObject({ city: "Leeds" });
  });

  it("needs at least one of each level", () => {
    const v = valid();
    expect(issues({ ...v, legalEntities: [] })).toEqual(["legalEntities: Add at least one legal entity"]);
    v.legalEntities[0]!.billingAccounts[0]!.subAccounts = [];
    expect(issues(v)).toEqual(["legalEntities.0.billingAccounts.0.subAccounts: Add at least one sub-account"]);
  });

  it.each([
    ["a currency the CSP does not bill in", (v: ReturnType<typeof valid>) => void (v.legalEntities[0]!.billingAccounts[0]!.currency = "JPY"), "legalEntities.0.billingAccounts.0.currency"],
    ["unknown payment terms", (v: ReturnType<typeof valid>) => void (v.legalEntities[0]!.billingAccounts[0]!.paymentTerms = "net_45"), "legalEntities.0.billingAccounts.0.paymentTerms"],
    ["an unknown country", (v: ReturnType<typeof valid>) => void (v.legalEntities[0]!.countryCode = "XX"), "legalEntities.0.countryCode"],
    ["a postcode that does not fit the country", (v: ReturnType<typeof valid>) => void (v.legalEntities[0]!.billingAccounts[0]!.subAccounts[0]!.site = { ...site, postcode: "75001" }), "legalEntities.0.billingAccounts.0.subAccounts.0.site.postcode"],
    ["a bad admin address", (v: ReturnType<typeof valid>) => void (v.admin.email = "nadia"), "admin.email"],
    ["the same account manager twice", (v: ReturnType<typeof valid>) => void (v.accountManagerIds = ["3f1c2b4a-1111-4222-8333-444455556666", "3f1c2b4a-1111-4222-8333-444455556666"] as never), "accountManagerIds"],
    ["two sub-accounts of one name", (v: ReturnType<typeof valid>) => void v.legalEntities[0]!.billingAccounts[0]!.subAccounts.push({ name: "LEEDS", code: "", kind: "department", site: null as never }), "legalEntities.0.billingAccounts.0.subAccounts.1.name"],
  ])("refuses %s, where it is", (_what, change, path) => {
    const v = valid();
    change(v);
    expect(issues(v).map((i) => i.split(":")[0])).toEqual([path]);
  });
});
