import type { Browser, Page } from "@playwright/test";
import { DEMO_PASSWORD, expect, expectNoSeriousA11yViolations, signIn, signOut, test } from "./fixtures";

/** DESIGN.md rule 5 in a real browser: the session row, not the cookie, decides. */

async function signedInPage(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

const toasts = (page: Page) => page.getByRole("region", { name: /Notifications/ });

/** A second browser that holds a copy of the first one's cookies (a stolen or shared cookie). */
async function copyOf(browser: Browser, page: Page): Promise<Page> {
  const context = await browser.newContext();
  await context.addCookies(await page.context().cookies());
  return context.newPage();
}

test("a copied session cookie stops working after sign-out", async ({ browser, page }) => {
  await signIn(page, "siteadmin@acme.example");
  const thief = await copyOf(browser, page);
  await thief.goto("/sites");
  await expect(thief.getByRole("heading", { name: "Sites", level: 1 })).toBeVisible();
  await signOut(page);
  await thief.goto("/sites");
  await expect(thief).toHaveURL(/\/login/);
  await thief.context().close();
});

test("the account page lists where you are signed in, and you can end the other sessions", async ({ browser, page }) => {
  const laptop = await signedInPage(browser, "de.billing@acme.example");
  await signIn(page, "de.billing@acme.example");
  await page.getByRole("button", { name: "User menu" }).click();
  await page.getByRole("menuitem", { name: "Your account and sessions" }).click();
  await expect(page.getByRole("heading", { name: "Your account", level: 1 })).toBeVisible();
  const sessions = page.getByRole("table", { name: "Your open sessions" });
  await expect(sessions.getByText("This browser")).toBeVisible();
  // This browser and the laptop at least (other journeys may have left sessions of this user open).
  await expect(sessions.getByRole("button", { name: /^End the session on/ }).first()).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await page.getByRole("button", { name: "Sign out everywhere else" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Sign them out" }).click();
  await expect(toasts(page).getByText(/sessions? (was|were) ended/)).toBeVisible();
  await expect(sessions.getByRole("row")).toHaveCount(2);

  await laptop.goto("/bills");
  await expect(laptop).toHaveURL(/\/login/);
  // This browser is still signed in.
  await page.goto("/bills");
  await expect(page.getByRole("heading", { name: "Bills", level: 1 })).toBeVisible();
  await laptop.context().close();
});

test("an admin signs a person out everywhere from their user page", async ({ browser, page }) => {
  const approver = await signedInPage(browser, "approver@acme.example");
  await signIn(page, "uk.admin@acme.example");
  await page.goto("/users");
  await page.getByRole("link", { name: "April Prover" }).first().click();
  await page.getByRole("button", { name: /End sessions/ }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "End sessions" }).click();
  await expect(toasts(page).getByText(/sessions? of April Prover ended/)).toBeVisible();
  await approver.goto("/orders");
  await expect(approver).toHaveURL(/\/login/);
  await approver.context().close();
});

test("a password change signs out the other sessions and the new password works", async ({ browser, page }) => {
  const other = await signedInPage(browser, "finance@acme.example");
  await signIn(page, "finance@acme.example");
  await page.goto("/me");
  const form = page.getByRole("region", { name: "Change password" });
  await form.getByLabel("Current password").fill("not my password");
  await form.getByLabel("New password", { exact: true }).fill("correct horse battery staple");
  await form.getByLabel("Confirm new password").fill("correct horse battery staple");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByText("Your current password is not right.")).toBeVisible();

  await form.getByLabel("Current password").fill(DEMO_PASSWORD);
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(toasts(page).getByText(/Your password was changed/).first()).toBeVisible();
  await other.goto("/dashboard");
  await expect(other).toHaveURL(/\/login/);

  // Put the demo password back, so the other journeys can sign in as finance.
  await form.getByLabel("Current password").fill("correct horse battery staple");
  await form.getByLabel("New password", { exact: true }).fill(DEMO_PASSWORD);
  await form.getByLabel("Confirm new password").fill(DEMO_PASSWORD);
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(toasts(page).getByText(/Your password was changed/).first()).toBeVisible();
  await other.context().close();
});
