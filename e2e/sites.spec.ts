import { demoId } from "../lib/demo/ids";
import { expect, expectNoSeriousA11yViolations, signIn, test } from "./fixtures";

test.describe("sites", () => {
  test("siteadmin edits the Manchester site's contact and sees it saved", async ({ page }) => {
    await signIn(page, "siteadmin@acme.example");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sites" }).click();
    await expect(page.getByRole("heading", { name: "Sites", exact: true })).toBeVisible();
    // A site admin of Manchester Branch sees its site and no other.
    const table = page.getByRole("table", { name: "Sites" });
    await expect(table.getByRole("link", { name: "Manchester Branch" })).toBeVisible();
    await expect(table.getByRole("link", { name: "London HQ" })).toHaveCount(0);
    await expectNoSeriousA11yViolations(page);

    await table.getByRole("link", { name: "Manchester Branch" }).click();
    await expect(page.getByRole("heading", { name: "Manchester Branch" })).toBeVisible();
    await expect(page.getByRole("table", { name: "Services at this site" })).toContainText("Business Fibre 1 Gbps");
    await expectNoSeriousA11yViolations(page);
    await page.getByRole("link", { name: "Edit site" }).click();
    await expect(page.getByLabel("Contact name")).toBeVisible();
    await expectNoSeriousA11yViolations(page);

    // A fresh number each run, so the edit is a change even on a database an earlier run touched.
    const phone = `+44 161 496 ${String(Date.now()).slice(-4)}`;
    await page.getByLabel("Contact name").fill("Maya Patel");
    await page.getByLabel("Contact phone").fill(phone);
    await page.getByRole("button", { name: "Save changes" }).click();

    await expect(page.getByText("Changes to “Manchester Branch” saved")).toBeVisible();
    await expect(page).toHaveURL(/\/sites\/[0-9a-f-]+$/);
    await expect(page.getByTestId("contact-name")).toHaveText("Maya Patel");
    await expect(page.getByTestId("contact-phone")).toHaveText(phone);
    await expectNoSeriousA11yViolations(page);
  });

  test("a wrong postcode is shown on its field and nothing is saved", async ({ page }) => {
    await signIn(page, "siteadmin@acme.example");
    await page.goto(`/sites/${demoId("site:manchester")}/edit`);
    await page.getByLabel("Postcode").fill("10117");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByText("Please correct the highlighted fields.")).toBeVisible();
    const postcode = page.getByLabel("Postcode");
    await expect(postcode).toHaveAttribute("aria-invalid", "true");
    await expect(postcode).toHaveAccessibleDescription(/not a valid postcode for United Kingdom \(for example M3 2GP\)/);
    await expect(postcode).toBeFocused();
    await expectNoSeriousA11yViolations(page);
    await page.goto(`/sites/${demoId("site:manchester")}`);
    await expect(page.getByLabel("Postal address")).toContainText("M3 2GP");
  });

  test("siteadmin cannot open London's site", async ({ page }) => {
    await signIn(page, "siteadmin@acme.example");
    const response = await page.goto(`/sites/${demoId("site:london")}`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    const edit = await page.goto(`/sites/${demoId("site:london")}/edit`);
    expect(edit?.status()).toBe(404);
    const malformed = await page.goto("/sites/not-a-site");
    expect(malformed?.status()).toBe(404);
  });

  test("an orderer reads a site without being offered to edit it", async ({ page }) => {
    await signIn(page, "orderer@acme.example");
    await page.goto(`/sites/${demoId("site:london")}`);
    await expect(page.getByRole("heading", { name: "London HQ" })).toBeVisible();
    await expect(page.getByText("Read only")).toBeVisible();
    await expect(page.getByRole("link", { name: "Edit site" })).toHaveCount(0);
    await expect(page.getByRole("table", { name: "Orders for this site" }).getByRole("link", { name: "ORD-1001" })).toBeVisible();
  });

  test("uk.admin creates a site under Edinburgh Data Centre", async ({ page }) => {
    await signIn(page, "uk.admin@acme.example");
    await page.goto("/sites");
    await page.getByRole("link", { name: "New site" }).first().click();
    await expect(page.getByRole("heading", { name: "New site" })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    // The picker offers the UK sub-accounts only.
    const options = await page.getByLabel("Sub-account").locator("option:not([disabled])").allTextContents();
    expect(options.sort()).toEqual(["Edinburgh Data Centre", "London HQ", "Manchester Branch"]);
    await page.getByLabel("Site name").fill("Leith Docks Depot");
    await page.getByLabel("Sub-account").selectOption({ label: "Edinburgh Data Centre" });
    await page.getByLabel("Address line 1").fill("12 Ocean Drive");
    await page.getByLabel("City").fill("Edinburgh");
    await page.getByLabel("Postcode").fill("eh66jj");
    await page.getByLabel("Country").selectOption("GB");
    await page.getByLabel("Contact email").fill("depot@acme.example");
    await page.getByRole("button", { name: "Create site" }).click();
    await expect(page.getByText("Site “Leith Docks Depot” created")).toBeVisible();
    await expect(page.getByRole("heading", { name: "Leith Docks Depot" })).toBeVisible();
    await expect(page.getByLabel("Postal address")).toContainText("EH6 6JJ");
  });
});
