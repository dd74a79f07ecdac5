import type { Page } from "@playwright/test";
import { expect, expectNoSeriousA11yViolations, signIn, test } from "./fixtures";

/**
 * Onboarding (issue 10) in a real browser: csp.admin@csp.example onboards an enterprise with two
 * legal entities in two currencies through the guided flow, inviting its first admin; the admin
 * follows the invitation from the development outbox, chooses a password and sees exactly that tree.
 * Names are made unique per run, so a retry does not meet the first attempt's enterprise.
 */
const next = (page: Page) => page.getByRole("button", { name: "Next" }).click();
const step = (page: Page, name: string) => expect(page.locator('[aria-current="step"]')).toContainText(name);

test("csp.admin onboards an enterprise with two legal entities in two currencies; its invited admin sees exactly that tree", async ({ page, browser }) => {
  const run = Date.now().toString(36);
  const enterprise = `Northwind ${run}`;
  const adminEmail = `nadia.${run}@northwind.example`;
  await signIn(page, "csp.admin@csp.example");
  await page.goto("/csp");
  await page.getByRole("link", { name: "Onboard an enterprise" }).click();
  await expect(page.getByRole("heading", { name: "Onboard an enterprise", level: 1 })).toBeVisible();

  // 1. The enterprise (a step is checked before the next one opens).
  await step(page, "Enterprise");
  await next(page);
  await expect(page.getByText("Enter the enterprise name")).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await page.getByLabel("Enterprise name").fill(enterprise);
  await next(page);

  // 2. Two legal entities, in GBP and EUR.
  await step(page, "Legal entities");
  await page.getByLabel("Legal entity name").fill(`${enterprise} UK Ltd`);
  await page.getByLabel("Country").selectOption({ label: "United Kingdom" });
  await page.getByLabel("Currency").selectOption("GBP");
  await page.getByRole("button", { name: "Add a legal entity" }).click();
  await page.getByLabel("Legal entity name").nth(1).fill(`${enterprise} France SAS`);
  await page.getByLabel("Country").nth(1).selectOption({ label: "France" });
  await page.getByLabel("Currency").nth(1).selectOption("EUR");
  await expectNoSeriousA11yViolations(page);
  await next(page);

  // 3. A billing account each (currency from the legal entity).
  await step(page, "Billing accounts");
  await expect(page.getByLabel("Currency").nth(1)).toHaveValue("EUR");
  for (const [i, who] of [
    [0, "UK"],
    [1, "FR"],
  ] as const) {
    await page.getByRole("textbox", { name: /^Name \(/ }).nth(i).fill(`${who} billing`);
    await page.getByLabel("Bill-to contact").nth(i).fill("Accounts Payable");
    await page.getByLabel("Bill-to email").nth(i).fill(`ap.${who.toLowerCase()}@northwind.example`);
  }
  await expectNoSeriousA11yViolations(page);
  await next(page);

  // 4. Sub-accounts with their sites.
  await step(page, "Sub-accounts and sites");
  const subs = [
    { name: "Leeds Depot", city: "Leeds", postcode: "LS1 4AP" },
    { name: "Lyon Office", city: "Lyon", postcode: "69002" },
  ];
  for (const [i, s] of subs.entries()) {
    await page.getByRole("textbox", { name: /^Name \(/ }).nth(i).fill(s.name);
    await page.getByLabel("Site name").nth(i).fill(s.name);
    await page.getByRole("textbox", { name: /^Address \(/ }).nth(i).fill("1 High Street");
    await page.getByLabel("City").nth(i).fill(s.city);
    await page.getByLabel("Postcode").nth(i).fill(s.postcode);
  }
  await expectNoSeriousA11yViolations(page);
  await next(page);

  // 5. The first admin and the account manager.
  await step(page, "Admin and account managers");
  await page.getByLabel("Admin's name").fill("Nadia North");
  await page.getByLabel("Admin's email").fill(adminEmail);
  await page.getByLabel(/Alex Morgan/).check();
  await expectNoSeriousA11yViolations(page);
  await next(page);

  // 6. Review, then create.
  await step(page, "Review");
  await expect(page.getByText(`${enterprise} France SAS`)).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await page.getByRole("button", { name: "Create the enterprise and invite its admin" }).click();
  await expect(page.getByRole("heading", { name: enterprise, level: 1 })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText("Alex Morgan")).toBeVisible();
  await expect(page.getByText("(EUR, GBP)")).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // The invitation, from the development outbox.
  await page.goto("/outbox");
  await page.getByRole("row").filter({ hasText: adminEmail }).first().getByRole("link").click();
  const link = (await page.getByRole("link", { name: "Open invitation link" }).getAttribute("href"))!;
  expect(link).toMatch(/\/invitations\/[A-Za-z0-9_-]{43}$/);

  // The admin accepts, in a browser of their own, and sees exactly that tree.
  const admin = await (await browser.newContext()).newPage();
  await admin.goto(link);
  await admin.getByLabel("New password").fill("nadia's first passphrase");
  await admin.getByLabel("Confirm password").fill("nadia's first passphrase");
  await admin.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(admin).toHaveURL(/\/dashboard$/, { timeout: 20_000 });
  await admin.goto("/accounts");
  const main = admin.getByRole("main");
  for (const name of [enterprise, `${enterprise} UK Ltd`, `${enterprise} France SAS`, "UK billing", "FR billing", "Leeds Depot", "Lyon Office"]) {
    await expect(main.getByRole("link", { name, exact: true }).first()).toBeVisible();
  }
  for (const other of ["Acme Corp", "Globex Inc", "London HQ"]) await expect(main.getByText(other)).toHaveCount(0);
  await expectNoSeriousA11yViolations(admin);
  await admin.context().close();
});
