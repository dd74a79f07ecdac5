import { expect, expectNoSeriousA11yViolations, signIn, test } from "./fixtures";

test("csp.admin changes a list price; a customer sees the price negotiated for them against it", async ({ browser }) => {
  const csp = await browser.newPage();
  await signIn(csp, "csp.admin@csp.example");
  await csp.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Catalog" }).click();
  await expect(csp.getByRole("table", { name: "Offerings" })).toContainText("Managed Firewall");
  await expectNoSeriousA11yViolations(csp);
  await csp.getByRole("link", { name: "Edit Managed Firewall" }).click();
  const gbp = csp.getByRole("group", { name: "Price 1" });
  await expect(gbp.getByLabel("Currency")).toHaveValue("EUR");
  // Prices are listed by currency: EUR, GBP, USD. Change the GBP monthly list price.
  await csp.locator("#price-1-monthly").fill("320.00");
  await csp.locator("#price-1-oneOff").fill("ten");
  await csp.getByRole("button", { name: "Save offering" }).click();
  await expect(csp.getByRole("group", { name: "Price 2" }).getByText("Enter an amount such as 50000.00")).toBeVisible();
  await csp.locator("#price-1-oneOff").fill("400.00");
  await expectNoSeriousA11yViolations(csp);
  await csp.getByRole("button", { name: "Save offering" }).click();
  await expect(csp).toHaveURL(/\/catalog$/);
  await expect(csp.getByRole("table", { name: "Offerings" })).toContainText("£320.00");

  const orderer = await browser.newPage();
  await signIn(orderer, "orderer@acme.example");
  await orderer.goto("/catalog");
  const row = orderer.getByRole("row").filter({ hasText: "Managed Firewall" }).filter({ hasText: "£250.00" });
  await expect(row).toContainText("£320.00");
  await expect(row).toContainText("−22%");
  await expectNoSeriousA11yViolations(orderer);
  // The catalog is read-only for customers.
  const response = await orderer.goto("/catalog/new");
  expect(response?.status()).toBe(404);
});
