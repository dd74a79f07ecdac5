import { expect, expectNoSeriousA11yViolations, formAlert, signIn, signOut, test } from "./fixtures";

test.describe("scoped visibility", () => {
  test("uk.admin sees the Acme UK subtree and nothing of Acme Germany", async ({ page }) => {
    await signIn(page, "uk.admin@acme.example");
    await page.goto("/accounts");
    const tree = page.getByRole("tree", { name: "Account hierarchy" });
    for (const name of ["Acme UK Ltd", "Acme UK Billing", "London HQ", "Manchester Branch", "Edinburgh Data Centre"]) {
      await expect(tree.getByRole("link", { name, exact: true })).toBeVisible();
    }
    await expect(page.getByText("Acme Germany GmbH")).toHaveCount(0);
    await expect(page.getByText("Berlin Office")).toHaveCount(0);
    await expect(page.getByText("Acme Corp", { exact: true })).toHaveCount(0);
    await expectNoSeriousA11yViolations(page);

    // A node's page: its children and sites.
    await tree.getByRole("link", { name: "Acme UK Ltd", exact: true }).click();
    await expect(page.getByRole("heading", { name: "Acme UK Ltd", level: 1 })).toBeVisible();
    await expect(page.getByRole("table", { name: "Child accounts" })).toContainText("Acme UK Billing");
    await expectNoSeriousA11yViolations(page);
  });

  test("admin@globex.example sees nothing of Acme", async ({ page }) => {
    await signIn(page, "admin@globex.example");
    await expect(page.getByText(/Acme/)).toHaveCount(0);
    await page.goto("/accounts");
    await expect(page.getByRole("link", { name: "Globex Inc", exact: true })).toBeVisible();
    await expect(page.getByText(/Acme/)).toHaveCount(0);
  });

  test("de.billing sees only its billing account", async ({ page }) => {
    await signIn(page, "de.billing@acme.example");
    await page.goto("/accounts");
    const tree = page.getByRole("tree", { name: "Account hierarchy" });
    await expect(tree.getByRole("treeitem", { level: 1 })).toHaveCount(1);
    await expect(tree.getByRole("link", { name: "Acme Germany Billing", exact: true })).toBeVisible();
    await expect(page.getByText("Acme UK")).toHaveCount(0);
    // The navigation offers only what a billing viewer may use.
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Bills" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Users" })).toHaveCount(0);
    await expect(nav.getByRole("link", { name: "Orders" })).toHaveCount(0);
  });

  test("opening a foreign node by URL gives the not-found page", async ({ page }) => {
    await signIn(page, "admin@globex.example");
    await page.goto("/accounts");
    const globexHref = await page.getByRole("link", { name: "Globex Inc", exact: true }).getAttribute("href");
    await signOut(page);

    await signIn(page, "uk.admin@acme.example");
    const response = await page.goto(globexHref!);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    // A malformed id is not found either, not an error.
    const malformed = await page.goto("/accounts/not-a-uuid");
    expect(malformed?.status()).toBe(404);
  });
});

test("a wrong password says nothing about which part was wrong", async ({ page }) => {
  await page.goto("/login");
  await expectNoSeriousA11yViolations(page);
  await page.getByLabel("Email").fill("uk.admin@acme.example");
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByLabel("Password").fill("wrong-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(formAlert(page)).toHaveText("That email and password do not match an active account.");
  await expectNoSeriousA11yViolations(page);
  // An unknown e-mail gets the same password step and the same answer.
  await page.getByRole("button", { name: "Use another e-mail" }).click();
  await page.getByLabel("Email").fill("nobody@acme.example");
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByLabel("Password").fill("wrong-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(formAlert(page)).toHaveText("That email and password do not match an active account.");
});

test("sign-out ends the session", async ({ page }) => {
  await signIn(page, "admin@acme.example");
  await expect(page.getByRole("heading", { name: /Good to see you/ })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await page.getByRole("button", { name: "User menu" }).click();
  await expect(page.getByRole("menuitem", { name: "Sign out" })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await page.keyboard.press("Escape");
  await signOut(page);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/accounts");
  await expect(page).toHaveURL(/\/login/);
});

test("the user menu works from the keyboard: arrows move, Escape closes and gives focus back", async ({ page }) => {
  await signIn(page, "admin@acme.example");
  const button = page.getByRole("button", { name: "User menu" });
  await button.focus();
  await page.keyboard.press("Enter");
  await expect(button).toHaveAttribute("aria-expanded", "true");
  await expect(page.getByRole("menuitem", { name: "Your account and sessions" })).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(page.getByRole("menuitem", { name: "Sign out" })).toBeFocused();
  await page.keyboard.press("ArrowDown"); // wraps
  await expect(page.getByRole("menuitem", { name: "Your account and sessions" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("menu")).toHaveCount(0);
  await expect(button).toBeFocused();
  // A click elsewhere closes it too; the account item navigates.
  await button.click();
  await page.getByRole("heading", { level: 1 }).click();
  await expect(page.getByRole("menu")).toHaveCount(0);
  await button.click();
  await page.getByRole("menuitem", { name: "Your account and sessions" }).click();
  await expect(page).toHaveURL(/\/me$/);
});

test("the dashboard shows what needs attention, each item a link", async ({ page }) => {
  await signIn(page, "approver@acme.example");
  const awaiting = page.getByRole("region", { name: "Orders awaiting approval" });
  await expect(awaiting.getByRole("link", { name: /ORD-1003/ })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  // The approver's own limit covers it; orders above the limit or in EUR are not offered.
  await awaiting.getByRole("link", { name: /ORD-1003/ }).click();
  await expect(page.getByRole("heading", { name: "Order ORD-1003" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Order lines" })).toContainText("Business Fibre 1 Gbps");
  await expectNoSeriousA11yViolations(page);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Orders" }).click();
  await expect(page.getByRole("table", { name: "Orders" }).getByRole("link", { name: /ORD-1003/ })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});

test("a billing viewer opens a bill from the list and sees its lines and split", async ({ page }) => {
  await signIn(page, "billing@acme.example");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Bills" }).click();
  await expect(page.getByRole("heading", { name: "Bills", level: 1 })).toBeVisible();
  const bills = page.getByRole("table", { name: "Bills" });
  await expect(bills.locator("tbody tr").first()).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await bills.locator("tbody a").first().click();
  await expect(page).toHaveURL(/\/bills\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("table", { name: "Bill lines" }).locator("tbody tr").first()).toBeVisible();
  await expect(page.getByRole("table", { name: "Split by cost centre" })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});

test("health says the process is alive; readiness says the database is reachable and migrated", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({ status: "ok" });
  const ready = await request.get("/api/ready");
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toEqual({ status: "ready", database: "ok", migrations: "current" });
});
